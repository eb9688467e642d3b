// What the inspector points at, shown on the contractor's own camera view: a pulsing ring that fades
// after a few seconds, or the line, circle or arrow he drew (until he clears it). The contractor holds the phone in one
// hand and may be looking at the site rather than the screen, so the phone also vibrates briefly and a
// screen reader says 「監督員が指し示しています」. With two phones streaming, each draws only the marks made on its
// own picture (the mark's target), and a clear takes away only those.
import { h } from './dom.js';
import { setText, clearText } from './i18n.js';
import { MarkLayer } from './pointer-marks.js';

const VIBRATE_MS = 200;

/**
 * Shows the inspector's marks over the self view. view: the <video> of the own camera (object-fit:
 * contain; class mirrored for the front camera); host: its positioned container; live: where the
 * announcement goes (outside any button).
 */
export function showPointing(client, { view, host, live }) {
  const layer = new MarkLayer(host, () => view, () => view.classList.contains('mirrored'));
  // the front/rear switch flips the view: the marks move with it
  new MutationObserver(() => layer.render()).observe(view, { attributes: true, attributeFilter: ['class'] });
  const announcement = h('p', { id: 'pointer-announcement', class: 'visually-hidden', role: 'status', 'aria-live': 'assertive' });
  live.append(announcement);
  client.addEventListener('annotation', e => {
    const m = e.detail;
    if (m.target !== client.participantId) {
      return; // drawn on another contractor's video: here it would point at a place nobody pointed at
    }
    if (m.shape === 'clear') {
      layer.clear();
      clearText(announcement);
      return;
    }
    if (!m.points?.length) {
      return;
    }
    layer.add(m);
    try {
      navigator.vibrate?.(VIBRATE_MS);
    } catch {
      // some browsers refuse without a recent tap: the announcement and the mark remain
    }
    // the same words again must be read again: empty first, then set a moment later (a timer, not an
    // animation frame, which a phone holds back while the screen is off)
    clearText(announcement);
    setTimeout(() => setText(announcement, 'pointer.announce'), 50);
  });
  return layer;
}
