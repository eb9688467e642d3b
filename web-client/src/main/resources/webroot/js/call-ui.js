// Parts of the call screen that the contractor's and the inspector's pages share: remote media,
// recording state, reconnect banner, connection quality, chat and the participant list.
import { h, play } from './dom.js';
import { t, setText, clearText } from './i18n.js';
import { formatTimeJst } from './time.js';

/**
 * The recording area. "記録中" is shown only when the server says so ({type: 'recording', state:
 * 'recording'}); until then the state is "確認中", never a guess.
 */
export function recordingIndicator(el, client) {
  const show = (key, cls) => {
    setText(el, key);
    el.className = 'rec ' + cls;
    el.dataset.state = cls;
  };
  show('rec.checking', 'rec-unknown');
  client.addEventListener('recording', e => {
    const state = e.detail?.state;
    if (state === 'recording') {
      show('rec.on', 'rec-on');
    } else if (state === 'failed' || state === 'error') {
      show('rec.failed', 'rec-failed');
    } else if (state === 'stopped') {
      show('rec.stopped', 'rec-stopped');
    } else {
      show('rec.checking', 'rec-unknown');
    }
  });
}

/**
 * A wait of the page, shortened by a browser test that passes ?test&{name}={ms} in the page's URL,
 * so the test does not sit out a real user's wait; {@code ms} otherwise.
 */
export function testWaitMs(name, ms) {
  const q = new URLSearchParams(location.search);
  const v = q.has('test') ? Number(q.get(name)) : NaN;
  return v > 0 ? v : ms;
}

/** How long a reconnect may go on before the banner says what the person can do about it. */
export const LONG_RECONNECT_MS = testWaitMs('longReconnect', 15000);

/**
 * "再接続中…" while the client reconnects by itself, and after {@link LONG_RECONNECT_MS} what to try
 * (a better signal: the client keeps trying on its own); "再接続しました" briefly when it is back.
 */
export function reconnectBanner(el, client) {
  let timer = null;
  let longTimer = null;
  client.addEventListener('state', e => {
    const { state, previous } = e.detail;
    clearTimeout(timer);
    if (state !== 'reconnecting') {
      clearTimeout(longTimer);
      longTimer = null;
    }
    if (state === 'reconnecting') {
      if (!longTimer) {
        setText(el, 'call.reconnecting');
        longTimer = setTimeout(() => setText(el, 'call.reconnectingLong'), LONG_RECONNECT_MS);
      }
      el.className = 'banner banner-warn';
      el.hidden = false;
      el.dataset.state = 'reconnecting';
    } else if (state === 'joined' && previous === 'reconnecting') {
      setText(el, 'call.reconnected');
      el.className = 'banner banner-ok';
      el.hidden = false;
      el.dataset.state = 'reconnected';
      timer = setTimeout(() => { el.hidden = true; }, 4000);
    } else {
      el.hidden = true;
      el.dataset.state = state;
    }
  });
}

/**
 * Connection quality from client.stats() every 2 s: round-trip time, bitrate (outgoing when this page
 * publishes the main stream, incoming otherwise) and packets lost.
 * @param {'send'|'receive'} direction
 */
export function qualityMonitor(el, client, direction) {
  let last = null;
  const tick = async () => {
    if (client.state === 'closed') {
      return;
    }
    let s;
    try {
      s = await client.stats();
    } catch {
      return;
    }
    const now = performance.now();
    const pub = s.publish;
    const rtt = pub?.pair?.currentRoundTripTime ?? s.subscribe?.pair?.currentRoundTripTime ?? null;
    let bytes;
    let lost;
    let packets;
    if (direction === 'send') {
      bytes = (pub?.video?.bytesSent ?? 0) + (pub?.audio?.bytesSent ?? 0);
      packets = (pub?.video?.packetsSent ?? 0) + (pub?.audio?.packetsSent ?? 0);
      lost = (pub?.remoteInbound ?? []).reduce((n, r) => n + Math.max(0, r.packetsLost ?? 0), 0);
    } else {
      bytes = s.inbound.reduce((n, r) => n + (r.bytesReceived ?? 0), 0);
      packets = s.inbound.reduce((n, r) => n + (r.packetsReceived ?? 0), 0);
      lost = s.inbound.reduce((n, r) => n + Math.max(0, r.packetsLost ?? 0), 0);
    }
    let kbps = null;
    let lossPct = null;
    if (last && now > last.at) {
      kbps = Math.max(0, (bytes - last.bytes) * 8 / (now - last.at));
      const dp = packets - last.packets;
      const dl = lost - last.lost;
      lossPct = dp + dl > 0 ? Math.max(0, 100 * dl / (dp + dl)) : 0;
    }
    last = { at: now, bytes, packets, lost };
    render({ rtt, kbps, lost, lossPct, connected: (pub?.pair || s.subscribe?.pair) != null });
  };
  const render = q => {
    const rttMs = q.rtt == null ? null : Math.round(q.rtt * 1000);
    let level;
    if (!q.connected || q.kbps == null) {
      level = 'none';
    } else if ((rttMs ?? 0) < 300 && (q.lossPct ?? 0) < 2) {
      level = 'good';
    } else if ((rttMs ?? 0) < 800 && (q.lossPct ?? 0) < 8) {
      level = 'fair';
    } else {
      level = 'poor';
    }
    el.className = 'quality q-' + level;
    Object.assign(el.dataset, { level, rttMs: rttMs ?? '', kbps: q.kbps == null ? '' : Math.round(q.kbps), lost: q.lost });
    const label = el.querySelector('.q-label') || el.appendChild(h('span', { class: 'q-label' }));
    const detail = el.querySelector('.q-detail') || el.appendChild(h('span', { class: 'q-detail' }));
    setText(label, 'quality.' + level);
    const rate = q.kbps == null ? '—' : q.kbps >= 1000 ? (q.kbps / 1000).toFixed(1) + ' Mbps' : Math.round(q.kbps) + ' kbps';
    setText(detail, direction === 'send' ? 'quality.detailSend' : 'quality.detailReceive',
      { rtt: rttMs == null ? '—' : rttMs + ' ms', rate, lost: q.lost ?? 0 });
  };
  render({ rtt: null, kbps: null, lost: 0, connected: false });
  const timer = setInterval(tick, 2000);
  tick();
  return { stop: () => clearInterval(timer) };
}

/** Chat: the log is an aria-live region; the sender's own message comes back from the server too. */
export function chatPanel({ log, form, input, status, badge, details }, client) {
  let unread = 0;
  const updateBadge = () => {
    if (badge) {
      badge.textContent = unread ? String(unread) : '';
      badge.hidden = !unread;
    }
  };
  details?.addEventListener('toggle', () => {
    if (details.open) {
      unread = 0;
      updateBadge();
      log.scrollTop = log.scrollHeight;
    }
  });
  client.addEventListener('chat', e => {
    const m = e.detail;
    const mine = m.from === client.participantId;
    const when = m.at ? formatTimeJst(m.at) : '';
    log.append(h('li', { class: 'chat-msg' + (mine ? ' mine' : '') },
      h('span', { class: 'chat-who', text: mine ? t('chat.me') : (m.displayName || '') }),
      h('time', { class: 'chat-time', datetime: m.at || '', text: when }),
      h('p', { class: 'chat-text', text: m.text })));
    log.scrollTop = log.scrollHeight;
    if (details && !details.open && !mine) {
      unread++;
      updateBadge();
    }
  });
  // one page may hold several calls one after another: the form sends through the latest client only
  if (form.rinjoSubmit) {
    form.removeEventListener('submit', form.rinjoSubmit);
  }
  form.rinjoSubmit = e => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    try {
      client.chat(text.slice(0, 2000));
      input.value = '';
      clearText(status);
    } catch {
      setText(status, 'chat.notSent');
    }
  };
  form.addEventListener('submit', form.rinjoSubmit);
  updateBadge();
}

/** The participant list, from the welcome and every presence change. */
export function participantsList(ul, client) {
  const render = () => {
    ul.replaceChildren(...[...client.participants.values()].map(p => h('li', { dataset: { participant: p.participantId } },
      h('span', { class: 'p-name', text: p.displayName }),
      ' ',
      h('span', { class: 'p-role', text: t('role.' + p.role) }),
      p.participantId === client.participantId ? h('span', { class: 'p-self', text: ' ' + t('call.you') }) : null)));
  };
  client.addEventListener('welcome', render);
  client.addEventListener('presence', render);
  client.addEventListener('state', e => {
    if (e.detail.state === 'closed') {
      window.removeEventListener('langchange', render);
    }
  });
  window.addEventListener('langchange', render);
}

/**
 * Attaches the remote tracks: audio to hidden <audio> elements, the main participant's video to the
 * large area and anyone else's to small tiles. `isMain(participantId)` says who may go large: the newest
 * such video does, unless choose() named one (two contractors streaming: the inspector picks the picture he
 * looks at and points on). The large area gets a `stagechange` event {participantId} when another video
 * (or none) takes it; onLayout() is called after every layout.
 */
export class RemoteMedia {
  constructor({ main, placeholder, tiles, audio, onAudioBlocked, onLayout }, client, isMain) {
    this.main = main;
    this.chosen = null;
    this.onStage = null;
    this.onLayout = onLayout;
    this.placeholder = placeholder;
    this.tiles = tiles;
    this.audio = audio;
    this.client = client;
    this.isMain = isMain;
    this.onAudioBlocked = onAudioBlocked;
    client.addEventListener('remoteTrack', e => this._add(e.detail));
    client.addEventListener('remoteTrackEnded', e => this._remove(e.detail));
    client.addEventListener('presence', () => this.layout());
  }

  _add({ participantId, track, stream, mid }) {
    this._removeMid(mid);
    if (track.kind === 'audio') {
      const a = h('audio', { autoplay: true, dataset: { mid, participant: participantId ?? '' } });
      a.srcObject = stream;
      this.audio.append(a);
      const p = a.play();
      p?.catch(err => {
        if (err?.name === 'NotAllowedError') {
          this.onAudioBlocked?.();
        }
      });
      return;
    }
    const v = h('video', { autoplay: true, playsinline: true, muted: true, class: 'remote-video',
      dataset: { mid, participant: participantId ?? '' } });
    v.muted = true;
    v.srcObject = new MediaStream([track]);
    const name = this.client.participants.get(participantId)?.displayName;
    if (name) {
      v.setAttribute('aria-label', t('call.videoOf', { name }));
    }
    this.tiles.append(v);
    play(v);
    this.layout();
  }

  _remove({ mid }) {
    this._removeMid(mid);
    this.layout();
  }

  _removeMid(mid) {
    for (const el of [...this.main.querySelectorAll('[data-mid]'), ...this.tiles.querySelectorAll('[data-mid]'),
      ...this.audio.querySelectorAll('[data-mid]')]) {
      if (el.dataset.mid === String(mid)) {
        el.srcObject = null;
        el.remove();
      }
    }
  }

  /** Puts this participant's video large from now on, while there is one (null: the newest again). */
  choose(participantId) {
    this.chosen = participantId;
    this.layout();
  }

  /** The participants whose video may go large, in the order their videos came; and who is large now. */
  stageChoices() {
    const videos = [...this.main.querySelectorAll('video'), ...this.tiles.querySelectorAll('video')];
    return { ids: [...new Set(videos.map(v => v.dataset.participant).filter(id => id && this.isMain(id)))], onStage: this.onStage };
  }

  /** The chosen participant's video goes large, else the main participant's newest; any other video becomes a tile. */
  layout() {
    const videos = [...this.main.querySelectorAll('video'), ...this.tiles.querySelectorAll('video')];
    const mains = videos.filter(v => this.isMain(v.dataset.participant));
    const picked = mains.filter(v => v.dataset.participant === this.chosen);
    const chosen = picked[picked.length - 1] ?? mains[mains.length - 1] ?? null;
    for (const v of videos) {
      const parent = v === chosen ? this.main : this.tiles;
      if (v.parentElement !== parent) {
        parent.append(v);
        play(v);
      }
    }
    if (this.placeholder) {
      this.placeholder.hidden = !!chosen;
    }
    this.tiles.hidden = this.tiles.childElementCount === 0;
    const onStage = chosen?.dataset.participant || null;
    if (onStage !== this.onStage) {
      this.onStage = onStage;
      this.main.dispatchEvent(new CustomEvent('stagechange', { detail: { participantId: onStage } }));
    }
    this.onLayout?.();
  }

  /** Resumes audio after the browser refused autoplay (call from a click). */
  resumeAudio() {
    for (const a of this.audio.querySelectorAll('audio')) {
      play(a);
    }
  }

  /** What a viewer sees (for tests and diagnostics): size and frames decoded per remote video. */
  async videos() {
    const inbound = (await this.client.stats()).inbound ?? [];
    return [...this.main.querySelectorAll('video'), ...this.tiles.querySelectorAll('video')].map(v => ({
      participantId: v.dataset.participant,
      main: v.parentElement === this.main,
      width: v.videoWidth,
      height: v.videoHeight,
      framesDecoded: inbound.filter(x => x.kind === 'video' && x.participantId === v.dataset.participant)
        .reduce((n, x) => Math.max(n, x.framesDecoded ?? 0), 0),
    }));
  }

  /** Audio packets received from others. */
  async audioPackets() {
    const inbound = (await this.client.stats()).inbound ?? [];
    return inbound.filter(x => x.kind === 'audio').reduce((n, x) => n + (x.packetsReceived ?? 0), 0);
  }

  clear() {
    for (const el of [...this.main.querySelectorAll('video'), ...this.tiles.children, ...this.audio.children]) {
      el.srcObject = null;
      el.remove();
    }
    this.layout();
  }
}

/** A test hook, installed only with ?test in the page's URL: window.__rinjo. */
export function installTestHookIfAsked(get) {
  if (!new URLSearchParams(location.search).has('test')) {
    return;
  }
  window.__rinjo = {
    /** Every state the page's clients went through, in order. */
    states: [],
    attach(client) { client.addEventListener('state', e => this.states.push(e.detail.state)); },
    get client() { return get().client; },
    get state() { return get().client?.state ?? 'none'; },
    videos() { return get().remote?.videos() ?? []; },
    audioPackets() { return get().remote?.audioPackets() ?? 0; },
    /** The network drops: the signaling WebSocket closes under the client. */
    dropNetwork() { get().client._ws.close(); return 'dropped'; },
  };
}
