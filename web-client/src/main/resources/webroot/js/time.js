// Times are shown in Japan Standard Time with the zone written out, whatever the computer's zone.
import { getLang } from './i18n.js';

const ZONE = 'Asia/Tokyo';
const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  weekday: 'short', hourCycle: 'h23',
});
const WEEKDAYS_JA = { Sun: '日', Mon: '月', Tue: '火', Wed: '水', Thu: '木', Fri: '金', Sat: '土' };

/** {year, month, day, hour, minute, weekday} of the instant in JST (strings, zero padded). */
export function jstParts(time) {
  const d = time instanceof Date ? time : new Date(time);
  const p = {};
  for (const { type, value } of partsFormat.formatToParts(d)) {
    p[type] = value;
  }
  return p;
}

/** A Time object of the API ({utc, jst, display}), an ISO string or a Date → Date. */
function toDate(t) {
  if (t == null) {
    return null;
  }
  if (t instanceof Date) {
    return t;
  }
  return new Date(typeof t === 'object' ? t.utc : t);
}

/** 2026年11月26日(木) or Thu 2026-11-26 */
export function formatDate(t) {
  const d = toDate(t);
  if (!d) {
    return '';
  }
  const p = jstParts(d);
  return getLang() === 'ja'
    ? `${p.year}年${Number(p.month)}月${Number(p.day)}日(${WEEKDAYS_JA[p.weekday]})`
    : `${p.weekday} ${p.year}-${p.month}-${p.day}`;
}

/** 14:05 */
export function formatTime(t) {
  const d = toDate(t);
  if (!d) {
    return '';
  }
  const p = jstParts(d);
  return `${p.hour}:${p.minute}`;
}

/** 14:05 JST: a time of day alone still says its zone */
export function formatTimeJst(t) {
  const time = formatTime(t);
  return time ? `${time} JST` : '';
}

/** 2026年11月26日(木) 14:00 JST */
export function formatDateTime(t) {
  const d = toDate(t);
  return d ? `${formatDate(d)} ${formatTime(d)} JST` : '';
}

/** 2026年11月26日(木) 14:00–15:00 JST, or both dates when the window spans midnight. */
export function formatRange(start, end) {
  const a = toDate(start);
  const b = toDate(end);
  if (!a || !b) {
    return formatDateTime(a || b);
  }
  if (formatDate(a) === formatDate(b)) {
    return `${formatDate(a)} ${formatTime(a)}–${formatTime(b)} JST`;
  }
  return `${formatDate(a)} ${formatTime(a)} – ${formatDate(b)} ${formatTime(b)} JST`;
}

/** Today's date in JST as YYYY-MM-DD (for date inputs). */
export function todayJst(now = new Date()) {
  const p = jstParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The JST wall-clock time now as HH:MM. */
export function nowJstTime(now = new Date()) {
  const p = jstParts(now);
  return `${p.hour}:${p.minute}`;
}

/** A date input's value and a time input's value, read as JST → ISO with +09:00 (what the API takes). */
export function jstToIso(date, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || !/^\d{2}:\d{2}(:\d{2})?$/.test(time || '')) {
    return null;
  }
  return `${date}T${time.length === 5 ? time + ':00' : time}+09:00`;
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no zone involved). */
export function addDays(date, n) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
