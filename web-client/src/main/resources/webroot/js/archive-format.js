// Small formatting shared by the archive's pages: lengths, sizes, JST clock times, integrity chips.
import { t } from './i18n.js';
import { h } from './dom.js';

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** 1:02:03 or 2:03 */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** 1.2 MB (decimal units, as file managers show them) */
export function formatBytes(n) {
  if (n < 1000) {
    return `${n} B`;
  }
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const clock = wallMicros => CLOCK.format(new Date(wallMicros / 1000));

/** 14:05:09 JST: the Japan time of a node receive time in µs since the epoch, saying its zone like every time shown */
export function formatClock(wallMicros) {
  return `${clock(wallMicros)} JST`;
}

/** 10:02:13–10:02:41 JST: a span says its zone once, as time.js's formatRange does */
export function formatClockSpan(fromWallMicros, toWallMicros) {
  return `${clock(fromWallMicros)}–${clock(toWallMicros)} JST`;
}

export function integrityChip(status) {
  return h('span', { class: 'integrity integrity-' + status, 'data-i18n': 'arc.integrity.' + status }, t('arc.integrity.' + status));
}
