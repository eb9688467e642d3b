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

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 8000;
/** A publish connection that stays 'disconnected' this long is treated as failed. */
const DISCONNECTED_GRACE_MS = 5000;
/** How long to wait for the node's answer to a publish offer. */
const ANSWER_TIMEOUT_MS = 15000;
/** Keepalive: a half-open TCP connection on a mobile network never reports close; a missing pong does. */
const PING_INTERVAL_MS = 20000;
const PONG_TIMEOUT_MS = 10000;
/**
 * Back in view (the screen unlocked, the browser brought back from another app), the connection is
 * checked at once: the carrier may have dropped it meanwhile without a word, and the keepalive would
 * notice only at its next ping. A pong that takes longer than this counts as a dead connection.
 */
const RESUME_PONG_TIMEOUT_MS = 5000;
/**
 * What the phone sends at most: 1.5 Mbit/s (about 0.7 GB an hour on a site's data plan) and 20 frames
 * a second, which keeps 1280×720 sharp; on a weak link the frame rate goes down, not the resolution
 * (an inspection needs detail more than motion).
 */
const VIDEO_MAX_BITRATE = 1_500_000;
const VIDEO_MAX_FRAMERATE = 20;
/** Error codes after which trying again cannot succeed. */
const FATAL_CODES = new Set(['token-expired', 'token-revoked', 'session-closed', 'token-invalid']);
/** A bye for these reasons is final; any other (slow-consumer, idle-timeout…) is reconnected after. */
const FINAL_BYE_REASONS = new Set(['replaced', 'token-revoked', 'session-ended', 'session-cancelled']);
/** A publish that failed with these is not retried by itself (the client closed, or left the session). */
const NOT_RETRIED_PUBLISH = new Set(['closed', 'not-joined']);
/**
 * No media node took the publication (in a cluster, e.g. while one restarts): while joined, publishing
 * is tried again after 5 s, then 10, 20 and every 30 s, without touching the signaling connection.
 */
const PUBLISH_RETRY_MIN_MS = 5000;
const PUBLISH_RETRY_MAX_MS = 30000;
const FINAL_SESSION_STATUSES = new Set(['ENDED', 'CANCELLED']);
// WebSocket readyState values
const OPEN = 1;
const CLOSED = 3;

export class RinjoError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'RinjoError';
    this.code = code;
  }
}

export class RinjoClient extends EventTarget {
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
    const out = { publish: null, subscribe: null, inbound: [] };
    if (this._pub) {
      const report = await this._pub.getStats();
      const s = { video: null, audio: null, remoteInbound: [], pair: selectedPair(report) };
      report.forEach(r => {
        if (r.type === 'outbound-rtp' && r.kind === 'video') {
          s.video = pick(r, ['frameWidth', 'frameHeight', 'framesPerSecond', 'framesEncoded', 'framesSent', 'bytesSent',
            'packetsSent', 'qualityLimitationReason', 'encoderImplementation']);
        } else if (r.type === 'outbound-rtp' && r.kind === 'audio') {
          s.audio = pick(r, ['bytesSent', 'packetsSent']);
        } else if (r.type === 'remote-inbound-rtp') {
          // what the node reports back about our stream (RTCP receiver reports)
          s.remoteInbound.push({ kind: r.kind, ...pick(r, ['packetsLost', 'fractionLost', 'roundTripTime', 'jitter']) });
        }
      });
      out.publish = s;
    }
    if (this._sub) {
      const report = await this._sub.getStats();
      out.subscribe = { pair: selectedPair(report) };
      report.forEach(r => {
        if (r.type !== 'inbound-rtp') {
          return;
        }
        const remote = this._remote.get(r.mid)
          || [...this._remote.values()].find(x => x.track.id === r.trackIdentifier);
        if (!remote) {
          return; // an ended track's transceiver (inactive m-line)
        }
        const common = { participantId: remote.participantId, mid: r.mid ?? null, kind: r.kind,
          packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, jitter: r.jitter, bytesReceived: r.bytesReceived };
        out.inbound.push(r.kind === 'video'
          ? { ...common, ...pick(r, ['framesDecoded', 'frameWidth', 'frameHeight', 'framesPerSecond', 'decoderImplementation',
            'nackCount', 'retransmittedPacketsReceived']) }
          : { ...common, ...pick(r, ['audioLevel', 'totalSamplesReceived', 'concealedSamples']) });
      });
    }
    return out;
  }

  /** Remote tracks currently received: [{participantId, track, stream, mid}]. */
  get remoteTracks() {
    return [...this._remote.values()];
  }

  // ---------------------------------------------------------------------------------------------
  // Signaling

  /** Opens a new WebSocket and joins on it; resolves with the welcome. */
  _openAndJoin() {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new this._WebSocket(this.url);
      } catch (e) {
        reject(new RinjoError('connect-failed', e.message));
        return;
      }
      this._ws = ws;
      let joined = false;
      // a mobile network can leave a handshake hanging: give up on it and let the caller retry
      const openTimer = setTimeout(() => ws.close(), 15000);
      ws.addEventListener('open', () => {
        clearTimeout(openTimer);
        const { invitation, auth, sessionId } = this.credentials;
        this._request({ type: 'join', invitation, auth, sessionId }, 20000)
          .then(welcome => { joined = true; resolve(welcome); })
          .catch(e => {
            reject(e);
            if (ws.readyState === OPEN) {
              ws.close(1000, 'join-failed');
            }
          });
      });
      ws.addEventListener('message', e => {
        if (ws === this._ws) {
          this._onMessage(e.data);
        }
      });
      ws.addEventListener('close', e => {
        clearTimeout(openTimer);
        if (!joined) {
          reject(new RinjoError('connect-failed', `signaling connection closed (${e.code}${e.reason ? ' ' + e.reason : ''})`));
        }
        if (ws === this._ws) {
          this._onSocketClosed(e);
        }
      });
      // 'error' is always followed by 'close'; nothing to do here
    });
  }

  _onMessage(data) {
    let m;
    try {
      m = JSON.parse(data);
    } catch {
      return;
    }
    this._emit('message', m);
    const pending = m.ref != null ? this._pending.get(m.ref) : undefined;
    switch (m.type) {
      case 'welcome':
        this._onWelcome(m);
        break;
      case 'presence':
        if (m.event === 'joined') {
          this.participants.set(m.participant.participantId, m.participant);
        } else if (m.event === 'left') {
          this.participants.delete(m.participant.participantId);
        }
        this._emit('presence', m);
        break;
      case 'chat':
        this._emit('chat', m);
        break;
      case 'annotation':
        this._emit('annotation', m);
        break;
      case 'sdp':
        this._onSdp(m);
        break;
      case 'ice':
        // The node is ICE-lite: its candidates are in its SDP and it trickles none. Peer-to-peer
        // relaying (sdp/ice with `to`) is not used by this client.
        break;
      case 'session':
        if (FINAL_SESSION_STATUSES.has(m.status)) {
          this._stopReason = 'session-' + m.status.toLowerCase();
        }
        this._emit('session', m);
        if (this._stopReason === 'session-' + String(m.status).toLowerCase() && this.state !== 'closed') {
          // the session is over: leave by ourselves (state → closed with reason session-ended/-cancelled)
          this._leave(this._stopReason);
        }
        break;
      case 'recording':
        this._emit('recording', m);
        break;
      case 'pong':
        break;
      case 'error':
        if (FATAL_CODES.has(m.code)) {
          this._stopReason = m.code;
        }
        this._emit('error', { code: m.code, message: m.message, ref: m.ref ?? null });
        break;
      case 'bye':
        if (FINAL_BYE_REASONS.has(m.reason)) {
          // connected again elsewhere (another tab or device: that one wins), the invitation was
          // withdrawn, or the session is over: joining again cannot succeed
          this._stopReason = m.reason;
        }
        this._emit('bye', m);
        break;
      default:
        break;
    }
    if (pending) {
      this._pending.delete(m.ref);
      clearTimeout(pending.timer);
      if (m.type === 'error') {
        pending.reject(new RinjoError(m.code, m.message));
      } else {
        pending.resolve(m);
      }
    }
  }

  _onWelcome(m) {
    this.welcome = m;
    this._welcomeSocket = this._ws;
    this.participantId = m.participantId;
    this.participants = new Map(m.participants.map(p => [p.participantId, p]));
    this._attempt = 0;
    this._startKeepalive();
    if (!this._reconnecting) {
      this._setState('joined'); // the reconnect loop says so itself once media is back too
    }
    this._emit('welcome', m);
  }

  _onSocketClosed(e) {
    this._stopKeepalive();
    this._failPending(new RinjoError('disconnected', 'signaling connection closed'));
    if (this.state === 'closed' || this.state === 'connecting' || this._reconnecting) {
      return; // connect() or the reconnect loop handles it
    }
    if (this._stopReason) {
      this._shutdown(this._stopReason);
    } else {
      this._recover(`signaling closed (${e.code})`);
    }
  }

  _send(message) {
    const ws = this._ws;
    if (!ws || ws.readyState !== OPEN) {
      throw new RinjoError('disconnected', 'not connected to the signaling server');
    }
    ws.send(JSON.stringify({ v: 1, ...message }));
  }

  /** Sends a message with a fresh ref; resolves with the reply that echoes it (rejects on error or timeout). */
  _request(message, timeoutMs) {
    const ref = this._nextRef();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(ref);
        reject(new RinjoError('timeout', `no reply to ${message.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this._pending.set(ref, { resolve, reject, timer });
      try {
        this._send({ ...message, ref });
      } catch (e) {
        this._pending.delete(ref);
        clearTimeout(timer);
        reject(e);
      }
    });
  }

  _nextRef() {
    return 'r' + (++this._refSeq);
  }

  _failPending(error) {
    for (const p of this._pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this._pending.clear();
    this._pubAnswer?.reject(error);
  }

  _startKeepalive() {
    this._stopKeepalive();
    this._pingTimer = setInterval(() => this._ping(PONG_TIMEOUT_MS), PING_INTERVAL_MS);
  }

  /** Closes the WebSocket (and so reconnects) when the server's pong does not come within the time. */
  _ping(timeoutMs) {
    const ws = this._ws;
    this._request({ type: 'ping' }, timeoutMs).catch(e => {
      if (e.code === 'timeout' && ws === this._ws && ws.readyState === OPEN) {
        this._abandonSocket(ws, 'no pong');
      }
    });
  }

  /**
   * Gives up on a connection that no longer answers and reconnects at once: over a dead link the
   * close handshake itself can take a minute before the browser reports the close.
   */
  _abandonSocket(ws, reason) {
    ws.close(4000, reason);
    if (ws === this._ws) {
      this._ws = null; // whatever it still says is ignored, its close included
      this._onSocketClosed({ code: 4000 });
    }
  }

  /** The page is in view again: a reconnect waiting out its backoff tries now; a joined one checks its connection. */
  _checkNow() {
    if (this._reconnecting) {
      this._wakeUp?.();
    } else if (this._isJoined()) {
      this._ping(RESUME_PONG_TIMEOUT_MS);
    }
  }

  _stopKeepalive() {
    clearInterval(this._pingTimer);
    this._pingTimer = null;
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

  // ---------------------------------------------------------------------------------------------
  // Media: publish

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

  // ---------------------------------------------------------------------------------------------
  // Media: subscribe

  _onSdp(m) {
    if (m.from !== 'media') {
      return;
    }
    if (m.purpose === 'publish' && m.kind === 'answer') {
      this._pubAnswer?.resolve(m.sdp);
    } else if (m.purpose === 'subscribe' && m.kind === 'offer') {
      this._subQueue = this._subQueue
        .then(() => this._applySubscribeOffer(m.sdp))
        .catch(e => this._emit('error', { code: e.code || 'subscribe-failed', message: String(e.message || e), ref: null }));
    }
  }

  async _applySubscribeOffer(sdp) {
    if (this.state === 'closed') {
      return;
    }
    if (!this._sub) {
      this._createSubscribe();
    }
    try {
      await this._sub.setRemoteDescription({ type: 'offer', sdp });
    } catch (e) {
      // An offer that does not fit the existing connection (the node restarted or we re-joined as
      // new): start a fresh subscribe connection with it.
      this._closeSubscribe();
      this._createSubscribe();
      await this._sub.setRemoteDescription({ type: 'offer', sdp });
    }
    const pc = this._sub;
    await pc.setLocalDescription(await pc.createAnswer());
    this._send({ type: 'sdp', kind: 'answer', purpose: 'subscribe', sdp: pc.localDescription.sdp });
    // Tracks whose m-line went inactive (or was rejected) in this offer are gone.
    for (const t of pc.getTransceivers()) {
      const active = t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv';
      if (!active && t.mid != null && this._remote.has(t.mid)) {
        this._endRemote(t.mid);
      }
    }
  }

  _createSubscribe() {
    const pc = this._sub = this._newPeerConnection();
    pc.addEventListener('track', e => {
      const mid = e.transceiver.mid;
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      if (this._remote.has(mid)) {
        this._endRemote(mid); // the transceiver was reused for another track
      }
      const remote = { participantId: e.streams[0]?.id ?? null, track: e.track, stream, mid };
      this._remote.set(mid, remote);
      this._emit('remoteTrack', remote);
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc === this._sub && pc.connectionState === 'failed') {
        // The node re-offers when we join again; drop the dead connection and re-join.
        this._closeSubscribe();
        if (this._ws?.readyState === OPEN) {
          this._ws.close(4001, 'subscribe connection failed'); // → reconnect
        }
      }
    });
    this._trickle(pc, 'subscribe');
  }

  _endRemote(mid) {
    const remote = this._remote.get(mid);
    this._remote.delete(mid);
    this._emit('remoteTrackEnded', remote);
  }

  _closeSubscribe() {
    for (const mid of [...this._remote.keys()]) {
      this._endRemote(mid);
    }
    if (this._sub) {
      this._sub.close();
      this._sub = null;
    }
  }
}

// -----------------------------------------------------------------------------------------------
// Helpers

function pick(obj, keys) {
  const out = {};
  for (const k of keys) {
    if (obj[k] !== undefined) {
      out[k] = obj[k];
    }
  }
  return out;
}

/** currentRoundTripTime and availableOutgoingBitrate of the selected candidate pair. */
function selectedPair(report) {
  let pair = null;
  report.forEach(r => {
    if (r.type === 'transport' && r.selectedCandidatePairId) {
      pair = report.get(r.selectedCandidatePairId);
    }
  });
  if (!pair) {
    report.forEach(r => {
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
        pair = r;
      }
    });
  }
  return pair ? pick(pair, ['currentRoundTripTime', 'availableOutgoingBitrate', 'bytesSent', 'bytesReceived']) : null;
}

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
