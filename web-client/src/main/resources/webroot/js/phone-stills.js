// 静止画 on the contractor's phone: when the inspector asks (still-request), or the contractor presses
// 撮影, the phone takes a photo at its camera's full resolution and uploads it as evidence. Android
// Chrome takes it with ImageCapture.takePhoto() (the sensor's resolution, not the video's); where that
// is missing (iOS Safari) or fails, the current frame of the camera track is drawn at the track's size
// and encoded as JPEG (quality 0.92). The video keeps going: a camera that takePhoto() reconfigured and
// that ended or stays muted afterwards is opened again through the page's recovery.
// A session at its cap of stills refuses the photo (409 still-limit-reached): the phone says so plainly,
// sends it no more, and takes no further photo it could not send (a refusal the cap gives does not pass).
import { setText, clearText } from './i18n.js';

const JPEG_QUALITY = 0.92;
/** A camera muted after a photo this long is taken for lost (a photo's reconfiguration lasts less). */
const AFTER_PHOTO_MS = 1500;
const SHOWN_MS = 4000;

/** The JPEG of a canvas. */
function jpegOf(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob(b => (b ? resolve(b) : reject(new Error('no JPEG encoder'))),
    'image/jpeg', JPEG_QUALITY));
}

function canvasOf(width, height, draw) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  draw(canvas.getContext('2d'));
  return canvas;
}

/** The track's current frame at its own size. */
async function grabFrame(track) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]); // the same track: nothing is opened or stopped
  try {
    await video.play();
    if (!video.videoWidth) {
      await new Promise(resolve => video.addEventListener('loadeddata', resolve, { once: true }));
    }
    const s = track.getSettings?.() ?? {};
    // the picture as it arrives (a phone held upright turns it); the settings when the element cannot say
    const width = video.videoWidth || s.width;
    const height = video.videoHeight || s.height;
    return await jpegOf(canvasOf(width, height, g => g.drawImage(video, 0, 0, width, height)));
  } finally {
    video.srcObject = null;
  }
}

/**
 * A still of the camera at full resolution, as a JPEG blob.
 * @param {MediaStreamTrack} track the camera's video track (sent on as it is)
 */
export async function captureStill(track) {
  if (typeof window.ImageCapture === 'function') {
    try {
      const photo = await new window.ImageCapture(track).takePhoto();
      if (photo.type === 'image/jpeg') {
        return photo;
      }
      // a camera that answers in another format (Chromium's test camera: PNG) is encoded as JPEG at the same size
      const bitmap = await createImageBitmap(photo);
      return await jpegOf(canvasOf(bitmap.width, bitmap.height, g => g.drawImage(bitmap, 0, 0)));
    } catch {
      // no photo from this camera: its current frame instead
    }
  }
  return grabFrame(track);
}

/** Uploads the still; resolves with {id, sha256, bytes, takenAt, …}, rejects with {status, code}. */
export async function uploadStill(blob, { invitation, request, capturedAt }) {
  const q = new URLSearchParams();
  if (request) {
    q.set('request', request);
  }
  q.set('capturedAt', capturedAt.toISOString());
  let res;
  try {
    res = await fetch('/api/guest/stills?' + q, {
      method: 'POST', body: blob, cache: 'no-store', credentials: 'omit',
      headers: { Authorization: 'Invitation ' + invitation, 'Content-Type': 'image/jpeg' },
    });
  } catch (e) {
    throw Object.assign(new Error(e.message), { status: 0, code: 'network' });
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw Object.assign(new Error(body?.error?.message || res.statusText), { status: res.status, code: body?.error?.code || 'http-' + res.status });
  }
  return res.json();
}

/**
 * @param {object} el {button, status, flash}
 * @param {RinjoClient} client
 * @param {object} o
 * @param {string} o.invitation the link's token
 * @param {() => MediaStreamTrack|null} o.track the camera's video track now
 * @param {() => Promise<void>} o.recover opens the camera again when it was lost
 * @returns {{cancel: () => void}} drops the photos asked for and under way, and their camera checks (the
 *   page gave the camera up: another tab of the link took it); later requests are taken as usual
 */
export function phoneStills({ button, status, flash }, client, { invitation, track, recover }) {
  let queue = Promise.resolve();
  let clearTimer = null;
  const checks = new Set(); // timers of keepVideoGoing
  let round = 0; // cancel() starts a new one: what was asked before it is not taken, sent or recovered
  let full = false; // the session has as many stills as it may: no photo is taken any more

  const say = (key, error) => {
    clearTimeout(clearTimer);
    setText(status, key);
    status.classList.toggle('form-error', !!error);
    status.hidden = false;
    if (!error) {
      clearTimer = setTimeout(() => {
        clearText(status);
        status.hidden = true;
      }, SHOWN_MS);
    }
  };

  async function take(request, asked) {
    if (asked !== round) {
      return;
    }
    if (full) {
      say('still.limitSend', true);
      return;
    }
    const camera = track();
    if (!camera || camera.readyState !== 'live') {
      say('still.noCamera', true);
      return;
    }
    say('still.taking');
    const capturedAt = new Date();
    let blob;
    try {
      blob = await captureStill(camera);
    } catch {
      if (asked === round) {
        say('still.captureFailed', true);
      }
      return;
    } finally {
      keepVideoGoing(camera, asked);
    }
    if (asked !== round) {
      return;
    }
    flash.classList.remove('still-flash-on');
    void flash.offsetWidth; // restart the animation
    flash.classList.add('still-flash-on');
    say('still.sending');
    for (let attempt = 1; asked === round; attempt++) {
      try {
        await uploadStill(blob, { invitation, request, capturedAt });
        if (asked === round) {
          say('still.sent');
        }
        return;
      } catch (e) {
        // a refusal (not live, too big, not a JPEG) is not helped by sending again; a lost connection may be
        if (attempt >= 2 || (e.status >= 400 && e.status < 500)) {
          full = full || e.code === 'still-limit-reached';
          if (asked === round) {
            say(full ? 'still.limitSend' : 'still.sendFailed', true);
          }
          return;
        }
      }
    }
  }

  /** takePhoto() may reconfigure the camera: a track that ended or stays muted is opened again. */
  function keepVideoGoing(camera, asked) {
    const check = () => {
      if (asked === round && (camera.readyState === 'ended' || camera.muted)) {
        recover().catch(() => {});
      }
    };
    if (camera.readyState === 'ended') {
      check();
    } else {
      const timer = setTimeout(() => {
        checks.delete(timer);
        check();
      }, AFTER_PHOTO_MS);
      checks.add(timer);
    }
  }

  const enqueue = request => {
    const asked = round;
    queue = queue.then(() => take(request, asked)).catch(() => {});
    return queue;
  };
  client.addEventListener('message', e => {
    if (e.detail.type === 'still-request') {
      enqueue(e.detail.id);
    }
  });
  button.addEventListener('click', () => enqueue(null));
  return {
    cancel() {
      round++;
      checks.forEach(clearTimeout);
      checks.clear();
      clearTimeout(clearTimer);
      clearText(status);
      status.hidden = true;
    },
  };
}
