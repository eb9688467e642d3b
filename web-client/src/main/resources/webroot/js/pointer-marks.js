// The inspector's marks drawn over a video: an SVG laid over it (pointer-events: none, hidden from
// screen readers: each page says in words what a mark means). Marks are kept in frame coordinates and
// placed again whenever the video's box or its frame size changes (the phone turns, the window is
// resized, the other camera is used), so a mark stays on the object it was put on. A circle (丸) is the
// ellipse inside the box its two points are corners of; an arrow (矢印) goes from its first point to its
// second, with a head sized in screen pixels (not frame fractions) so that it stays visible on a phone.
import { fromFrame } from './pointer-geometry.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Red that reads on grey concrete and on blue sky; the dark outline keeps it readable on red things. */
export const MARK_COLOR = '#ff3b30';
/** A pointer fades after this long; a line (a circle, an arrow) stays until cleared, or this long at most. */
export const POINTER_MS = 8000;
export const LINE_MS = 60000;
/** The shapes drawn as themselves; the others the protocol allows (rect, text) are drawn as a line through their points. */
const DRAWN = new Set(['pointer', 'line', 'circle', 'arrow']);

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  return el;
}

export class MarkLayer {
  /**
   * @param host    the positioned element the overlay covers (the video's container)
   * @param video   () => the video element whose frame the marks belong to, or null
   * @param mirrored () => whether that video is drawn flipped
   */
  constructor(host, video, mirrored = () => false) {
    this.host = host;
    this.video = video;
    this.mirrored = mirrored;
    this.marks = new Set();
    this.cursor = null;
    this.el = svg('svg', { class: 'pointer-layer', 'aria-hidden': 'true', focusable: 'false' });
    host.append(this.el);
    const render = () => this.render();
    new ResizeObserver(render).observe(host);
    // a video's resize and loadedmetadata do not bubble, but its ancestors see them while capturing
    host.addEventListener('resize', render, true);
    host.addEventListener('loadedmetadata', render, true);
    window.addEventListener('resize', render);
  }

  /**
   * Adds a mark: {shape: 'pointer'|'line'|'circle'|'arrow', points: [[x, y], ...], color}. Returns it. timed:
   * false for a mark its owner takes away (the archive's replay follows the video's time, not the clock).
   */
  add({ shape, points, color }, { timed = true } = {}) {
    const kind = DRAWN.has(shape) ? shape : 'line';
    const g = svg('g', { class: 'mark mark-' + kind, 'data-shape': kind });
    g.style.setProperty('--mark-color', /^#[0-9a-fA-F]{3,6}$/.test(color || '') ? color : MARK_COLOR);
    if (kind === 'pointer') {
      g.append(svg('circle', { class: 'mark-ring', r: 22 }), svg('circle', { class: 'mark-dot', r: 6 }));
    } else if (kind === 'circle') {
      g.append(svg('ellipse', { class: 'mark-outline' }), svg('ellipse', { class: 'mark-stroke' }));
    } else if (kind === 'arrow') {
      g.append(svg('path', { class: 'mark-outline' }), svg('path', { class: 'mark-stroke' }), svg('path', { class: 'mark-head' }));
    } else {
      g.append(svg('path', { class: 'mark-outline' }), svg('path', { class: 'mark-stroke' }));
    }
    const mark = { shape: kind, points, g };
    if (timed) {
      mark.timer = setTimeout(() => this.remove(mark), kind === 'pointer' ? POINTER_MS : LINE_MS);
    }
    this.marks.add(mark);
    this.el.append(g);
    this._place(mark);
    return mark;
  }

  /**
   * A mark being drawn, not timed: a line's points grow; a circle's or an arrow's second point follows the
   * mouse (the first stays where the press was).
   */
  draft(points, shape = 'line') {
    const mark = this.add({ shape, points });
    clearTimeout(mark.timer);
    return {
      extend: p => {
        if (mark.shape === 'line') {
          points.push(p);
        } else {
          points[1] = p;
        }
        this._place(mark);
      },
      drop: () => this.remove(mark),
    };
  }

  remove(mark) {
    clearTimeout(mark.timer);
    mark.g.remove();
    this.marks.delete(mark);
  }

  clear() {
    for (const mark of [...this.marks]) {
      this.remove(mark);
    }
  }

  /** The keyboard's cursor at a frame point, or none (null). */
  setCursor(point) {
    if (!point) {
      this.cursor?.g.remove();
      this.cursor = null;
      return;
    }
    if (!this.cursor) {
      const g = svg('g', { class: 'pointer-cursor' });
      g.append(svg('path', { class: 'mark-outline', d: 'M-14 0H14M0-14V14' }), svg('path', { class: 'mark-stroke', d: 'M-14 0H14M0-14V14' }),
        svg('circle', { class: 'cursor-ring', r: 10 }));
      this.cursor = { g, points: [point] };
      this.el.append(g);
    }
    this.cursor.points = [point];
    this._place(this.cursor);
  }

  render() {
    for (const mark of this.marks) {
      this._place(mark);
    }
    if (this.cursor) {
      this._place(this.cursor);
    }
  }

  _place(mark) {
    const v = this.video();
    const at = v && this._mapper(v);
    const xy = at ? mark.points.map(at).filter(Boolean) : [];
    mark.g.style.display = xy.length ? '' : 'none';
    if (!xy.length) {
      return;
    }
    if (mark.shape === 'line') {
      const d = xy.map((p, i) => (i ? 'L' : 'M') + p.x.toFixed(1) + ' ' + p.y.toFixed(1)).join(' ');
      for (const path of mark.g.querySelectorAll('path')) {
        path.setAttribute('d', d);
      }
    } else if (mark.shape === 'circle') {
      const [a, b] = [xy[0], xy.at(-1)];
      for (const e of mark.g.querySelectorAll('ellipse')) {
        e.setAttribute('cx', ((a.x + b.x) / 2).toFixed(1));
        e.setAttribute('cy', ((a.y + b.y) / 2).toFixed(1));
        e.setAttribute('rx', (Math.abs(b.x - a.x) / 2).toFixed(1));
        e.setAttribute('ry', (Math.abs(b.y - a.y) / 2).toFixed(1));
      }
    } else if (mark.shape === 'arrow') {
      this._placeArrow(mark, xy[0], xy.at(-1), at.size);
    } else {
      mark.g.setAttribute('transform', `translate(${xy[0].x.toFixed(1)} ${xy[0].y.toFixed(1)})`);
      // a ring that would cover the contractor's small own view is made smaller with it
      mark.g.querySelector('.mark-ring')?.setAttribute('r', Math.max(10, Math.min(22, 0.1 * at.size)).toFixed(1));
    }
  }

  /**
   * The shaft from tail to head, and a filled head at the head's end: 14–28 px long whatever the picture's
   * size (a head in frame fractions would shrink to nothing on the phone's small own view), pointing the
   * way the arrow was drawn.
   */
  _placeArrow(mark, tail, head, size) {
    const len = Math.hypot(head.x - tail.x, head.y - tail.y);
    const ux = len > 0 ? (head.x - tail.x) / len : 1;
    const uy = len > 0 ? (head.y - tail.y) / len : 0;
    const h = Math.max(14, Math.min(28, 0.08 * size));
    const w = h * 0.6;
    const base = { x: head.x - ux * h, y: head.y - uy * h };
    const left = { x: base.x - uy * w, y: base.y + ux * w };
    const right = { x: base.x + uy * w, y: base.y - ux * w };
    const f = p => p.x.toFixed(1) + ' ' + p.y.toFixed(1);
    // the shaft stops inside the head, so that its round cap does not blunt the tip
    const shaft = `M${f(tail)} L${f(len > h ? base : tail)}`;
    const tip = `M${f(left)} L${f(head)} L${f(right)} Z`;
    mark.g.querySelector('.mark-outline').setAttribute('d', shaft + ' ' + tip);
    mark.g.querySelector('.mark-stroke').setAttribute('d', shaft);
    mark.g.querySelector('.mark-head').setAttribute('d', tip);
  }

  /** Frame point → point in the overlay's own coordinates, through the video's letterbox (and mirror). */
  _mapper(v) {
    const vb = v.getBoundingClientRect();
    const ob = this.el.getBoundingClientRect();
    const box = { left: vb.left - ob.left, top: vb.top - ob.top, width: vb.width, height: vb.height };
    const mirrored = this.mirrored();
    const at = p => fromFrame(p, box, v.videoWidth, v.videoHeight, mirrored);
    at.size = Math.min(vb.width, vb.height);
    return at;
  }
}
