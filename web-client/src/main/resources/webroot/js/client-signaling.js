// The signaling half of RinjoClient (rinjo-client.js): the WebSocket, joining on it, the server's
// messages, requests and their replies, and the keepalive that notices a dead mobile connection.
// Written as a mixin of the client's class: these methods share the client's fields and state machine
// (rinjo-client.js declares them, and holds the reconnection that uses them).
import { RinjoError, FATAL_CODES, OPEN } from './client-protocol.js';

/** Keepalive: a half-open TCP connection on a mobile network never reports close; a missing pong does. */
const PING_INTERVAL_MS = 20000;
const PONG_TIMEOUT_MS = 10000;
/**
 * Back in view (the screen unlocked, the browser brought back from another app), the connection is
 * checked at once: the carrier may have dropped it meanwhile without a word, and the keepalive would
 * notice only at its next ping. A pong that takes longer than this counts as a dead connection.
 */
const RESUME_PONG_TIMEOUT_MS = 5000;
/** A bye for these reasons is final; any other (slow-consumer, idle-timeout…) is reconnected after. */
const FINAL_BYE_REASONS = new Set(['replaced', 'token-revoked', 'session-ended', 'session-cancelled']);
const FINAL_SESSION_STATUSES = new Set(['ENDED', 'CANCELLED']);

/** @param {Function} Base the class to extend (in the end EventTarget) */
export const SignalingMixin = Base => class extends Base {
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
};
