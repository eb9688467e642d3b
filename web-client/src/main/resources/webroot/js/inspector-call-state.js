// What the inspector's page knows of the call it is in (#/call/<id>), shared by the call's modules:
// inspector-call.js (joining, the view), inspector-own-media.js (microphone and camera) and
// inspector-call-end.js (ending or leaving it).
import { setText } from './i18n.js';
import { $ } from './dom.js';

export const call = {
  client: null, remote: null, quality: null, sessionId: null, mic: null, cam: null, over: false, session: null, ended: null,
  lost: new Set(), // kinds ('audio', 'video') of own devices that stopped during the call
};

/** The warnings about publishing that the client's own retry makes out of date once it gets through. */
export const PUBLISH_PROBLEMS = new Set(['call.mediaUnavailable', 'call.publishFailed']);

export function showCallProblem(key) {
  const w = $('#media-warning');
  setText(w, key);
  w.hidden = false;
}
