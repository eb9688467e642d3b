// Test-only: a stand-in for the signaling server and the media node, inside the page, so the media
// half of rinjo-client.js can be exercised before the real node exists. The client gets
// `node.WebSocket` as its WebSocket constructor; the "node" answers joins and publish offers with real
// RTCPeerConnections and offers other participants' tracks on a subscribe connection, like the SFU will
// (one sendonly transceiver per forwarded track, msid stream id = the publisher's participant id,
// inactive when a publisher goes). Unlike the real node it is a full ICE agent, not ICE-lite.

const OPEN = 1;
const CLOSED = 3;

/** Resolves once the connection has gathered its candidates (the node does not trickle). */
function gathered(pc) {
  if (pc.iceGatheringState === 'complete') {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      if (pc.iceGatheringState === 'complete') {
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      }
    };
    pc.addEventListener('icegatheringstatechange', done);
  });
}

function fingerprintOf(sdp) {
  return /^a=fingerprint:(.+)$/m.exec(sdp || '')?.[1];
}

class FakeSocket extends EventTarget {
  constructor(url, node) {
    super();
    this.url = url;
    this.node = node;
    this.readyState = 0;
    node.sockets.push(this);
    setTimeout(() => {
      this.readyState = OPEN;
      this.dispatchEvent(new Event('open'));
    }, 0);
  }

  send(text) {
    if (this.readyState !== OPEN) {
      throw new DOMException('not open', 'InvalidStateError');
    }
    const m = JSON.parse(text);
    this.node.received.push(m);
    setTimeout(() => this.node.onClientMessage(this, m).catch(e => this.node.failures.push(String(e))), 0);
  }

  /** node → client */
  deliver(m) {
    if (this.readyState === OPEN) {
      this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(m) }));
    }
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) {
      return;
    }
    this.readyState = CLOSED;
    setTimeout(() => this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean: true })), 0);
  }
}

export class FakeMediaNode {
  constructor(participantId = 'par_me') {
    this.participantId = participantId;
    this.sockets = [];
    this.received = [];      // every message the client sent
    this.failures = [];      // errors inside the fake node (a test asserts there are none)
    this.pub = null;         // node side of the client's publish connection
    this.pubFingerprint = null;
    this.publishOffers = 0;
    this.sub = null;         // node side of the client's subscribe connection
    this.others = new Map(); // participantId → {stream, transceivers}
    this.subscribeAnswers = 0;
    this.forgetOnNextPublish = false;
    this.onPublishedTrack = null; // (track, stream) => void
    const node = this;
    this.WebSocket = class extends FakeSocket {
      constructor(url) {
        super(url, node);
      }
    };
  }

  get socket() {
    return this.sockets.findLast(s => s.readyState === OPEN);
  }

  async onClientMessage(socket, m) {
    switch (m.type) {
      case 'join':
        socket.deliver({ v: 1, type: 'welcome', ref: m.ref, participantId: this.participantId, role: 'CONTRACTOR',
          session: { sessionId: 'ses_fake', status: 'LIVE' }, mediaNode: true, iceServers: [],
          participants: [{ participantId: this.participantId, displayName: '現場代理人', role: 'CONTRACTOR' },
            ...[...this.others.keys()].map(id => ({ participantId: id, displayName: id, role: 'INSPECTOR' }))] });
        break;
      case 'leave':
        socket.deliver({ v: 1, type: 'bye', reason: 'left' });
        socket.close(1000, 'left');
        break;
      case 'ping':
        socket.deliver({ v: 1, type: 'pong', ref: m.ref, at: new Date().toISOString() });
        break;
      case 'sdp':
        if (m.purpose === 'publish' && m.kind === 'offer') {
          await this.answerPublish(socket, m.sdp);
        } else if (m.purpose === 'subscribe' && m.kind === 'answer') {
          this.subscribeAnswers++;
          // a repeated offer gets a repeated answer; only the one for the outstanding offer applies
          if (this.sub?.signalingState === 'have-local-offer') {
            await this.sub.setRemoteDescription({ type: 'answer', sdp: m.sdp });
          }
        }
        break;
      default:
        break;
    }
  }

  async answerPublish(socket, sdp) {
    this.publishOffers++;
    // A new client connection (new DTLS identity) or a node that "lost" the participant: start over.
    if (!this.pub || this.pub.connectionState === 'closed' || this.forgetOnNextPublish
      || fingerprintOf(sdp) !== this.pubFingerprint) {
      this.forgetOnNextPublish = false;
      this.pub?.close();
      const pc = this.pub = new RTCPeerConnection();
      pc.ontrack = e => this.onPublishedTrack?.(e.track, e.streams[0]);
    }
    this.pubFingerprint = fingerprintOf(sdp);
    await this.pub.setRemoteDescription({ type: 'offer', sdp });
    await this.pub.setLocalDescription();
    await gathered(this.pub);
    socket.deliver({ v: 1, type: 'sdp', from: 'media', kind: 'answer', purpose: 'publish', sdp: this.pub.localDescription.sdp });
  }

  /** The node loses the client's publish connection without a word (crash, network): the client must notice. */
  dropPublish() {
    this.pub.close();
  }

  /** Starts forwarding a participant's tracks to the client (a new subscribe offer). */
  async addParticipant(participantId, stream) {
    this.sub ??= new RTCPeerConnection();
    const transceivers = stream.getTracks().map(track =>
      this.sub.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
    this.others.set(participantId, { stream, transceivers });
    this.socket?.deliver({ v: 1, type: 'presence', event: 'joined',
      participant: { participantId, displayName: participantId, role: 'INSPECTOR' } });
    await this.offerSubscribe();
  }

  /** Stops forwarding a participant's tracks: their m-lines go inactive. */
  async removeParticipant(participantId) {
    const other = this.others.get(participantId);
    this.others.delete(participantId);
    for (const t of other.transceivers) {
      t.direction = 'inactive';
      await t.sender.replaceTrack(null);
    }
    this.socket?.deliver({ v: 1, type: 'presence', event: 'left',
      participant: { participantId, displayName: participantId, role: 'INSPECTOR' }, reason: 'left' });
    await this.offerSubscribe();
  }

  /** The node "restarts": a new subscribe connection carrying the same participants. */
  async restartSubscribe() {
    this.sub?.close();
    this.sub = new RTCPeerConnection();
    for (const other of this.others.values()) {
      other.transceivers = other.stream.getTracks().map(track =>
        this.sub.addTransceiver(track, { direction: 'sendonly', streams: [other.stream] }));
    }
    await this.offerSubscribe();
  }

  /** Sends the current subscribe offer, `times` times in a row without waiting (tests the client's queue). */
  async offerSubscribe(times = 1) {
    const pc = this.sub;
    if (pc.signalingState !== 'stable') {
      await new Promise(resolve => {
        const check = () => pc.signalingState === 'stable' && (pc.removeEventListener('signalingstatechange', check), resolve());
        pc.addEventListener('signalingstatechange', check);
      });
    }
    await pc.setLocalDescription();
    await gathered(pc);
    let sdp = pc.localDescription.sdp;
    for (const [participantId, other] of this.others) {
      sdp = sdp.replaceAll(other.stream.id, participantId); // msid stream id = publisher's participant id
    }
    for (let i = 0; i < times; i++) {
      this.socket.deliver({ v: 1, type: 'sdp', from: 'media', kind: 'offer', purpose: 'subscribe', sdp });
    }
  }

  /** What the node receives from the client's publish connection. */
  async publishStats() {
    const out = { connectionState: this.pub?.connectionState ?? null, video: null, audio: null };
    if (this.pub) {
      (await this.pub.getStats()).forEach(r => {
        if (r.type === 'inbound-rtp') {
          out[r.kind] = { packetsReceived: r.packetsReceived, framesDecoded: r.framesDecoded,
            frameWidth: r.frameWidth, frameHeight: r.frameHeight };
        }
      });
    }
    return out;
  }
}
