// The inspector's own microphone and camera in the call: opened, muted, switched on and off, published;
// and opened again when the browser takes one away mid-call (a headset unplugged, the camera taken).
import { setText } from './i18n.js';
import { $, play } from './dom.js';
import { call, showCallProblem } from './inspector-call-state.js';

/** The buttons of the call's own devices: mute, camera on/off, and open again what stopped. */
export function wireOwnMedia() {
  $('#btn-mic').addEventListener('click', () => {
    const muted = $('#btn-mic').getAttribute('aria-pressed') !== 'true';
    if (call.mic) {
      call.mic.enabled = !muted;
    }
    setMicButton(muted);
  });
  $('#btn-camera').addEventListener('click', toggleCamera);
  $('#device-reopen').addEventListener('click', reopenDevices);
}

/** Publishes the microphone, and the camera when it is on. */
export async function publishOwn() {
  const tracks = [call.mic, call.cam].filter(Boolean);
  if (!tracks.length) {
    await call.client.unpublish();
    return;
  }
  try {
    await call.client.publish(new MediaStream(tracks));
    $('#media-warning').hidden = true;
  } catch (e) {
    if (call.client.state !== 'closed') {
      showCallProblem(e.code === 'media-unavailable' ? 'call.mediaUnavailable' : 'call.publishFailed');
    }
  }
}

export async function openMic() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  return watchDevice(stream.getAudioTracks()[0]);
}

async function openCamera() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  return watchDevice(stream.getVideoTracks()[0]);
}

/**
 * A microphone or camera can go away during the call (a USB headset unplugged, the camera taken by
 * another program): the browser ends its track, and the call would go on sending nothing from it —
 * the inspector's voice neither heard nor recorded — without a word. The inspector is told at once
 * and can open the device again into the same call.
 */
function watchDevice(track) {
  track.addEventListener('ended', () => {
    if (!call.over && (track === call.mic || track === call.cam)) {
      call.lost.add(track.kind);
      showDeviceWarning();
    }
  });
  return track;
}

export function showDeviceWarning(failed = false) {
  const lost = call.lost;
  const which = lost.size === 2 ? 'Both' : lost.has('audio') ? 'Mic' : 'Camera';
  $('#device-warning').hidden = lost.size === 0;
  if (lost.size) {
    setText($('#device-warning-text'), failed ? 'insp.reopenFailed' : 'insp.lost' + which);
    setText($('#device-reopen'), 'insp.reopen' + which);
  }
}

/** Opens the stopped devices again and puts their tracks in place of the ended ones (no renegotiation). */
async function reopenDevices() {
  const button = $('#device-reopen');
  button.disabled = true;
  try {
    for (const kind of [...call.lost]) {
      const track = kind === 'audio' ? await openMic() : await openCamera();
      if (kind === 'audio') {
        track.enabled = $('#btn-mic').getAttribute('aria-pressed') !== 'true'; // still muted if it was
        call.mic = track;
      } else {
        call.cam = track;
        setCameraButton(true);
      }
      call.lost.delete(kind);
      if (call.client?.localStream) {
        await call.client.replaceTrack(track);
      } else if (call.client?.state === 'joined') {
        await publishOwn();
      }
    }
    showDeviceWarning();
    $('#call-title').focus();
  } catch {
    showDeviceWarning(true);
  } finally {
    button.disabled = false;
  }
}

export function setMicButton(muted) {
  const b = $('#btn-mic');
  b.setAttribute('aria-pressed', String(muted));
  b.classList.toggle('ctrl-active', muted);
  setText(b.querySelector('.ctrl-label'), muted ? 'call.muted' : 'call.mute');
}

export function setCameraButton(on) {
  const b = $('#btn-camera');
  b.setAttribute('aria-pressed', String(on));
  b.classList.toggle('ctrl-active', on);
  setText(b.querySelector('.ctrl-label'), on ? 'call.cameraOff' : 'call.cameraOn');
  const self = $('#self-view');
  self.hidden = !on;
  self.srcObject = on ? new MediaStream([call.cam]) : null;
  if (on) {
    play(self);
  }
}

async function toggleCamera() {
  const b = $('#btn-camera');
  b.disabled = true;
  try {
    if (call.cam) {
      call.cam.stop();
      call.cam = null;
      call.lost.delete('video');
      showDeviceWarning();
      setCameraButton(false);
    } else {
      try {
        call.cam = await openCamera();
      } catch {
        showCallProblem('camera.failed');
        return;
      }
      setCameraButton(true);
    }
    await publishOwn();
  } finally {
    b.disabled = false;
  }
}
