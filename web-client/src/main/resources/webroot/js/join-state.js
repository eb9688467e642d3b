// What the contractor's page (join.js) shares among its parts: the invitation token from the link, the
// phone's camera, what the call has going, the tab handover, and how the call's media is stopped.
import { tokenInvitation } from './api.js';
import { Camera } from './media.js';
import { TabHandover } from './tab-handover.js';
import { testWaitMs } from './call-ui.js';

/** How long the lobby (the session's details) may take to load before the page says it cannot connect. */
export const LOBBY_TIMEOUT_MS = testWaitMs('lobbyTimeout', 15000);
export const FATAL = new Set(['token-expired', 'token-revoked', 'token-not-yet-valid', 'token-invalid', 'session-closed']);

export const token = readToken();
export const camera = new Camera({ facing: 'environment' });
export const call = { client: null, remote: null, quality: null, releaseScreen: null, joined: false, over: false,
  stills: null, pointing: null,
  publishProblem: null, cameraProblem: null }; // i18n keys of what #media-warning says, if anything
/** What the server said about this link (the session, who is invited, in which role); null before it answered. */
export const guest = { lobby: null };

/** What this tab does when another tab of the link takes over (join-lobby.js's giveWay, set by join.js at start). */
let takenAway = () => {};

export function onTakenAway(fn) {
  takenAway = fn;
}

// one holder per invitation: a link sent again (another token of the same invitation) is the same person
export const handover = new TabHandover('join:' + (tokenInvitation(token) ?? token), () => takenAway());

function readToken() {
  let raw = location.hash.replace(/^#/, '');
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep as is
  }
  return raw.trim();
}

/** Nothing of the call goes on in this page: camera, microphone, photos, marks, screen lock, stats. */
export function stopMedia() {
  call.quality?.stop();
  call.releaseScreen?.();
  call.releaseScreen = null;
  call.remote?.clear();
  call.stills?.cancel();
  call.pointing?.clear();
  camera.stop();
  handover.release();
}

export function cameraErrorKey(e) {
  switch (e?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'camera.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'camera.notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'camera.busy';
    case 'NotSupportedError':
      return 'camera.unsupported';
    default:
      return 'camera.failed';
  }
}
