// The recording page's 指し示し: what the inspector pointed at on the live video, as the signed manifest
// lists it (EVIDENCE.md, annotations; the archive API gives each with its time). While the video plays,
// each mark is drawn over it at its moment and for as long as the contractor saw it on the phone
// (pointer-marks.js: a pointer fades out over 8 s, a line, circle or arrow stays until 消去 or 60 s), so
// an auditor sees what the contractor was shown. Marks follow the video's time, not the clock: seeking
// shows those of that moment, a pause holds them. They are placed on the video's frame, not on its letterboxed element,
// as on the call (MarkLayer through pointer-geometry.js). Each was made on one contractor's camera (the
// picture on the inspector's stage, the mark's target; two phones may have streamed), so it is drawn only
// while that contractor's video plays, and a 消去 takes away that picture's marks only. A mark of a
// recording sealed before marks named their picture has no target: it belongs to the first contractor's
// video, where the call then drew every mark. A list says each in words — time (JST), who, what shape, on
// whose video — and choosing one plays that video from there.
import { t, setText, clearText } from './i18n.js';
import { $, h } from './dom.js';
import { formatClock } from './archive-format.js';
import { MarkLayer, POINTER_MS, LINE_MS } from './pointer-marks.js';

/** Points are signed in ten-thousandths of the frame. */
const FRAME = 10000;
/** A pointer is fully visible for this part of its time, then fades (pointer.css, mark-fade). */
const FADE_FROM = 0.8;
/** A chosen mark is sought a little after its instant, so that rounding of the video's time never lands just before it. */
const SEEK_AFTER_MICROS = 1000;

const state = { items: [], shown: new Map(), layer: null, where: () => null, playing: () => null, site: null };

/** The rendition played first, and the one marks without a target belong to: the first contractor's video, or null. */
export function siteRendition(d) {
  const contractors = new Set(d.participants.filter(p => p.role === 'CONTRACTOR').map(p => p.id));
  return d.renditions.find(r => r.width > 0 && contractors.has(r.participantId)) || null;
}

/**
 * Draws the marks over the page's player (once per page). where(): the recording time (µs since the
 * epoch) the video shows now; playing(): the participant id whose video plays, or null.
 */
export function followPlayer(video, host, { where, playing }) {
  state.layer = new MarkLayer(host, () => video);
  state.layer.el.classList.add('pointer-replay');
  state.where = where;
  state.playing = playing;
  const update = () => drawNow();
  for (const type of ['timeupdate', 'seeking', 'seeked', 'loadeddata', 'emptied', 'pause']) {
    video.addEventListener(type, update);
  }
  // timeupdate comes about four times a second: frame by frame while playing, so a mark comes and goes on time
  const loop = () => {
    drawNow();
    if (!video.paused && !video.ended) {
      requestAnimationFrame(loop);
    }
  };
  video.addEventListener('play', () => requestAnimationFrame(loop));
}

/**
 * Lists the recording's annotations and makes them ready to be drawn; seek(wallMicros, participantId) plays that
 * participant's video from there.
 */
export function renderAnnotations(d, { seek }) {
  clearAnnotations();
  const list = d.timeline?.annotations ?? [];
  state.site = siteRendition(d)?.participantId ?? null;
  state.items = visibleSpans(list);
  $('#annotations-block').hidden = list.length === 0;
  const rows = list.map((a, i) => {
    const text = t('ann.item', {
      time: a.atWallMicros > 0 ? formatClock(a.atWallMicros) : (a.at || '—'),
      name: a.byName || a.by || '',
      role: a.role && t('role.' + a.role) !== 'role.' + a.role ? t('role.' + a.role) : (a.role || ''),
      shape: shapeName(a.shape),
    }) + (a.target ? t('ann.onVideo', { name: a.targetName || a.target }) : '') + (a.label ? ` 「${a.label}」` : '');
    return h('li', { dataset: { annotation: String(i), target: a.target ?? '' } }, a.atWallMicros > 0
      ? h('button', { type: 'button', class: 'btn btn-small btn-secondary annotation-seek',
        on: { click: () => seek(a.atWallMicros + SEEK_AFTER_MICROS, onVideo(a)) } }, text)
      : text);
  });
  $('#annotation-list').replaceChildren(...rows);
  for (const it of state.items) {
    it.row = rows[it.index];
  }
  drawNow();
}

export function clearAnnotations() {
  for (const mark of state.shown.values()) {
    state.layer?.remove(mark);
  }
  state.shown.clear();
  state.items = [];
}

/** The timeline's row of what was pointed at (null when nothing was): when each mark was on screen, and its instant. */
export function annotationLane(tl, pct, width) {
  const items = visibleSpans(tl.annotations ?? []);
  if (items.length === 0) {
    return null;
  }
  return h('div', { class: 'lane lane-annotations' },
    h('span', { class: 'lane-label', 'data-i18n': 'ann.lane' }, t('ann.lane')),
    h('div', { class: 'lane-bar' },
      ...items.map(it => h('span', { class: 'span-annotation', style: `left:${pct(it.from)};width:${width(it.from, it.to)}` })),
      ...items.map(it => h('span', { class: 'annotation-tick', dataset: { annotation: String(it.index) }, style: `left:${pct(it.from)}` }))));
}

function shapeName(shape) {
  const key = 'ann.shape.' + shape;
  return t(key) !== key ? t(key) : (shape || '');
}

/** The participant whose video a mark was drawn on: its target, or (sealed before marks named it) the first contractor. */
function onVideo(a) {
  return a.target ?? state.site;
}

/**
 * When each drawable annotation was on its contractor's screen, in recording time (µs): from its instant
 * for as long as pointer-marks.js shows its shape, cut short by the next 消去 of the same picture (a clear
 * takes every mark before it on that picture).
 */
function visibleSpans(list) {
  const out = [];
  list.forEach((a, index) => {
    if (a.shape === 'clear' || !(a.atWallMicros > 0) || !a.points?.length) {
      return;
    }
    const pointer = a.shape === 'pointer';
    const lasts = (pointer ? POINTER_MS : LINE_MS) * 1000;
    const on = onVideo(a);
    const clear = list.slice(index + 1).find(c => c.shape === 'clear' && c.atWallMicros > 0 && onVideo(c) === on);
    const to = Math.min(a.atWallMicros + lasts, clear ? Math.max(a.atWallMicros, clear.atWallMicros) : Infinity);
    out.push({
      index, a, on, from: a.atWallMicros, to, fadeFrom: pointer ? a.atWallMicros + lasts * FADE_FROM : null, fadeTo: a.atWallMicros + lasts,
      points: a.points.map(([x, y]) => [x / FRAME, y / FRAME]),
    });
  });
  return out;
}

/** Shows exactly the marks the contractor whose video plays saw at its present moment. */
function drawNow() {
  if (!state.layer) {
    return;
  }
  const playing = state.playing();
  const note = $('#annotations-other-video');
  const other = state.items.length > 0 && !state.items.some(it => it.on === playing);
  if (other !== (note.dataset.i18n === 'ann.otherVideo')) {
    if (other) {
      setText(note, 'ann.otherVideo');
    } else {
      clearText(note);
    }
  }
  const wall = state.where();
  for (const it of state.items) {
    const on = wall != null && it.on === playing && wall >= it.from && wall < it.to;
    let mark = state.shown.get(it);
    if (on && !mark) {
      mark = state.layer.add({ shape: it.a.shape, points: it.points, color: it.a.color }, { timed: false });
      mark.g.dataset.annotation = String(it.index);
      state.shown.set(it, mark);
      it.row?.classList.add('annotation-shown');
    } else if (!on && mark) {
      state.layer.remove(mark);
      state.shown.delete(it);
      it.row?.classList.remove('annotation-shown');
      mark = null;
    }
    if (mark && it.fadeFrom != null) {
      mark.g.style.opacity = String(wall <= it.fadeFrom ? 1 : Math.max(0, (it.fadeTo - wall) / (it.fadeTo - it.fadeFrom)));
    }
  }
}
