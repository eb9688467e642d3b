// Rinjo browser client: signaling protocol v1 over a WebSocket, and the two peer connections a
// participant keeps with the media node (SFU).
//
//   publish PC   — this browser's camera/microphone, sendonly; we offer, the node answers.
//   subscribe PC — everyone else's tracks, recvonly; the node offers (again on every change), we answer.
//
// The contractor is on weak 4G, so the client recovers by itself: a lost WebSocket or a failed publish
// connection triggers a reconnect with jittered exponential backoff (re-join with the same credentials,
// then republish with an ICE restart), and a publication that no media node takes (media-unavailable)
// is tried again every 5 to 30 s while joined. Back in view (the screen unlocked) it checks its
// connection at once instead of at the next keepalive. Only an explicit leave(), a replacement by a newer
// connection of the same person, a closed session or a dead token stop it. When the session ends (or is cancelled)
// the client leaves by itself: state 'closed' with reason 'session-ended' (or 'session-cancelled').
//
// No dependencies; a plain ES module. Usage:
//
//   const client = new RinjoClient({ invitation: token });          // or { auth: loginToken, sessionId }
//   client.addEventListener('remoteTrack', e => attach(e.detail.participantId, e.detail.track));
//   const welcome = await client.connect();
//   await client.publish(await navigator.mediaDevices.getUserMedia({ video: true, audio: true }));
//   await client.replaceTrack(otherCameraTrack);                     // front/rear switch, no renegotiation
//
// Events (CustomEvent, payload in event.detail):
//   state             {state, previous, reason}: connecting | joined | reconnecting (再接続中) | closed
//   welcome, presence, chat, annotation, session, bye, recording — the server's message as it came
//   error             {code, message, ref}: protocol errors (e.g. media-unavailable) and client failures
//   remoteTrack       {participantId, track, stream, mid}: a track of another participant arrived
//   remoteTrackEnded  same shape: that track is gone (its m-line went inactive, or the connection closed)
//   publishState      {state}: the publish connection's connectionState
//   message           every server message (for debugging)

import { RinjoError, FATAL_CODES, OPEN, CLOSED } from './client-protocol.js';
import { SignalingMixin } from './client-signaling.js';
import { PublishMixin } from './client-publish.js';
import { SubscribeMixin } from './client-subscribe.js';
import { connectionStats } from './client-stats.js';

export { RinjoError };

// The client is one state machine over two connections; its parts, by role, are mixins of this class:
// client-signaling.js (WebSocket, messages, keepalive), client-publish.js and client-subscribe.js (the
// two peer connections). This module holds the public API, the state and the reconnection.

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 8000;
/** How long to wait for the node's answer to a publish offer. */
const ANSWER_TIMEOUT_MS = 15000;

export class RinjoClient extends SubscribeMixin(PublishMixin(SignalingMixin(EventTarget))) {
  /**
   * @param {object} o
   * @param {string} [o.url] signaling WebSocket URL; default wss://<this host>/ws
   * @param {string} [o.invitation] invitation token (the link's fragment)
   * @param {string} [o.auth] login token (inspectors); needs sessionId
   * @param {string} [o.sessionId]
   * @param {boolean} [o.trickleIce=false] send local ICE candidates to the node (an ICE-lite node ignores them)
   * @param {string} [o.preferredVideoCodec='video/H264'] put this codec first in the publish offer (recordings play everywhere)
   * @param {Function} [o.WebSocket] WebSocket constructor to use (tests substitute a fake server)
   * @param {number} [o.answerTimeoutMs=15000] how long to wait for the node's answer to a publish offer
   */
  constructor({ url, invitation, auth, sessionId, trickleIce = false, preferredVideoCodec = 'video/H264',
    WebSocket: WebSocketImpl = globalThis.WebSocket, answerTimeoutMs = ANSWER_TIMEOUT_MS } = {}) {
    super();
    if (!invitation && !auth) {
      throw new TypeError('RinjoClient needs an invitation token or a login token (auth)');
    }
    this.url = url || `${location.protocol === 'http:' ? 'ws' : 'wss'}://${location.host}/ws`;
    this.credentials = { invitation, auth, sessionId };
    this.trickleIce = trickleIce;
    this.preferredVideoCodec = preferredVideoCodec;
    this._WebSocket = WebSocketImpl;
    this._answerTimeoutMs = answerTimeoutMs;

    this.state = 'idle';          // idle → connecting → joined ⇄ reconnecting → closed
    this.welcome = null;          // the last welcome message
    this.participantId = null;
    this.participants = new Map(); // participantId → participant, self included

    this._ws = null;              // the current WebSocket; messages from older ones are ignored
    this._refSeq = 0;
    this._pending = new Map();    // ref → {resolve, reject, timer}: requests awaiting a reply
    this._stopReason = null;      // set when reconnecting must not happen (left, replaced, fatal error...)
    this._reconnecting = false;
    this._attempt = 0;
    this._wakeUp = null;          // resolves the backoff sleep early (network came back)
    this._pingTimer = null;

    this._localStream = null;     // what the user asked to publish; republished after a reconnect
    this._pub = null;             // publish RTCPeerConnection
    this._pubAnswer = null;       // {resolve, reject} for the outstanding publish offer
    this._pubFingerprint = null;  // DTLS fingerprint of the node's last publish answer
    this._pubRestartFailed = false;
    this._disconnectedTimer = null;
    this._publishRetryTimer = null; // the next try after media-unavailable
    this._publishRetryDelay = 0;

    this._sub = null;             // subscribe RTCPeerConnection
    this._subQueue = Promise.resolve(); // subscribe offers are applied one at a time, in order
    this._remote = new Map();     // transceiver mid → {participantId, track, stream, mid}

    this._welcomeSocket = null;   // the socket the last welcome came on
    // When the phone's network comes back, retry now instead of at the end of the backoff sleep.
    this._onOnline = () => this._wakeUp?.();
    this._onVisible = () => {
      if (document.visibilityState === 'visible') {
        this._checkNow();
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /** Opens the WebSocket and joins; resolves with the welcome, rejects with a RinjoError. */
  async connect() {
    if (this.state !== 'idle' && this.state !== 'closed') {
      throw new RinjoError('invalid-state', `connect() while ${this.state}`);
    }
    this._stopReason = null;
    this._attempt = 0;
    window.addEventListener('online', this._onOnline);
    document.addEventListener('visibilitychange', this._onVisible);
    this._setState('connecting');
    try {
      return await this._openAndJoin();
    } catch (e) {
      this._shutdown(e.code || 'connect-failed');
      throw e;
    }
  }

  /**
   * Publishes the stream's tracks to the media node; rejects e.g. with code 'media-unavailable'.
   * Either way the client keeps trying by itself (the page says it does): when no media node takes the
   * publication it publishes again after 5 s, doubling to every 30 s, while joined; when the node did
   * not answer in time or the offer was lost, the reconnect loop republishes with its backoff.
   * 'publishState' {state: 'connected'} says when it got through.
   */
  async publish(stream) {
    this._requireJoined();
    this._cancelPublishRetry();
    if (this._pub) {
      this._closePublish();
    }
    this._localStream = stream;
    try {
      await this._negotiatePublish({ iceRestart: false });
    } catch (e) {
      if (this._localStream === stream) {
        this._retryAfterPublishFailed(e);
      }
      throw e;
    }
  }

  /**
   * Replaces the published track of the same kind, e.g. after switching between the rear and the front
   * camera: no renegotiation, the node keeps forwarding and recording the same stream. A later
   * republish (after a reconnect) sends the new track too.
   */
  async replaceTrack(track) {
    const stream = this._localStream;
    if (!stream) {
      throw new RinjoError('not-publishing', 'nothing is published');
    }
    for (const old of stream.getTracks()) {
      if (old.kind === track.kind && old !== track) {
        stream.removeTrack(old);
      }
    }
    if (!stream.getTracks().includes(track)) {
      stream.addTrack(track);
    }
    const transceiver = this._pub?.getTransceivers()
      .find(t => !t.stopped && t.receiver.track?.kind === track.kind);
    if (transceiver) {
      await transceiver.sender.replaceTrack(track);
    }
  }

  /** The stream passed to publish(), or null. */
  get localStream() {
    return this._localStream;
  }

  /** Stops publishing: the node is told (stopped transceivers) and the publish connection closes. */
  async unpublish() {
    this._localStream = null;
    this._cancelPublishRetry();
    const pc = this._pub;
    if (!pc) {
      return;
    }
    try {
      if (this._isJoined() && pc.connectionState === 'connected') {
        pc.getTransceivers().forEach(t => t.stop());
        await this._offerAndApply(pc);
      }
    } catch (e) {
      // best effort: the node also notices the closed connection
    } finally {
      if (this._pub === pc) {
        this._closePublish();
      }
    }
  }

  chat(text) {
    this._requireJoined();
    this._send({ type: 'chat', text });
  }

  /**
   * shape: pointer|line|arrow|circle|rect|text|clear; points: [[x, y], ...] normalised to 0..1 of the video;
   * target: the participant id of the contractor whose video it is drawn on (a clear: whose marks it takes
   * away). Returns the message's ref: an error that echoes it says the server refused the mark.
   */
  annotate(shape, points, { color, label, target } = {}) {
    this._requireJoined();
    const ref = this._nextRef();
    this._send({ type: 'annotation', shape, points, color, label, target, ref });
    return ref;
  }

  /**
   * Asks a contractor's phone for a remote still (inspectors only): target is the participant id of the
   * contractor whose video is on the stage, the only phone asked. Resolves with the request as the server
   * tells the asker ({id, from, at, target}); the still itself comes later as a 'message' of type 'still'.
   */
  requestStill(target) {
    this._requireJoined();
    return this._request({ type: 'still-request', target }, 10000);
  }

  /** Leaves the session for good: no reconnection, both connections closed. */
  async leave() {
    await this._leave('left');
  }

  async _leave(reason) {
    const ws = this._ws;
    this._shutdown(reason, { keepSocket: true });
    if (ws && ws.readyState === OPEN) {
      ws.send(JSON.stringify({ v: 1, type: 'leave' }));
      // the server answers with bye and closes; don't wait forever for it
      await new Promise(resolve => {
        const timer = setTimeout(resolve, 2000);
        ws.addEventListener('close', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
    if (ws && ws.readyState !== CLOSED) {
      ws.close(1000, reason);
    }
  }

  /** A compact summary of both connections' statistics. */
  async stats() {
    return connectionStats(this._pub, this._sub, this._remote);
  }

  /** Remote tracks currently received: [{participantId, track, stream, mid}]. */
  get remoteTracks() {
    return [...this._remote.values()];
  }

  // ---------------------------------------------------------------------------------------------
  // Reconnection

  /** Starts the reconnect loop unless it runs already or must not. */
  _recover(reason) {
    if (this._reconnecting || this._stopReason || this.state === 'closed' || this.state === 'idle') {
      return;
    }
    this._reconnecting = true;
    this._setState('reconnecting', reason);
    this._reconnectLoop()
      .catch(e => { // a bug, not a network condition: say so and stop
        this._emit('error', { code: 'reconnect-failed', message: String(e.message || e), ref: null });
        this._shutdown('reconnect-failed');
      })
      .finally(() => { this._reconnecting = false; });
  }

  async _reconnectLoop() {
    while (!this._stopReason && this.state !== 'closed') {
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this._attempt++);
      await new Promise(resolve => {
        const timer = setTimeout(resolve, delay * (0.5 + Math.random() * 0.5));
        this._wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this._wakeUp = null;
      if (this._stopReason || this.state === 'closed') {
        break;
      }
      try {
        if (!this._isSocketOpen()) {
          await this._openAndJoin();
        }
        // Republish after every recovery: even when our publish connection looks fine, the node may
        // have dropped it when the signaling connection went away.
        if (this._localStream) {
          await this._republish();
        }
        this._attempt = 0;
        this._setState('joined');
        return;
      } catch (e) {
        if (FATAL_CODES.has(e.code)) {
          this._stopReason = e.code;
        } else if (e.code === 'media-unavailable' && this._isSocketOpen()) {
          // Signaling is back but no media node takes the publication: joined again, and publishing
          // is tried again on its own, slower backoff.
          this._attempt = 0;
          this._setState('joined');
          this._schedulePublishRetry();
          return;
        }
      }
    }
    this._shutdown(this._stopReason || 'closed');
  }

  _isSocketOpen() {
    return this._ws && this._ws.readyState === OPEN && this.welcome && this._welcomeSocket === this._ws;
  }

  _isJoined() {
    return this.state === 'joined' && this._isSocketOpen();
  }

  _requireJoined() {
    if (!this._isJoined()) {
      throw new RinjoError('not-joined', `not joined (state ${this.state})`);
    }
  }

  _shutdown(reason, { keepSocket = false } = {}) {
    const wasClosed = this.state === 'closed';
    this._stopReason = this._stopReason || reason;
    this._wakeUp?.();
    this._stopKeepalive();
    this._cancelPublishRetry();
    this._failPending(new RinjoError('closed', 'client closed: ' + reason));
    this._closePublish();
    this._closeSubscribe();
    this._localStream = null;
    if (this._ws && this._ws.readyState <= OPEN && !keepSocket) {
      this._ws.close(1000, reason);
    }
    window.removeEventListener('online', this._onOnline);
    document.removeEventListener('visibilitychange', this._onVisible);
    if (!wasClosed) {
      this._setState('closed', reason);
    }
  }

  _setState(state, reason) {
    if (state === this.state) {
      return;
    }
    const previous = this.state;
    this.state = state;
    this._emit('state', { state, previous, reason: reason ?? null });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
