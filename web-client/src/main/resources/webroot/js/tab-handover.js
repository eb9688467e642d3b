// One tab at a time holds the camera and the call of an invitation. A contractor often taps the link
// again (in mail or LINE) while a tab of it is still open; on a phone the camera is exclusive, so the
// new tab would get "camera busy" while the old one, out of sight, keeps it. The new tab therefore
// says so on a BroadcastChannel of that invitation BEFORE it asks for the camera; the tab that holds it
// stops its camera and microphone, leaves the call, shows why, and answers; then the new tab opens the
// camera. The newest claim wins: two tabs claiming at once end with the later one holding.
//
// While a tab holds, it also holds a Web Lock of the same name: a new tab that finds no such lock knows
// at once that no other tab holds, and waits for nobody (the usual case: the link opened once).
// Without BroadcastChannel (old browsers) nothing of this happens, as before.

/**
 * How long a new tab waits for the holder's answer. A tab that is running answers within tens of
 * milliseconds (a message between tabs of one browser, and track.stop() is synchronous); one that does
 * not answer within a second is frozen in the background (iOS suspends background tabs' scripts) and
 * would not answer until it is shown: waiting longer would only keep the contractor looking at
 * "カメラを起動しています…". After this the new tab asks for the camera all the same.
 */
export const ANSWER_WAIT_MS = 1000;
const PREFIX = 'rinjo-holder:';

export class TabHandover {
  /**
   * @param {string} key what is held: one per invitation (the same participant in every tab)
   * @param {() => void} onTakenAway called (synchronously, before the answer goes) when another tab
   *   claims: stop every camera and microphone track here, leave the call, say why
   */
  constructor(key, onTakenAway) {
    this.name = PREFIX + key;
    this.id = Math.random().toString(36).slice(2) + Date.now().toString(36);
    this.holding = false;
    this._onTakenAway = onTakenAway;
    this._claimedAt = 0;
    this._answered = null; // resolves the pending claim when the holder answers
    this._unlock = null;
    this._channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.name) : null;
    this._channel?.addEventListener('message', e => this._onMessage(e.data));
  }

  /**
   * Call before opening the camera: makes this tab the holder, asking the tab that held to let go.
   * Resolves when that tab answered, at once when no tab holds, or after {@link ANSWER_WAIT_MS}.
   * Check `holding` afterwards: a newer tab may have claimed meanwhile.
   * @returns {Promise<boolean>} whether another tab let go (its camera may take the phone a moment to free)
   */
  async claim() {
    if (this.holding) {
      return false;
    }
    this.holding = true;
    this._claimedAt = Date.now();
    if (!this._channel) {
      return false;
    }
    const someoneHolds = await this._anotherHolds();
    this._lock();
    if (!this.holding) {
      return false; // a newer tab claimed while we looked
    }
    const answered = new Promise(resolve => {
      const timer = setTimeout(() => resolve(false), someoneHolds === false ? 0 : ANSWER_WAIT_MS);
      this._answered = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this._post({ type: 'claim', from: this.id, at: this._claimedAt });
    try {
      return await answered;
    } finally {
      this._answered = null;
    }
  }

  /** This tab gives up what it held by itself (left, the session ended, the server replaced it). */
  release() {
    this.holding = false;
    this._unlock?.();
    this._unlock = null;
  }

  _onMessage(m) {
    if (m?.type === 'claim' && m.from !== this.id) {
      // our own claim is newer (two tabs claimed at once): we keep it and say so again, so the older yields
      if (this._claimedAt > m.at || (this._claimedAt === m.at && this.id > m.from)) {
        if (this.holding) {
          this._post({ type: 'claim', from: this.id, at: this._claimedAt });
        }
        return;
      }
      if (!this.holding) {
        return;
      }
      this.release();
      try {
        this._onTakenAway();
      } finally {
        this._post({ type: 'released', from: this.id, to: m.from });
      }
    } else if (m?.type === 'released' && m.to === this.id) {
      this._answered?.();
    }
  }

  _post(m) {
    try {
      this._channel.postMessage(m);
    } catch {
      // a closed channel (the page is going away): nothing to tell
    }
  }

  /** true or false from the Web Locks of this origin; null where the browser has none (then we wait). */
  async _anotherHolds() {
    if (!navigator.locks?.query) {
      return null;
    }
    try {
      const { held = [], pending = [] } = await navigator.locks.query();
      return [...held, ...pending].some(l => l.name === this.name);
    } catch {
      return null;
    }
  }

  _lock() {
    if (!navigator.locks?.request || !this.holding) {
      return;
    }
    const abort = new AbortController();
    let unlock;
    const held = new Promise(resolve => { unlock = resolve; });
    // queued behind a frozen tab's lock, this one is granted when that tab goes; given up on release
    navigator.locks.request(this.name, { signal: abort.signal }, () => held).catch(() => {});
    this._unlock = () => {
      abort.abort();
      unlock();
    };
  }
}
