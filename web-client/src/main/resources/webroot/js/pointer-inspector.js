// The inspector points at the site video (指し示し): a click or tap puts a pointer on what he means; what a
// press-and-drag draws is the tool chosen on the bar — 線 a freehand line, 丸 the ellipse inside the dragged
// box (sent as the box's two corners: mostly he circles 「この鉄筋」, which freehand with a mouse on a small
// video is clumsy), 矢印 an arrow from where the drag began to where it ended; with ポインタ (the default) a
// drag is only a shaky click. 消去 takes all marks away. By keyboard: the video area takes focus, the arrow
// keys move a cursor (Shift: in larger steps), Enter or Space points with the pointer whatever the tool
// (a box or an arrow by cursor keys would take several keys for what one click does), Escape or Delete
// clears; the tools are buttons on the bar, and the one chosen stays when the stage shows another picture.
// Points are sent normalised to the video's frame (not its letterboxed element), so they land on the same
// object on the contractor's phone; a click in the black bars points at nothing and sends nothing.
// His own marks are drawn here too, and so are those of other inspectors in the session.
// Every mark names its target, the contractor whose video is on the stage (two phones may stream): only
// that phone draws it, 消去 takes away that picture's marks only, and each picture keeps its own marks
// (a layer per contractor, its marks timed as on the phone), so switching the stage shows the marks that
// picture has now, whoever made them.
import { h } from './dom.js';
import { t, setText, clearText } from './i18n.js';
import { toFrame, nudge, decimate } from './pointer-geometry.js';
import { MarkLayer, MARK_COLOR } from './pointer-marks.js';

/** A press that moves less than this (px) is a click: a pointer, not a line. */
const DRAG_PX = 8;
/** The second click of a double-click (full screen) points at the same spot again: it is not sent twice. */
const REPEAT_MS = 500;
const STEP = 0.02;
const BIG_STEP = 0.1;
/** The tools, in the bar's order: what a drag draws, and what the status then says. */
const TOOLS = ['pointer', 'line', 'circle', 'arrow'];
const DRAWN_SAID = { line: 'pointer.drawn', circle: 'pointer.circled', arrow: 'pointer.arrowed' };

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
    this.layers = new Map(); // contractor's participant id (null: no video on the stage) → the marks on that picture
    this.target = this._onStage();
    this.sent = new Set();   // refs of marks sent and not yet refused, the latest few
    this.cursor = [0.5, 0.5];
    this.lastPointer = null;
    this.stroke = null;
    this.tool = 'pointer'; // kept for the page: a stage switch or the next call does not change it
    this.toolHint = h('span', {});
    const keys = h('span', {});
    setText(keys, 'pointer.keys');
    this.hint = h('p', { id: 'pointer-hint', class: 'pointer-hint' }, this.toolHint, ' ', keys);
    this.status = h('p', { class: 'visually-hidden', role: 'status' });
    this.tools = h('div', { class: 'pointer-tools', role: 'group', 'data-i18n-attr': 'aria-label:pointer.tools' },
      ...TOOLS.map(tool => {
        const b = h('button', { type: 'button', id: 'pointer-tool-' + tool, class: 'btn btn-small pointer-tool', dataset: { tool } });
        setText(b, 'pointer.tool.' + tool);
        b.addEventListener('click', () => this.choose(tool));
        return b;
      }));
    this.tools.setAttribute('aria-label', t('pointer.tools'));
    const clear = h('button', { type: 'button', id: 'pointer-clear', class: 'btn btn-small pointer-clear' });
    setText(clear, 'pointer.clear');
    clear.addEventListener('click', () => this.clear());
    this.bar = h('div', { class: 'pointer-bar' }, this.tools, this.hint, clear, this.status);
    this.choose(this.tool);
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
    stage.addEventListener('stagechange', () => this._follow());
    // the cursor is for the keyboard: a click that focuses the video shows none
    stage.addEventListener('focus', () => stage.matches(':focus-visible') && this.layer.setCursor(this.cursor));
    stage.addEventListener('blur', () => this.layer.setCursor(null));
  }

  attach(client) {
    this.client = client;
    for (const layer of this.layers.values()) {
      layer.clear();
    }
    this.sent.clear();
    clearText(this.status);
    this._follow();
    client.addEventListener('annotation', e => {
      if (client !== this.client) {
        return;
      }
      const m = e.detail;
      const layer = this._layerOf(m.target ?? this.target);
      if (m.shape === 'clear') {
        layer.clear();
      } else if (m.points?.length) {
        layer.add(m);
      }
    });
    client.addEventListener('error', e => {
      if (client === this.client && this.sent.delete(e.detail.ref)) {
        setText(this.status, 'pointer.notSent'); // refused: e.g. that contractor has just left
      }
    });
  }

  /** What a drag draws from now on: one of TOOLS. */
  choose(tool) {
    this._cancel();
    this.tool = tool;
    for (const b of this.tools.children) {
      b.setAttribute('aria-pressed', String(b.dataset.tool === tool));
    }
    setText(this.toolHint, 'pointer.hint.' + tool);
  }

  /** The marks of the picture on the stage. */
  get layer() {
    return this._layerOf(this.target);
  }

  _layerOf(target) {
    let layer = this.layers.get(target);
    if (!layer) {
      layer = new MarkLayer(this.stage, () => this._video());
      layer.el.style.display = target === this.target ? '' : 'none';
      this.layers.set(target, layer);
    }
    return layer;
  }

  /** The participant id of the contractor whose video is on the stage, or null. */
  _onStage() {
    return this._video()?.dataset.participant || null;
  }

  /** Another picture took the stage: its marks are shown, the others' kept (their time runs on). */
  _follow() {
    const target = this._onStage();
    if (target === this.target) {
      return;
    }
    this._cancel();
    const old = this.layer;
    const cursor = old.cursor ? this.cursor : null;
    old.setCursor(null);
    old.el.style.display = 'none';
    this.target = target;
    const now = this.layer;
    now.el.style.display = '';
    now.render();
    if (cursor) {
      now.setCursor(cursor);
    }
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
    this.stroke = { tool: this.tool, points: [p], x: e.clientX, y: e.clientY, drawing: false, draft: null, id: e.pointerId };
    this.stage.setPointerCapture?.(e.pointerId);
  }

  _move(e) {
    const s = this.stroke;
    if (!s || e.pointerId !== s.id) {
      return;
    }
    if (!s.drawing && s.tool !== 'pointer' && Math.hypot(e.clientX - s.x, e.clientY - s.y) >= DRAG_PX) {
      s.drawing = true;
      s.draft = this.layer.draft(s.points, s.tool);
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
      // a circle or an arrow: the press and the last point on the picture (one dragged off it stops at its edge's last point)
      if (s.points.length >= 2) {
        this._send(s.tool, s.tool === 'line' ? decimate(s.points) : s.points.slice(0, 2), DRAWN_SAID[s.tool]);
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
    if (this.target) {
      this._send('clear', [], 'pointer.cleared');
    }
  }

  _send(shape, points, said) {
    try {
      const ref = this.client?.annotate(shape, points, { color: MARK_COLOR, target: this.target });
      this.sent.add(ref);
      if (this.sent.size > 20) {
        this.sent.delete(this.sent.values().next().value);
      }
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
