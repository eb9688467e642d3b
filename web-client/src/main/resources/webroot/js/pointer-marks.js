// The inspector's marks drawn over a video: an SVG laid over it (pointer-events: none, hidden from
// screen readers: each page says in words what a mark means). Marks are kept in frame coordinates and
// placed again whenever the video's box or its frame size changes (the phone turns, the window is
// resized, the other camera is used), so a mark stays on the object it was put on.
import { fromFrame } from './pointer-geometry.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Red that reads on grey concrete and on blue sky; the dark outline keeps it readable on red things. */
export const MARK_COLOR = '#ff3b30';
/** A pointer fades after this long; a line stays until cleared, or this long at most. */
export const POINTER_MS = 8000;
export const LINE_MS = 60000;

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
   * Adds a mark: {shape: 'pointer'|'line', points: [[x, y], ...], color}. Returns it. timed: false for a mark
   * its owner takes away (the archive's replay follows the video's time, not the clock).
   */
  add({ shape, points, color }, { timed = true } = {}) {
    const line = shape !== 'pointer';
    const g = svg('g', { class: 'mark mark-' + (line ? 'line' : 'pointer'), 'data-shape': line ? 'line' : 'pointer' });
    g.style.setProperty('--mark-color', /^#[0-9a-fA-F]{3,6}$/.test(color || '') ? color : MARK_COLOR);
    if (line) {
      g.append(svg('path', { class: 'mark-outline' }), svg('path', { class: 'mark-stroke' }));
    } else {
      g.append(svg('circle', { class: 'mark-ring', r: 22 }), svg('circle', { class: 'mark-dot', r: 6 }));
    }
    const mark = { shape: line ? 'line' : 'pointer', points, g };
    if (timed) {
      mark.timer = setTimeout(() => this.remove(mark), line ? LINE_MS : POINTER_MS);
    }
    this.marks.add(mark);
    this.el.append(g);
    this._place(mark);
    return mark;
  }

  /** A line being drawn: its points grow; it is not timed until finish(). */
  draft(points) {
    const mark = this.add({ shape: 'line', points });
    clearTimeout(mark.timer);
    return {
      extend: p => { points.push(p); this._place(mark); },
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
    } else {
      mark.g.setAttribute('transform', `translate(${xy[0].x.toFixed(1)} ${xy[0].y.toFixed(1)})`);
      // a ring that would cover the contractor's small own view is made smaller with it
      mark.g.querySelector('.mark-ring')?.setAttribute('r', Math.max(10, Math.min(22, 0.1 * at.size)).toFixed(1));
    }
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
