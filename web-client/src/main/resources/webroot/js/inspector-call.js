// The call on the inspector's desk (#/call/<id>): joins the session's call, shows the site's video on the
// stage (the contractor's phone) with the others as tiles, the recording and connection state, chat,
// participants, remote stills and pointing on the video. Own microphone and camera: inspector-own-media.js;
// ending the session or leaving: inspector-call-end.js.
import { RinjoClient } from './rinjo-client.js';
import { seg } from './api.js';
import { t, setText } from './i18n.js';
import { $, showView } from './dom.js';
import { inspectorStills } from './inspector-stills.js';
import { recordingIndicator, reconnectBanner, qualityMonitor, chatPanel, participantsList, RemoteMedia } from './call-ui.js';
import { pointOnSiteVideo } from './pointer-inspector.js';
import { pickStage } from './stage-picker.js';
import { isOpen } from './inspector-list.js';
import { call, PUBLISH_PROBLEMS, showCallProblem } from './inspector-call-state.js';
import { wireOwnMedia, publishOwn, openMic, showDeviceWarning, setMicButton, setCameraButton } from './inspector-own-media.js';
import { wireEndDialog, showEnded, stopCallMedia, leaveCall } from './inspector-call-end.js';

/** Set by installCall: ctx.getAuth is the login, ctx.call the API with it. */
let ctx = null;

/**
 * @param ctx.getAuth the login; ctx.call the API with it (a lapsed login brings the login form back);
 *     ctx.cameFromSession whether the session's page was shown before (the leave button goes back to it)
 * @returns {{state: object, start: (sessionId: string) => Promise<void>, leave: () => void}}
 */
export function installCall(context) {
  ctx = context;
  wireOwnMedia();
  $('#btn-leave').addEventListener('click', () => {
    location.hash = ctx.cameFromSession() ? '#/session/' + encodeURIComponent(call.sessionId) : '#/';
  });
  wireEndDialog(ctx);
  $('#audio-resume').addEventListener('click', () => {
    call.remote?.resumeAudio();
    $('#audio-resume').hidden = true;
  });
  wireFullScreen();
  // the title is drawn again in the new language from the session kept
  window.addEventListener('langchange', () => {
    if (call.session) {
      renderCallTitle();
    }
  });
  return { state: call, start: startCall, leave: leaveCall };
}

async function startCall(sessionId) {
  if (call.client && !call.over) {
    leaveCall();
  }
  Object.assign(call, { client: null, remote: null, quality: null, sessionId, mic: null, cam: null, over: false, session: null, ended: null });
  call.lost.clear();
  showDeviceWarning();
  showView('view-call', { focus: false });
  $('#call-title').textContent = '';
  $('#media-warning').hidden = true;
  $('#chat-log').replaceChildren();
  let session;
  try {
    session = await ctx.call(`/api/sessions/${seg(sessionId)}`);
  } catch (e) {
    showCallProblem('call.loadFailed');
    return;
  }
  call.session = session;
  renderCallTitle();
  if (!isOpen(session)) {
    showEnded({ status: session.status, result: session.result?.kind, note: session.result?.note });
    return;
  }
  try {
    call.mic = await openMic();
  } catch {
    showCallProblem('call.micFailed');
  }
  const client = call.client = new RinjoClient({ auth: ctx.getAuth().token, sessionId });
  window.__rinjo?.attach(client);
  const roleOf = id => client.participants.get(id)?.role;
  const remote = call.remote = new RemoteMedia({
    main: $('#remote-main'), placeholder: $('#remote-placeholder'), tiles: $('#remote-tiles'), audio: $('#remote-audio'),
    onAudioBlocked: () => { $('#audio-resume').hidden = false; },
    onLayout: () => {
      pickStage($('#stage-picker'), $('#remote-tiles'), remote, client);
      call.stills?.relabel(); // the still is taken of the video on the stage
    },
  }, client, id => roleOf(id) === 'CONTRACTOR');
  call.remote.clear();
  pointOnSiteVideo($('#remote-main'), client);
  recordingIndicator($('#rec-indicator'), client);
  reconnectBanner($('#reconnect-banner'), client);
  chatPanel({ log: $('#chat-log'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status') }, client);
  participantsList($('#participants'), client);
  call.stills?.stop();
  call.stills = inspectorStills({ button: $('#btn-still'), status: $('#still-status'), list: $('#still-list') }, client,
    {
      thumbnail: id => `/api/sessions/${seg(sessionId)}/stills/${seg(id)}/thumbnail`,
      full: id => `/api/sessions/${seg(sessionId)}/stills/${seg(id)}`,
    },
    () => ctx.call(`/api/sessions/${seg(sessionId)}/stills`), () => remote.stageChoices());
  // the client retries a publication no media node took: once it is up, its warning is out of date
  client.addEventListener('publishState', e => {
    const w = $('#media-warning');
    if (e.detail.state === 'connected' && PUBLISH_PROBLEMS.has(w.dataset.i18n)) {
      w.hidden = true;
    }
  });
  client.addEventListener('session', e => {
    if (e.detail.status === 'ENDED' || e.detail.status === 'CANCELLED') {
      showEnded(e.detail);
    }
  });
  client.addEventListener('state', e => {
    if (e.detail.state === 'closed' && !call.over && client === call.client && e.detail.reason !== 'left') {
      if (e.detail.reason?.startsWith('session-')) {
        showEnded({ status: e.detail.reason === 'session-ended' ? 'ENDED' : 'CANCELLED' });
      } else {
        if (e.detail.reason === 'replaced') {
          // the call goes on in another tab or on another computer: the camera and microphone are its now
          stopCallMedia();
          call.mic = null;
          call.cam = null;
          setCameraButton(false);
        }
        showCallProblem(e.detail.reason === 'replaced' ? 'call.replaced'
          : e.detail.reason === 'token-revoked' ? 'call.loginEnded' : 'call.disconnected');
      }
    }
  });
  try {
    await client.connect();
  } catch (e) {
    showCallProblem(e.code === 'session-closed' ? 'call.sessionClosed' : 'call.connectFailed');
    return;
  }
  const heading = $('#call-title');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  call.quality = qualityMonitor($('#quality'), client, 'receive');
  setMicButton(false);
  setCameraButton(false);
  if (call.mic) {
    await publishOwn();
  }
}

function renderCallTitle() {
  $('#call-title').textContent = `${call.session.contractName} — ${t('type.' + call.session.inspectionType)}`;
}

/**
 * 全画面: the site video (its container, so the button stays on it) fills the screen, by the button or
 * a double-click on the picture; the button, a double-click or Escape (the browser's own) leaves.
 */
function wireFullScreen() {
  const stage = $('#remote-main');
  const button = $('#btn-fullscreen');
  if (!document.fullscreenEnabled) {
    button.hidden = true;
    return;
  }
  const toggle = () => (document.fullscreenElement ? document.exitFullscreen() : stage.requestFullscreen())
    .catch(() => {}); // refused (no user gesture, or a policy): the video stays as it is
  button.addEventListener('click', toggle);
  stage.addEventListener('dblclick', e => {
    if (!e.target.closest('button')) {
      toggle();
    }
  });
  document.addEventListener('fullscreenchange', () => {
    setText(button, document.fullscreenElement === stage ? 'insp.fullscreenExit' : 'insp.fullscreen');
  });
}
