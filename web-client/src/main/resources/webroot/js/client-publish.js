// The publish half of RinjoClient's media (rinjo-client.js): this browser's camera and microphone,
// sendonly; we offer, the media node answers. Bounded for a site's data plan, retried when no media node
// takes it, restarted (ICE) or made anew after a reconnect. Also what both peer connections share.
// Written as a mixin of the client's class: these methods share the client's fields.
import { RinjoError, FATAL_CODES } from './client-protocol.js';

/** A publish connection that stays 'disconnected' this long is treated as failed. */
const DISCONNECTED_GRACE_MS = 5000;
/**
 * What the phone sends at most: 1.5 Mbit/s (about 0.7 GB an hour on a site's data plan) and 20 frames
 * a second, which keeps 1280×720 sharp; on a weak link the frame rate goes down, not the resolution
 * (an inspection needs detail more than motion).
 */
const VIDEO_MAX_BITRATE = 1_500_000;
const VIDEO_MAX_FRAMERATE = 20;
/** A publish that failed with these is not retried by itself (the client closed, or left the session). */
const NOT_RETRIED_PUBLISH = new Set(['closed', 'not-joined']);
/**
 * No media node took the publication (in a cluster, e.g. while one restarts): while joined, publishing
 * is tried again after 5 s, then 10, 20 and every 30 s, without touching the signaling connection.
 */
const PUBLISH_RETRY_MIN_MS = 5000;
const PUBLISH_RETRY_MAX_MS = 30000;

/** @param {Function} Base the class to extend */
export const PublishMixin = Base => class extends Base {
  _newPeerConnection() {
    return new RTCPeerConnection({
      iceServers: this.welcome?.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
  }

  async _negotiatePublish({ iceRestart }) {
    let pc = this._pub;
    if (!pc) {
      pc = this._pub = this._newPeerConnection();
      this._pubFingerprint = null;
      this._pubRestartFailed = false;
      for (const track of this._localStream.getTracks()) {
        const video = track.kind === 'video';
        const t = pc.addTransceiver(track, { direction: 'sendonly', streams: [this._localStream],
          sendEncodings: video ? [{ maxBitrate: VIDEO_MAX_BITRATE, maxFramerate: VIDEO_MAX_FRAMERATE }] : undefined });
        if (video) {
          preferCodec(t, this.preferredVideoCodec);
          await keepResolution(t.sender);
        }
      }
      pc.addEventListener('connectionstatechange', () => this._onPublishState(pc));
      this._trickle(pc, 'publish');
    }
    try {
      await this._offerAndApply(pc, { iceRestart });
    } catch (e) {
      if (this._pub === pc && pc.signalingState === 'have-local-offer') {
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
      }
      throw e;
    }
    this._publishRetryDelay = 0; // a media node took it
  }

  /** After a failed publish: tries again later (no media node) or reconnects (offer or answer lost). */
  _retryAfterPublishFailed(e) {
    if (e.code === 'media-unavailable') {
      this._schedulePublishRetry();
    } else if (!NOT_RETRIED_PUBLISH.has(e.code) && !FATAL_CODES.has(e.code)) {
      this._recover(`publish failed (${e.code})`);
    }
  }

  _schedulePublishRetry() {
    clearTimeout(this._publishRetryTimer);
    this._publishRetryDelay = Math.min(PUBLISH_RETRY_MAX_MS, this._publishRetryDelay * 2 || PUBLISH_RETRY_MIN_MS);
    this._publishRetryTimer = setTimeout(() => this._retryPublish(), this._publishRetryDelay);
  }

  async _retryPublish() {
    this._publishRetryTimer = null;
    const stream = this._localStream;
    // while reconnecting, the reconnect loop republishes (and comes back here if no node takes it)
    if (!stream || !this._isJoined()) {
      return;
    }
    this._closePublish(); // a new connection: the node that takes it may not be the one that refused
    try {
      await this._negotiatePublish({ iceRestart: false });
    } catch (e) {
      if (this._localStream === stream) {
        this._retryAfterPublishFailed(e);
      }
    }
  }

  _cancelPublishRetry() {
    clearTimeout(this._publishRetryTimer);
    this._publishRetryTimer = null;
    this._publishRetryDelay = 0;
  }

  /** Offers on the publish PC and applies the node's answer. */
  async _offerAndApply(pc, options = {}) {
    const offer = await pc.createOffer(options);
    await pc.setLocalDescription(offer);
    // The answer comes as an sdp message from the node (no ref); a refusal (e.g. media-unavailable)
    // comes as an error that echoes the offer's ref.
    const ref = this._nextRef();
    const sdp = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => waiter.reject(new RinjoError('timeout', 'the media node did not answer')),
        this._answerTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        this._pending.delete(ref);
        if (this._pubAnswer === waiter) {
          this._pubAnswer = null;
        }
      };
      const waiter = {
        resolve: answer => { done(); resolve(answer); },
        reject: e => { done(); reject(e); },
      };
      this._pubAnswer = waiter;
      this._pending.set(ref, { resolve() {}, reject: waiter.reject, timer: null });
      try {
        this._send({ type: 'sdp', kind: 'offer', purpose: 'publish', sdp: pc.localDescription.sdp, ref });
      } catch (e) {
        waiter.reject(e);
      }
    });
    const fingerprint = fingerprintOf(sdp);
    if (options.iceRestart && this._pubFingerprint && fingerprint !== this._pubFingerprint) {
      // A different DTLS identity means the node lost our endpoint (e.g. a new node): an ICE restart
      // cannot recover that, the DTLS session must start over on a new connection.
      throw new RinjoError('media-node-changed', 'the media node changed; publishing anew');
    }
    await pc.setRemoteDescription({ type: 'answer', sdp });
    this._pubFingerprint = fingerprint;
  }

  async _republish() {
    const pc = this._pub;
    if (pc && pc.connectionState !== 'closed' && !this._pubRestartFailed) {
      // If this restart does not bring the connection (back) up, the next attempt uses a new one.
      this._pubRestartFailed = true;
      try {
        await this._negotiatePublish({ iceRestart: true });
        if (pc.connectionState === 'connected') {
          this._pubRestartFailed = false;
        }
        return;
      } catch (e) {
        if (e.code !== 'media-node-changed') {
          throw e;
        }
      }
    }
    this._closePublish();
    await this._negotiatePublish({ iceRestart: false });
  }

  _onPublishState(pc) {
    if (pc !== this._pub) {
      return;
    }
    clearTimeout(this._disconnectedTimer);
    this._emit('publishState', { state: pc.connectionState });
    if (pc.connectionState === 'connected') {
      this._pubRestartFailed = false;
    } else if (pc.connectionState === 'failed') {
      this._recover('publish connection failed');
    } else if (pc.connectionState === 'disconnected') {
      // often a blip (cell handover) that ICE repairs by itself; give it a few seconds
      this._disconnectedTimer = setTimeout(() => {
        if (pc === this._pub && pc.connectionState === 'disconnected') {
          this._recover('publish connection disconnected');
        }
      }, DISCONNECTED_GRACE_MS);
    }
  }

  _closePublish() {
    clearTimeout(this._disconnectedTimer);
    this._pubAnswer?.reject(new RinjoError('closed', 'the publish connection was closed'));
    if (this._pub) {
      this._pub.close();
      this._pub = null;
    }
  }

  /** Sends local candidates only when enabled: the ICE-lite node learns our address from our checks. */
  _trickle(pc, purpose) {
    if (!this.trickleIce) {
      return;
    }
    pc.addEventListener('icecandidate', e => {
      if (this._isJoined()) {
        const c = e.candidate;
        this._send({ type: 'ice', purpose, candidate: c ? c.candidate : '', sdpMid: c?.sdpMid ?? null,
          sdpMLineIndex: c?.sdpMLineIndex ?? null });
      }
    });
  }
};

/** Puts the codec (e.g. video/H264, packetization-mode=1 first) at the head of the transceiver's list. */
function preferCodec(transceiver, mimeType) {
  const caps = typeof RTCRtpSender.getCapabilities === 'function' && RTCRtpSender.getCapabilities('video');
  if (!mimeType || !caps || typeof transceiver.setCodecPreferences !== 'function') {
    return;
  }
  const want = c => c.mimeType.toLowerCase() === mimeType.toLowerCase();
  if (!caps.codecs.some(want)) {
    return;
  }
  // wanted codec first; among H.264 variants, packetization-mode=1 and constrained baseline (42e0..) first
  const fmtp = c => c.sdpFmtpLine || '';
  const rank = c => (want(c) ? 0 : 4) + (/packetization-mode=1/.test(fmtp(c)) ? 0 : 2)
    + (/profile-level-id=42e0/.test(fmtp(c)) ? 0 : 1);
  const sorted = [...caps.codecs].sort((a, b) => rank(a) - rank(b)); // stable: keeps the browser's order otherwise
  try {
    transceiver.setCodecPreferences(sorted);
  } catch {
    // a browser that refuses the list keeps its own order
  }
}

/** On a weak link the encoder lowers the frame rate rather than the resolution. */
async function keepResolution(sender) {
  try {
    const parameters = sender.getParameters();
    parameters.degradationPreference = 'maintain-resolution';
    await sender.setParameters(parameters);
  } catch {
    // a browser that does not take it (before negotiation) keeps its own balance; the bounds still hold
  }
}

function fingerprintOf(sdp) {
  const m = /^a=fingerprint:(.+)$/m.exec(sdp || '');
  return m ? m[1].trim() : null;
}
