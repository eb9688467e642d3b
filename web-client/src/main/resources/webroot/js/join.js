// The contractor's page (受注者): opened from the invitation link https://host/join/#<token> on a
// phone. Lobby (what, when, who, the recording notice, rear-camera preview) → call (publishes the
// camera and microphone, hears the inspector) → end screen. Clear screens for a link that is expired,
// withdrawn, not open yet or whose session is over. One tab of the link at a time holds the camera and
// the call: a tab opened later takes them over (tab-handover.js), and the older one can take them back.
import { RinjoClient } from './rinjo-client.js';
import { api, tokenWindow, tokenInvitation } from './api.js';
import { t, setText, clearText, applyI18n, installLangToggle } from './i18n.js';
import { $, showView, play, copyText, markStarted } from './dom.js';
import { formatRange, formatDateTime } from './time.js';
import { Camera, keepScreenOn } from './media.js';
import { phoneStills } from './phone-stills.js';
import {
  recordingIndicator, reconnectBanner, qualityMonitor, chatPanel, RemoteMedia, installTestHookIfAsked, testWaitMs,
} from './call-ui.js';
import { showPointing } from './pointer-contractor.js';
import { TabHandover } from './tab-handover.js';

/** How long the lobby (the session's details) may take to load before the page says it cannot connect. */
const LOBBY_TIMEOUT_MS = testWaitMs('lobbyTimeout', 15000);
const FATAL = new Set(['token-expired', 'token-revoked', 'token-not-yet-valid', 'token-invalid', 'session-closed']);
/**
 * After another tab let go of the camera, a phone may take a moment to free it (the old tab's stop()
 * returns before the device is closed): a busy camera is asked for again this often, this long apart.
 */
const BUSY_AFTER_HANDOVER_TRIES = 5;
const BUSY_AFTER_HANDOVER_MS = 400;

const token = readToken();
const camera = new Camera({ facing: 'environment' });
const call = { client: null, remote: null, quality: null, releaseScreen: null, joined: false, over: false,
  stills: null, pointing: null,
  publishProblem: null, cameraProblem: null }; // i18n keys of what #media-warning says, if anything
// one holder per invitation: a link sent again (another token of the same invitation) is the same person
const handover = new TabHandover('join:' + (tokenInvitation(token) ?? token), giveWay);
let lobby = null;
let notYetTimer = null;
let idleWatch = null;
let idleTimer = null;
let opensAt = 0;
let reloadWhenLookedAt = null;

function readToken() {
  let raw = location.hash.replace(/^#/, '');
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep as is
  }
  return raw.trim();
}

async function main() {
  applyI18n();
  installLangToggle($('#lang-toggle'));
  installTestHookIfAsked(() => call);
  $('#error-retry').addEventListener('click', () => location.reload());
  $('#error-takeback').addEventListener('click', takeBack);
  $('#preview-retry').addEventListener('click', startPreview);
  $('#preview-copy').addEventListener('click', copyLink);
  $('#join-button').addEventListener('click', join);
  $('#media-restart').addEventListener('click', restartMedia);
  camera.addEventListener('trackstate', onTrackState);
  followShot($('#lobby-preview'), $('#lobby-preview'));
  followShot($('#self-view'), $('#self-toggle'));
  $('#rejoin').addEventListener('click', () => location.reload());
  window.addEventListener('langchange', () => lobby && renderLobby());
  // texts with a translated word or a formatted time inside are drawn again in the new language
  window.addEventListener('langchange', () => {
    if (!$('#view-end').hidden) {
      showResult($('#view-end').dataset.status, $('#view-end').dataset.result);
    }
    if (!$('#view-error').hidden) {
      showErrorTime($('#view-error').dataset.code);
    }
  });
  if (!/^[a-z0-9]{1,8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
    showError('token-invalid');
    return;
  }
  await loadLobby();
}

async function loadLobby() {
  try {
    // on a dead mobile link the page would otherwise say 読み込み中… for minutes; the error view says to move and reload
    lobby = await api('/api/guest/session', { invitation: token, timeoutMs: LOBBY_TIMEOUT_MS });
  } catch (e) {
    showError(e.code || 'network');
    return;
  }
  renderLobby();
  showView('view-lobby', { focus: false });
  startPreview();
}

function renderLobby() {
  const s = lobby.session;
  $('#lobby-contract').textContent = s.contractName;
  $('#lobby-type').textContent = t('type.' + s.inspectionType);
  $('#lobby-when').textContent = formatRange(s.windowStart, s.windowEnd);
  $('#lobby-place').textContent = s.place || '—';
  $('#lobby-inspector').textContent = s.inspectorName;
  $('#lobby-you').textContent = `${lobby.participantName}（${t('role.' + lobby.role)}）`;
}

async function startPreview() {
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
function giveWay() {
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

/** 「この画面で続ける」: the same handover the other way; back into the call if this tab was in it. */
async function takeBack() {
  const button = $('#error-takeback');
  button.disabled = true;
  const wasInCall = call.joined && !call.over;
  showView('view-lobby', { focus: false });
  if ((await startPreview()) && wasInCall) {
    await join();
  }
}

/**
 * A phone left in the lobby, waiting in the sun for the inspector, keeps its camera running, heats up
 * and drains: after a few minutes without a touch the preview stops. 「参加する」 opens it again, as
 * after any stopped camera; so does 「カメラをもう一度試す」.
 */
function pauseCameraWhenIdle() {
  if (!idleWatch) {
    const test = new URLSearchParams(location.search);
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
async function copyLink() {
  const done = $('#preview-copied');
  setText(done, (await copyText(location.href)) ? 'lobby.linkCopied' : 'lobby.linkNotCopied');
  done.hidden = false;
}

function cameraErrorKey(e) {
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

async function join() {
  const button = $('#join-button');
  const err = $('#join-error');
  clearText(err);
  // one dead track is enough: publishing a stream whose camera has ended sends no video at all
  if (!camera.stream || camera.lost.size || camera.stream.getTracks().some(tr => tr.readyState === 'ended')) {
    if (!(await startPreview())) {
      setText(err, 'lobby.needCamera');
      return;
    }
  }
  button.disabled = true;
  setText(button, 'lobby.joining');
  if (!call.client) {
    call.client = new RinjoClient({ invitation: token });
    window.__rinjo?.attach(call.client);
    wireCall(call.client);
  }
  const client = call.client;
  try {
    await client.connect();
  } catch (e) {
    button.disabled = false;
    setText(button, 'lobby.join');
    if (FATAL.has(e.code)) {
      showError(e.code);
    } else {
      setText(err, 'lobby.connectFailed');
    }
    return;
  }
  call.joined = true;
  showView('view-call');
  showSelf();
  updateCameraControls();
  renderMediaWarning();
  call.releaseScreen = keepScreenOn();
  call.quality = qualityMonitor($('#quality'), client, 'send');
  try {
    await client.publish(camera.stream);
  } catch (e) {
    if (client.state !== 'closed') {
      call.publishProblem = e.code === 'media-unavailable' ? 'call.mediaUnavailable' : 'call.publishFailed';
      renderMediaWarning();
    }
  }
}

/**
 * What #media-warning says: a lost camera or microphone first (with the button that opens it again),
 * else why nothing is being published; hidden when all is well.
 */
function renderMediaWarning() {
  const w = $('#media-warning');
  const text = $('#media-warning-text');
  const restart = $('#media-restart');
  const lost = camera.lost;
  if (lost.size) {
    const stopped = lost.has('video') ? (lost.has('audio') ? 'call.cameraMicStopped' : 'call.cameraStopped') : 'call.micStopped';
    setText(text, call.cameraProblem ?? stopped);
    setText(restart, lost.has('video') ? 'call.restartCamera' : 'call.restartMic');
    restart.hidden = false;
    w.dataset.problem = stopped;
  } else if (call.cameraProblem || call.publishProblem) {
    setText(text, call.cameraProblem ?? call.publishProblem);
    restart.hidden = true;
    w.dataset.problem = call.cameraProblem ?? call.publishProblem;
  } else {
    clearText(text);
    restart.hidden = true;
    delete w.dataset.problem;
  }
  w.hidden = !w.dataset.problem;
}

/** The phone took the camera or microphone away (or gave it back): say so, in the lobby or the call. */
function onTrackState() {
  if (call.over) {
    return;
  }
  if (!call.joined) {
    const status = $('#preview-status');
    const lost = camera.lost.size > 0;
    setText(status, lost ? 'lobby.cameraStopped' : camera.facing === 'environment' ? 'lobby.cameraRear' : 'lobby.cameraFront');
    status.classList.toggle('form-error', lost);
    $('#preview-retry').hidden = !lost;
    return;
  }
  if (!camera.lost.size) {
    call.cameraProblem = null;
  }
  renderMediaWarning();
}

/**
 * A photo may reconfigure the camera (takePhoto on some phones): a camera that ended, or that stays
 * muted past the usual grace, is opened again into the call without the contractor's tap.
 */
async function recoverCameraAfterPhoto() {
  if (!camera.lost.has('video')) {
    await new Promise(resolve => {
      const timer = setTimeout(resolve, 5000);
      camera.addEventListener('trackstate', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
  if (camera.lost.has('video') && !call.over && handover.holding) {
    await restartMedia();
  }
}

/** One tap: opens the lost camera or microphone again and sends it on the same connection. */
async function restartMedia() {
  const b = $('#media-restart');
  b.disabled = true;
  try {
    const tracks = await camera.restart();
    camera.setMicEnabled($('#btn-mic').getAttribute('aria-pressed') !== 'true');
    if (call.client?.localStream) {
      for (const track of tracks) {
        await call.client.replaceTrack(track); // no renegotiation: the node keeps recording the same stream
      }
    }
    showSelf();
    updateCameraControls();
    call.cameraProblem = null;
  } catch (e) {
    call.cameraProblem = cameraErrorKey(e);
  } finally {
    b.disabled = false;
    renderMediaWarning();
  }
}

/**
 * Gives the box the picture's shape (--shot-ratio), so that the contractor sees all of what is sent
 * and recorded; it changes when the phone turns or the other camera is used.
 */
function followShot(video, box) {
  const fit = () => {
    if (video.videoWidth && video.videoHeight) {
      box.style.setProperty('--shot-ratio', `${video.videoWidth} / ${video.videoHeight}`);
    }
  };
  video.addEventListener('loadedmetadata', fit);
  video.addEventListener('resize', fit);
}

function showSelf() {
  const self = $('#self-view');
  self.srcObject = camera.stream;
  play(self);
  self.classList.toggle('mirrored', camera.facing === 'user');
}

function wireCall(client) {
  const inspectorIds = () => [...client.participants.values()].filter(p => p.role === 'INSPECTOR').map(p => p.participantId);
  call.remote = new RemoteMedia({
    main: $('#remote-main'), placeholder: $('#remote-placeholder'), tiles: $('#remote-tiles'), audio: $('#remote-audio'),
    onAudioBlocked: () => { $('#audio-resume').hidden = false; },
  }, client, id => inspectorIds().includes(id));
  recordingIndicator($('#rec-indicator'), client);
  reconnectBanner($('#reconnect-banner'), client);
  call.pointing = showPointing(client, { view: $('#self-view'), host: $('#self-toggle'), live: $('.call-contractor .stage') });
  // stills are the contractor's (the server takes them from no other guest, e.g. an observer on a phone)
  $('#btn-still').hidden = lobby.role !== 'CONTRACTOR';
  if (lobby.role === 'CONTRACTOR') {
    call.stills = phoneStills({ button: $('#btn-still'), status: $('#still-status'), flash: $('#still-flash') }, client,
      { invitation: token, track: () => camera.videoTrack, recover: recoverCameraAfterPhoto });
  }
  chatPanel({ log: $('#chat-log'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status'),
    badge: $('#chat-badge'), details: $('#chat-details') }, client);
  const placeholder = () => {
    const inspector = [...client.participants.values()].find(p => p.role === 'INSPECTOR');
    setText($('#placeholder-text'), inspector ? 'call.inspectorAudio' : 'call.waitingInspector',
      { name: inspector?.displayName ?? lobby.session.inspectorName });
  };
  client.addEventListener('welcome', placeholder);
  client.addEventListener('presence', placeholder);
  client.addEventListener('publishState', e => {
    if (e.detail.state === 'connected') {
      call.publishProblem = null;
      renderMediaWarning();
    }
  });
  // A refusal after a reconnect (or on a later try) is said as loudly as the first one: the banner's
  // "再接続しました" alone would tell the contractor all is well while nothing is sent or recorded.
  client.addEventListener('error', e => {
    if (e.detail.code === 'media-unavailable' && call.joined && !call.over) {
      call.publishProblem = 'call.mediaUnavailable';
      renderMediaWarning();
    }
  });
  client.addEventListener('session', e => {
    if (e.detail.status === 'ENDED' || e.detail.status === 'CANCELLED') {
      showEnd(e.detail);
    }
  });
  client.addEventListener('state', e => {
    if (e.detail.state === 'closed') {
      onClosed(e.detail.reason);
    }
  });
  $('#btn-mic').addEventListener('click', toggleMic);
  $('#btn-switch').addEventListener('click', switchCamera);
  $('#btn-torch').addEventListener('click', toggleTorch);
  $('#zoom').addEventListener('input', e => {
    $('#zoom-value').textContent = Number(e.target.value).toFixed(1) + '×';
    camera.setZoom(e.target.value).catch(() => {});
  });
  // While nobody sends the phone a picture (the usual case: the inspector's office PC has no camera),
  // the phone's own view is the large one: it is what is sent and recorded, and where the inspector
  // points. A picture from the inspector takes the stage back; a tap on the own view decides from then on.
  let sizeChosen = false;
  const setSelfLarge = big => {
    $('.call-contractor .stage').classList.toggle('self-large', big);
    $('#self-toggle').setAttribute('aria-pressed', String(big));
  };
  const fitStage = () => sizeChosen || setSelfLarge(!$('#remote-placeholder').hidden);
  new MutationObserver(fitStage).observe($('#remote-placeholder'), { attributes: true, attributeFilter: ['hidden'] });
  fitStage();
  $('#self-toggle').addEventListener('click', () => {
    sizeChosen = true;
    setSelfLarge(!$('.call-contractor .stage').classList.contains('self-large'));
  });
  $('#audio-resume').addEventListener('click', () => {
    call.remote.resumeAudio();
    $('#audio-resume').hidden = true;
  });
  $('#btn-leave').addEventListener('click', () => {
    const d = $('#leave-dialog');
    if (typeof d.showModal === 'function') {
      d.returnValue = '';
      d.showModal();
    } else if (window.confirm(t('leave.title'))) {
      leave();
    }
  });
  $('#leave-dialog').addEventListener('close', e => {
    if (e.target.returnValue === 'leave') {
      leave();
    }
  });
}

function toggleMic() {
  const b = $('#btn-mic');
  const muted = b.getAttribute('aria-pressed') !== 'true';
  camera.setMicEnabled(!muted);
  b.setAttribute('aria-pressed', String(muted));
  setText(b.querySelector('.ctrl-label'), muted ? 'call.muted' : 'call.mute');
  b.classList.toggle('ctrl-active', muted);
}

async function switchCamera() {
  const b = $('#btn-switch');
  b.disabled = true;
  try {
    const track = await camera.switchFacing();
    const micOn = $('#btn-mic').getAttribute('aria-pressed') !== 'true';
    camera.setMicEnabled(micOn);
    if (call.client?.localStream) {
      await call.client.replaceTrack(track);
    }
    showSelf();
    updateCameraControls();
    call.cameraProblem = null;
  } catch (e) {
    call.cameraProblem = cameraErrorKey(e);
  } finally {
    renderMediaWarning();
    b.disabled = false;
  }
}

function updateCameraControls() {
  const caps = camera.capabilities();
  const torch = $('#btn-torch');
  torch.hidden = !caps.torch;
  torch.setAttribute('aria-pressed', 'false');
  const wrap = $('#zoom-wrap');
  wrap.hidden = !caps.zoom;
  if (caps.zoom) {
    const z = $('#zoom');
    Object.assign(z, { min: caps.zoom.min, max: caps.zoom.max, step: caps.zoom.step, value: caps.zoom.value });
    $('#zoom-value').textContent = Number(caps.zoom.value).toFixed(1) + '×';
  }
}

async function toggleTorch() {
  const b = $('#btn-torch');
  const on = b.getAttribute('aria-pressed') !== 'true';
  try {
    await camera.setTorch(on);
    b.setAttribute('aria-pressed', String(on));
    b.classList.toggle('ctrl-active', on);
  } catch {
    // the camera refused: leave the button as it was
  }
}

async function leave() {
  call.over = true;
  await call.client?.leave();
  stopMedia();
  showView('view-left');
}

/** Nothing of the call goes on in this page: camera, microphone, photos, marks, screen lock, stats. */
function stopMedia() {
  call.quality?.stop();
  call.releaseScreen?.();
  call.releaseScreen = null;
  call.remote?.clear();
  call.stills?.cancel();
  call.pointing?.clear();
  camera.stop();
  handover.release();
}

function onClosed(reason) {
  if (call.over || !call.joined) { // before the first join, join() reports failures itself
    return;
  }
  if (reason === 'session-ended' || reason === 'session-cancelled') {
    showEnd({ status: reason === 'session-ended' ? 'ENDED' : 'CANCELLED' });
    if (!$('#view-end').dataset.result) {
      showOutcome(); // the news of the result did not come before the bye (a bad link at that moment)
    }
  } else if (reason === 'replaced') {
    stopMedia();
    showError('replaced');
  } else if (FATAL.has(reason)) {
    stopMedia();
    showError(reason);
  } else if (reason !== 'left') {
    stopMedia();
    showError('disconnected');
  }
}

/** When a link opens or expired, under its error; the link's window, if it has one. */
function showErrorTime(key) {
  const when = $('#error-when');
  when.hidden = true;
  const w = tokenWindow(token);
  if (key === 'token-not-yet-valid' && w) {
    setText(when, 'error.opensAt', { time: formatDateTime(w.notBefore) });
    when.hidden = false;
  } else if (key === 'token-expired' && w) {
    setText(when, 'error.expiredAt', { time: formatDateTime(w.expiresAt) });
    when.hidden = false;
  }
  return w;
}

/** The session is over: the result and the inspector's instructions, if any. */
function showEnd(m) {
  if (call.over && $('#view-end').hidden === false) {
    return;
  }
  call.over = true;
  stopMedia();
  renderEnd(m);
  showView('view-end');
}

/**
 * How the session ended, asked of the server: for a link opened (or a call coming back) after the end,
 * the contractor still reads the result and the inspector's instructions. Without an answer the page
 * keeps what it shows.
 */
async function showOutcome() {
  let o;
  try {
    o = await api('/api/guest/outcome', { invitation: token, timeoutMs: LOBBY_TIMEOUT_MS });
  } catch {
    return;
  }
  call.over = true;
  stopMedia();
  renderEnd({ status: o.status, result: o.result, note: o.note });
  showView('view-end');
}

function renderEnd(m) {
  const view = $('#view-end');
  view.dataset.status = m.status;
  view.dataset.result = m.result || '';
  setText($('#end-title'), m.status === 'CANCELLED' ? 'end.cancelled' : 'end.title');
  showResult(m.status, m.result);
  $('#end-note').textContent = m.note || '';
  $('#end-note-wrap').hidden = !m.note;
  if (m.note) {
    setText($('#end-note-wrap h2'), m.result === 'INSTRUCTION' ? 'end.note' : 'end.remarks');
  }
}

function showResult(status, result) {
  if (status !== 'CANCELLED' && result) {
    setText($('#end-result'), 'end.result', { result: t('result.' + result) });
  } else {
    clearText($('#end-result'));
  }
}

/** A screen for a link that cannot be used (or a connection that cannot be made), in plain words. */
function showError(code) {
  const known = ['token-expired', 'token-revoked', 'token-not-yet-valid', 'session-closed', 'token-invalid',
    'replaced', 'disconnected', 'network'];
  const key = known.includes(code) ? code : (code === 'unauthenticated' || code === 'forbidden' ? 'token-invalid' : 'network');
  const view = $('#view-error');
  view.dataset.code = key;
  setText($('#error-title'), 'error.' + key + '.title');
  setText($('#error-text'), 'error.' + key + '.text');
  setText($('#error-help'), 'error.' + key + '.help');
  const w = showErrorTime(key);
  if (key === 'token-not-yet-valid' && w) {
    // open the lobby by itself when the time comes (if the page is left open)
    const wait = w.notBefore.getTime() - Date.now() + 2000;
    clearTimeout(notYetTimer);
    if (wait < 12 * 3600 * 1000) {
      notYetTimer = setTimeout(() => location.reload(), Math.max(wait, 5000));
    }
    // a background tab's timer may fire a minute late: the moment the phone is looked at, check the time
    opensAt = w.notBefore.getTime();
    if (!reloadWhenLookedAt) {
      reloadWhenLookedAt = () => {
        if (document.visibilityState === 'visible' && Date.now() >= opensAt) {
          location.reload();
        }
      };
      document.addEventListener('visibilitychange', reloadWhenLookedAt);
    }
  }
  $('#error-retry').hidden = !['token-not-yet-valid', 'disconnected', 'network'].includes(key);
  // replaced by another tab or device: this page may take the call back (and that one is told so)
  $('#error-takeback').hidden = key !== 'replaced';
  $('#error-takeback').disabled = false;
  showView('view-error');
  if (key === 'session-closed') {
    showOutcome(); // "it has ended" is not all the contractor needs: the result and the instructions
  }
}

markStarted();
main();
