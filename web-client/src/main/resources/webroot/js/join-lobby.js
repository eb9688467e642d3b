// The contractor's lobby: what, when, where and who, the rear camera's preview (opened once this tab
// holds the link: tab-handover.js), paused when the phone lies untouched; a browser that cannot call is
// told so, with the link to copy into one that can. Another tab taking over stops everything here.
import { api } from './api.js';
import { t, setText } from './i18n.js';
import { $, showView, play, copyText } from './dom.js';
import { formatRange } from './time.js';
import { LOBBY_TIMEOUT_MS, token, camera, call, guest, handover, stopMedia, cameraErrorKey } from './join-state.js';
import { showError } from './join-screens.js';
import { testWaitMs } from './call-ui.js';

/**
 * After another tab let go of the camera, a phone may take a moment to free it (the old tab's stop()
 * returns before the device is closed): a busy camera is asked for again this often, this long apart.
 */
const BUSY_AFTER_HANDOVER_TRIES = 5;
const BUSY_AFTER_HANDOVER_MS = 400;

let idleWatch = null;
let idleTimer = null;

export async function loadLobby() {
  try {
    // on a dead mobile link the page would otherwise say 読み込み中… for minutes; the error view says to move and reload
    guest.lobby = await api('/api/guest/session', { invitation: token, timeoutMs: LOBBY_TIMEOUT_MS });
  } catch (e) {
    showError(e.code || 'network');
    return;
  }
  renderLobby();
  showView('view-lobby', { focus: false });
  startPreview();
}

export function renderLobby() {
  const lobby = guest.lobby;
  const s = lobby.session;
  $('#lobby-contract').textContent = s.contractName;
  $('#lobby-type').textContent = t('type.' + s.inspectionType);
  $('#lobby-when').textContent = formatRange(s.windowStart, s.windowEnd);
  $('#lobby-place').textContent = s.place || '—';
  $('#lobby-inspector').textContent = s.inspectorName;
  $('#lobby-you').textContent = `${lobby.participantName}（${t('role.' + lobby.role)}）`;
}

export async function startPreview() {
  const status = $('#preview-status');
  $('#preview-retry').hidden = true;
  setText(status, 'lobby.cameraStarting');
  let claimed = false;
  try {
    if (!browserCanCall()) {
      throw new DOMException('this browser gives pages no camera or no WebRTC', 'NotSupportedError');
    }
    const otherLetGo = await handover.claim();
    claimed = true;
    if (!handover.holding) {
      return false; // a tab opened meanwhile took the link over: this one says so
    }
    const stream = await openCamera(otherLetGo);
    const v = $('#lobby-preview');
    v.srcObject = stream;
    play(v);
    setText(status, camera.facing === 'environment' ? 'lobby.cameraRear' : 'lobby.cameraFront');
    status.classList.remove('form-error');
    pauseCameraWhenIdle();
    return true;
  } catch (e) {
    if (claimed && !handover.holding) {
      return false; // given up to a newer tab while it opened: this page says so already
    }
    const key = cameraErrorKey(e);
    setText(status, key);
    status.classList.add('form-error');
    // trying again in the same browser cannot help: the way out is another browser, with this link
    $('#preview-retry').hidden = key === 'camera.unsupported';
    $('#preview-copy').hidden = key !== 'camera.unsupported';
    return false;
  }
}

async function openCamera(otherTabLetGo) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await camera.open();
    } catch (e) {
      const busy = e?.name === 'NotReadableError' || e?.name === 'AbortError';
      if (!otherTabLetGo || !busy || attempt >= BUSY_AFTER_HANDOVER_TRIES || !handover.holding) {
        throw e;
      }
      await new Promise(resolve => setTimeout(resolve, BUSY_AFTER_HANDOVER_MS));
    }
  }
}

/**
 * Another tab of this link (opened later, or taking it back) wants the camera: this one stops its
 * camera and microphone at once (on a phone only one page can have them), leaves the call and says so,
 * with a button to take it back here. Called before that tab is answered.
 */
export function giveWay() {
  const client = call.client;
  stopMedia();
  clearTimeout(idleTimer);
  $('#lobby-preview').srcObject = null;
  $('#self-view').srcObject = null;
  if (client && client.state !== 'closed' && client.state !== 'idle') {
    client.leave().catch(() => {}); // 'left' is not shown: the message below says why
  }
  showError('replaced');
}

/**
 * A phone left in the lobby, waiting in the sun for the inspector, keeps its camera running, heats up
 * and drains: after a few minutes without a touch the preview stops. 「参加する」 opens it again, as
 * after any stopped camera; so does 「カメラをもう一度試す」.
 */
function pauseCameraWhenIdle() {
  if (!idleWatch) {
    const idleMs = testWaitMs('lobbyIdle', 3 * 60 * 1000);
    idleWatch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(pauseLobbyCamera, idleMs);
    };
    ['pointerdown', 'keydown'].forEach(type => document.addEventListener(type, idleWatch, { passive: true }));
  }
  idleWatch();
}

function pauseLobbyCamera() {
  if (call.joined || call.over || !camera.stream || $('#view-lobby').hidden) {
    return;
  }
  camera.stop();
  $('#lobby-preview').srcObject = null;
  const status = $('#preview-status');
  setText(status, 'lobby.cameraPaused');
  status.classList.remove('form-error');
  $('#preview-retry').hidden = false;
}

/**
 * Whether this browser lets a page use the camera and send it: an app's built-in browser (LINE, a
 * mail app), a very old one or a page not opened over https does not.
 */
function browserCanCall() {
  return typeof navigator.mediaDevices?.getUserMedia === 'function' && typeof window.RTCPeerConnection === 'function';
}

/** The link to paste into Safari or Chrome, from a browser that cannot use the camera. */
export async function copyLink() {
  const done = $('#preview-copied');
  setText(done, (await copyText(location.href)) ? 'lobby.linkCopied' : 'lobby.linkNotCopied');
  done.hidden = false;
}
