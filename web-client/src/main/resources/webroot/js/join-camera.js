// The phone's camera and microphone in the contractor's call: the own view (what is sent and recorded),
// mute, the other camera, torch and zoom, and the warning when the phone takes the camera or microphone
// away, with one tap to open it again into the same connection (also by itself after a photo).
import { setText, clearText } from './i18n.js';
import { $, play } from './dom.js';
import { camera, call, handover, cameraErrorKey } from './join-state.js';

/**
 * What #media-warning says: a lost camera or microphone first (with the button that opens it again),
 * else why nothing is being published; hidden when all is well.
 */
export function renderMediaWarning() {
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
export function onTrackState() {
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
export async function recoverCameraAfterPhoto() {
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
export function restartMedia() {
  return sendNewTracks($('#media-restart'), () => camera.restart());
}

/**
 * Opens tracks with `open` while `button` is disabled and sends them on the same connection
 * (no renegotiation: the node keeps recording the same stream); a camera that fails is shown as the
 * media warning.
 */
async function sendNewTracks(button, open) {
  button.disabled = true;
  try {
    const tracks = await open();
    camera.setMicEnabled($('#btn-mic').getAttribute('aria-pressed') !== 'true');
    if (call.client?.localStream) {
      for (const track of tracks) {
        await call.client.replaceTrack(track);
      }
    }
    showSelf();
    updateCameraControls();
    call.cameraProblem = null;
  } catch (e) {
    call.cameraProblem = cameraErrorKey(e);
  } finally {
    button.disabled = false;
    renderMediaWarning();
  }
}

/**
 * Gives the box the picture's shape (--shot-ratio), so that the contractor sees all of what is sent
 * and recorded; it changes when the phone turns or the other camera is used.
 */
export function followShot(video, box) {
  const fit = () => {
    if (video.videoWidth && video.videoHeight) {
      box.style.setProperty('--shot-ratio', `${video.videoWidth} / ${video.videoHeight}`);
    }
  };
  video.addEventListener('loadedmetadata', fit);
  video.addEventListener('resize', fit);
}

export function showSelf() {
  const self = $('#self-view');
  self.srcObject = camera.stream;
  play(self);
  self.classList.toggle('mirrored', camera.facing === 'user');
}

export function toggleMic() {
  const b = $('#btn-mic');
  const muted = b.getAttribute('aria-pressed') !== 'true';
  camera.setMicEnabled(!muted);
  b.setAttribute('aria-pressed', String(muted));
  setText(b.querySelector('.ctrl-label'), muted ? 'call.muted' : 'call.mute');
  b.classList.toggle('ctrl-active', muted);
}

export function switchCamera() {
  return sendNewTracks($('#btn-switch'), async () => [await camera.switchFacing()]);
}

export function updateCameraControls() {
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

export async function toggleTorch() {
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
