// The subscribe half of RinjoClient's media (rinjo-client.js): everyone else's tracks, recvonly; the media
// node offers (again on every change), we answer, one offer at a time, in order. The node's answer to our
// publish offer comes the same way (an sdp message) and is handed on here too.
// Written as a mixin of the client's class: these methods share the client's fields.
import { OPEN } from './client-protocol.js';

/** @param {Function} Base the class to extend */
export const SubscribeMixin = Base => class extends Base {
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
};
