// Test-only: window.rinjo, a small API over /js/rinjo-client.js for Java tests driving a page through
// the DevTools protocol. Every event the client emits is recorded (as plain JSON) in rinjo.log.
import { RinjoClient } from '/js/rinjo-client.js';

const EVENTS = ['state', 'welcome', 'presence', 'chat', 'annotation', 'session', 'error', 'bye', 'recording',
  'remoteTrack', 'remoteTrackEnded', 'publishState'];

// MediaStreamTracks and streams are not JSON: keep what a test can assert on.
function plain(type, d) {
  if (type === 'remoteTrack' || type === 'remoteTrackEnded') {
    return { participantId: d.participantId, kind: d.track.kind, mid: d.mid, trackId: d.track.id };
  }
  return JSON.parse(JSON.stringify(d ?? null));
}

/**
 * Installs window.rinjo; defaults are added to the RinjoClient options of every join, onClient (if
 * given) sees each new client before it connects.
 */
export function installRinjo(defaults = {}, onClient = null) {
  const out = document.getElementById('out');
  const rinjo = window.rinjo = {
    client: null,
    log: [],
    stream: null,

    /** options: {invitation} or {auth, sessionId}; resolves with the welcome or {error: code}. */
    async join(options) {
      const c = this.client = new RinjoClient({ ...defaults, ...options });
      for (const type of EVENTS) {
        c.addEventListener(type, e => {
          this.log.push({ type, detail: plain(type, e.detail) });
          if (out) {
            out.textContent += type + ' ' + JSON.stringify(plain(type, e.detail)).slice(0, 160) + '\n';
          }
        });
      }
      onClient?.(c);
      try {
        return await c.connect();
      } catch (e) {
        return { error: e.code, message: e.message };
      }
    },

    /** Publishes the fake camera and microphone; resolves with 'ok' or {error: code}. */
    async publish(constraints = { video: { width: 640, height: 480 }, audio: true }) {
      this.stream ??= await navigator.mediaDevices.getUserMedia(constraints);
      try {
        await this.client.publish(this.stream);
        return 'ok';
      } catch (e) {
        return { error: e.code, message: e.message };
      }
    },

    chat(text) { this.client.chat(text); },
    leave() { return this.client.leave(); },
    get state() { return this.client?.state ?? 'none'; },
    get participantId() { return this.client?.participantId ?? null; },
    participants() { return [...(this.client?.participants.keys() ?? [])]; },
    events(type) { return this.log.filter(e => e.type === type).map(e => e.detail); },
    /** Debug hook: the client's current signaling WebSocket. */
    get _ws() { return this.client._ws; },
  };
  return rinjo;
}
