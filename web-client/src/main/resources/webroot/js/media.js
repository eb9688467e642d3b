// The contractor's camera and microphone: rear camera first, switching front/rear, and the torch and
// zoom where the phone's camera track offers them. Also keeps the screen on during a call.

const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } };
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export class Camera {
  /** @param {'environment'|'user'} facing rear (environment) by default: the contractor shows the site */
  constructor({ facing = 'environment' } = {}) {
    this.facing = facing;
    this.stream = null;
  }

  get videoTrack() {
    return this.stream?.getVideoTracks()[0] ?? null;
  }

  get audioTrack() {
    return this.stream?.getAudioTracks()[0] ?? null;
  }

  /** Opens camera and microphone; rejects with the browser's DOMException (NotAllowedError...). */
  async open() {
    this.stop();
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: AUDIO, video: { ...VIDEO, facingMode: { ideal: this.facing } },
    });
    return this.stream;
  }

  /**
   * Switches between rear and front camera. Phones often cannot open both at once, so the current
   * camera is stopped first; if the other one fails, the previous one is opened again.
   * @returns the new video track
   */
  async switchFacing() {
    const next = this.facing === 'environment' ? 'user' : 'environment';
    const old = this.videoTrack;
    old?.stop();
    let track;
    try {
      track = await this._openVideo(next);
      this.facing = next;
    } catch (e) {
      track = await this._openVideo(this.facing);
    }
    if (old) {
      this.stream.removeTrack(old);
    }
    this.stream.addTrack(track);
    return track;
  }

  async _openVideo(facing) {
    const s = await navigator.mediaDevices.getUserMedia({ video: { ...VIDEO, facingMode: { ideal: facing } } });
    return s.getVideoTracks()[0];
  }

  /** {torch: boolean, zoom: {min, max, step, value} | null} as this camera supports them. */
  capabilities() {
    const track = this.videoTrack;
    const caps = track && typeof track.getCapabilities === 'function' ? track.getCapabilities() : {};
    const settings = track && typeof track.getSettings === 'function' ? track.getSettings() : {};
    const zoom = caps.zoom && caps.zoom.max > caps.zoom.min
      ? { min: caps.zoom.min, max: caps.zoom.max, step: caps.zoom.step || 0.1, value: settings.zoom ?? caps.zoom.min }
      : null;
    return { torch: caps.torch === true || (Array.isArray(caps.torch) && caps.torch.includes(true)), zoom };
  }

  setTorch(on) {
    return this.videoTrack.applyConstraints({ advanced: [{ torch: !!on }] });
  }

  setZoom(value) {
    return this.videoTrack.applyConstraints({ advanced: [{ zoom: Number(value) }] });
  }

  setMicEnabled(enabled) {
    const a = this.audioTrack;
    if (a) {
      a.enabled = enabled;
    }
  }

  stop() {
    this.stream?.getTracks().forEach(t => t.stop());
  }
}

/** Asks the device to keep the screen on (a phone filming the site must not lock); best effort. */
export function keepScreenOn() {
  let lock = null;
  let wanted = true;
  const request = async () => {
    if (!wanted || !('wakeLock' in navigator) || document.visibilityState !== 'visible') {
      return;
    }
    try {
      lock = await navigator.wakeLock.request('screen');
    } catch {
      // refused (battery saver, not allowed): the call works without it
    }
  };
  const onVisible = () => request();
  document.addEventListener('visibilitychange', onVisible);
  request();
  return () => {
    wanted = false;
    document.removeEventListener('visibilitychange', onVisible);
    lock?.release().catch(() => {});
  };
}
