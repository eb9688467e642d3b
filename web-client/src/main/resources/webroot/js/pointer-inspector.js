// The inspector points at the site video (指し示し): a click or tap puts a pointer on what he means, a
// press-and-drag draws a freehand line, 消去 takes all marks away. By keyboard: the video area takes
// focus, the arrow keys move a cursor (Shift: in larger steps), Enter or Space points, Escape or Delete
// clears. Points are sent normalised to the video's frame (not its letterboxed element), so they land
// on the same object on the contractor's phone; a click in the black bars points at nothing and sends
// nothing. His own marks are drawn here too, and so are those of other inspectors in the session.
import { h } from './dom.js';
import { setText, clearText } from './i18n.js';
import { toFrame, nudge, decimate } from './pointer-geometry.js';
import { MarkLayer, MARK_COLOR } from './pointer-marks.js';

/** A press that moves less than this (px) is a click: a pointer, not a line. */
const DRAG_PX = 8;
/** The second click of a double-click (full screen) points at the same spot again: it is not sent twice. */
const REPEAT_MS = 500;
const STEP = 0.02;
const BIG_STEP = 0.1;

let pointing = null;

/** Lets the inspector point on this call's site video (one set-up per page, following the latest call). */
export function pointOnSiteVideo(stage, client) {
  pointing ??= new InspectorPointing(stage);
  pointing.attach(client);
  return pointing;
}

class InspectorPointing {
  constructor(stage) {
    this.stage = stage;
    this.client = null;
    this.layer = new MarkLayer(stage, () => stage.querySelector('video'));
    this.cursor = [0.5, 0.5];
    this.lastPointer = null;
    this.stroke = null;
    this.hint = h('p', { id: 'pointer-hint', class: 'pointer-hint' });
    setText(this.hint, 'pointer.hint');
    this.status = h('p', { class: 'visually-hidden', role: 'status' });
    const clear = h('button', { type: 'button', id: 'pointer-clear', class: 'btn btn-small pointer-clear' });
    setText(clear, 'pointer.clear');
    clear.addEventListener('click', () => this.clear());
    this.bar = h('div', { class: 'pointer-bar' }, this.hint, clear, this.status);
    stage.append(this.bar);
    stage.tabIndex = 0;
    // the arrow keys move the cursor: a screen reader passes them on to the page in an application
    stage.setAttribute('role', 'application');
    stage.setAttribute('aria-describedby', 'pointer-hint');
    stage.addEventListener('pointerdown', e => this._down(e));
    stage.addEventListener('pointermove', e => this._move(e));
    stage.addEventListener('pointerup', e => this._up(e));
    stage.addEventListener('pointercancel', () => this._cancel());
    stage.addEventListener('keydown', e => this._key(e));
    // the cursor is for the keyboard: a click that focuses the video shows none
    stage.addEventListener('focus', () => stage.matches(':focus-visible') && this.layer.setCursor(this.cursor));
    stage.addEventListener('blur', () => this.layer.setCursor(null));
  }

  attach(client) {
    this.client = client;
    this.layer.clear();
    clearText(this.status);
    client.addEventListener('annotation', e => {
      if (client !== this.client) {
        return;
      }
      const m = e.detail;
      if (m.shape === 'clear') {
        this.layer.clear();
      } else if (m.points?.length) {
        this.layer.add(m);
      }
    });
  }

  _video() {
    return this.stage.querySelector('video');
  }

  /** The frame point under the mouse, or null outside the picture (the bars, or no video yet). */
  _frameAt(e) {
    const v = this._video();
    return v ? toFrame(e.clientX, e.clientY, v.getBoundingClientRect(), v.videoWidth, v.videoHeight) : null;
  }

  _down(e) {
    if (e.button !== 0 || e.target.closest('button, .pointer-bar')) {
      return;
    }
    const p = this._frameAt(e);
    if (!p) {
      return;
    }
    this.stroke = { points: [p], x: e.clientX, y: e.clientY, drawing: false, draft: null, id: e.pointerId };
    this.stage.setPointerCapture?.(e.pointerId);
  }

  _move(e) {
    const s = this.stroke;
    if (!s || e.pointerId !== s.id) {
      return;
    }
    if (!s.drawing && Math.hypot(e.clientX - s.x, e.clientY - s.y) >= DRAG_PX) {
      s.drawing = true;
      s.draft = this.layer.draft(s.points);
    }
    const p = s.drawing ? this._frameAt(e) : null;
    if (p) {
      s.draft.extend(p);
    }
  }

  _up(e) {
    const s = this.stroke;
    if (!s || e.pointerId !== s.id) {
      return;
    }
    this.stroke = null;
    if (s.drawing) {
      s.draft.drop();
      if (s.points.length >= 2) {
        this._send('line', decimate(s.points), 'pointer.drawn');
      }
    } else {
      this._point(s.points[0], e.clientX, e.clientY);
    }
  }

  _cancel() {
    this.stroke?.draft?.drop();
    this.stroke = null;
  }

  _point(p, x, y) {
    const now = performance.now();
    const last = this.lastPointer;
    if (last && now - last.at < REPEAT_MS && Math.hypot(x - last.x, y - last.y) < DRAG_PX) {
      return;
    }
    this.lastPointer = { at: now, x, y };
    this._send('pointer', [p], 'pointer.sent');
  }

  _key(e) {
    if (e.target !== this.stage || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    const step = e.shiftKey ? BIG_STEP : STEP;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      this.cursor = nudge(this.cursor, ...moves[e.key]);
      this.layer.setCursor(this.cursor);
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (!this.layer.cursor) {
        this.layer.setCursor(this.cursor); // focused by a click: first show where Enter points
      } else if (this._video()?.videoWidth) {
        this._send('pointer', [this.cursor], 'pointer.sent');
      }
    } else if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
      this.clear();
    } else {
      return;
    }
    e.preventDefault();
  }

  clear() {
    this.layer.clear();
    this._send('clear', [], 'pointer.cleared');
  }

  _send(shape, points, said) {
    try {
      this.client?.annotate(shape, points, { color: MARK_COLOR });
    } catch {
      setText(this.status, 'pointer.notSent');
      return;
    }
    if (shape !== 'clear') {
      this.layer.add({ shape, points, color: MARK_COLOR });
    }
    setText(this.status, said);
  }
}
