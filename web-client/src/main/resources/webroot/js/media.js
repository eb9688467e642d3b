// The contractor's camera and microphone: rear camera first, switching front/rear, and the torch and
// zoom where the phone's camera track offers them; notices a camera or microphone the phone takes away
// and opens it again. Also keeps the screen on during a call.

// What is sent is what the camera is opened at, from the lobby on (the preview is the track that is
// published): 1280×720 at 20 frames a second; client-publish.js (rinjo-client.js) bounds the encoder to the same rate.
const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 20, max: 30 } };
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
/**
 * A track muted this long counts as lost: iOS mutes the camera while a phone call or another app has
 * it, and does not always give it back; a short mute (the page in the background a moment) is not.
 */
const MUTE_GRACE_MS = 4000;

/**
 * Event 'trackstate' (detail {lost: ['video' | 'audio', ...]}): the set of lost tracks changed. A track
 * is lost when the browser ends it (camera taken by another app, an incoming call, access revoked) or
 * it stays muted; restart() opens those again.
 */
export class Camera extends EventTarget {
  /** @param {'environment'|'user'} facing rear (environment) by default: the contractor shows the site */
  constructor({ facing = 'environment' } = {}) {
    super();
    this.facing = facing;
    this.stream = null;
    /** kinds ('video', 'audio') whose track the browser took away */
    this.lost = new Set();
    this._stops = 0; // counts stop(): a camera asked for before the last stop() is not kept
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
    this.stream = await this._ask({ audio: AUDIO, video: { ...VIDEO, facingMode: { ideal: this.facing } } });
    this.stream.getTracks().forEach(t => this._watch(t));
    this._setLost([]);
    return this.stream;
  }

  /**
   * Opens again what was lost (the microphone, the camera or both) and puts the new tracks in the
   * stream in place of the dead ones. Rejects with the browser's DOMException; what was lost stays lost.
   * @returns the new tracks, for the sender to take (replaceTrack)
   */
  async restart() {
    const kinds = [...this.lost];
    if (!kinds.length) {
      return [];
    }
    const dead = this.stream.getTracks().filter(t => kinds.includes(t.kind));
    dead.forEach(t => t.stop()); // a phone may not open the camera twice
    const fresh = await this._ask({
      audio: kinds.includes('audio') ? AUDIO : false,
      video: kinds.includes('video') ? { ...VIDEO, facingMode: { ideal: this.facing } } : false,
    });
    dead.forEach(t => this.stream.removeTrack(t));
    const tracks = fresh.getTracks();
    for (const t of tracks) {
      this.stream.addTrack(t);
      this._watch(t);
    }
    this._setLost([...this.lost].filter(k => !kinds.includes(k)));
    return tracks;
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
    const stops = this._stops;
    let track;
    try {
      track = await this._openVideo(next);
      this.facing = next;
    } catch (e) {
      if (stops !== this._stops) {
        throw e; // everything was stopped meanwhile: no camera is wanted any more
      }
      try {
        track = await this._openVideo(this.facing);
      } catch (again) {
        this._setLost([...this.lost, 'video']); // no camera now: the page offers to restart it
        throw again;
      }
    }
    if (old) {
      this.stream.removeTrack(old);
    }
    this.stream.addTrack(track);
    this._watch(track);
    this._setLost([...this.lost].filter(k => k !== 'video'));
    return track;
  }

  async _openVideo(facing) {
    const s = await this._ask({ video: { ...VIDEO, facingMode: { ideal: facing } } });
    return s.getVideoTracks()[0];
  }

  /**
   * getUserMedia; what it opens after a stop() that came while the browser was asked is stopped at once
   * (AbortError): the page gave the camera up meanwhile (another tab of the link took it, the call
   * ended), and a camera opened late would stay on in a page that no longer shows it.
   */
  async _ask(constraints) {
    const stops = this._stops;
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    if (stops !== this._stops) {
      stream.getTracks().forEach(t => t.stop());
      throw new DOMException('the camera was given up while it opened', 'AbortError');
    }
    return stream;
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

  /** Stops camera and microphone, and any of them still being opened. */
  stop() {
    this._stops++;
    this.stream?.getTracks().forEach(t => t.stop()); // stop() fires no 'ended': not counted as lost
  }

  /** Counts the track as lost when the browser ends it or it stays muted; only while it is ours. */
  _watch(track) {
    const ours = () => this.stream?.getTracks().includes(track) ?? false;
    let muteTimer = null;
    track.addEventListener('ended', () => {
      clearTimeout(muteTimer);
      if (ours()) {
        this._setLost([...this.lost, track.kind]);
      }
    });
    track.addEventListener('mute', () => {
      clearTimeout(muteTimer);
      muteTimer = setTimeout(() => {
        if (track.muted && ours()) {
          this._setLost([...this.lost, track.kind]);
        }
      }, MUTE_GRACE_MS);
    });
    track.addEventListener('unmute', () => {
      clearTimeout(muteTimer);
      if (ours() && track.readyState === 'live') {
        this._setLost([...this.lost].filter(k => k !== track.kind));
      }
    });
  }

  _setLost(kinds) {
    const next = new Set(kinds);
    if (next.size === this.lost.size && [...next].every(k => this.lost.has(k))) {
      return;
    }
    this.lost = next;
    this.dispatchEvent(new CustomEvent('trackstate', { detail: { lost: [...next] } }));
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
