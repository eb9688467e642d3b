// How one audit row reads on the 監査ログ page: its action, who did it and the small JSON of its details
// said with words (結果: 合格, 登録した契約: 3, …) instead of keys, times in JST, and hashes shortened
// with the full value on hover and a copy button (an auditor compares them with a file's own hash).
// A key or value this page does not know is shown as it was written, never dropped: the row is evidence.
import { t } from './i18n.js';
import { h, copyText } from './dom.js';
import { formatDate } from './time.js';
import { formatBytes, formatClock } from './archive-format.js';

/** The text of a key, or null where the dictionary has none (t() answers the key itself then). */
export function known(key, args) {
  const s = t(key, args);
  return s === key ? null : s;
}

/** 2026年5月12日(火) 10:02:13 JST: an audit row's time to the second, its zone said. */
export function formatAuditTime(time) {
  const utc = typeof time === 'object' && time ? time.utc : time;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? String(utc ?? '') : `${formatDate(new Date(ms))} ${formatClock(ms * 1000)}`;
}

export function actionText(row) {
  return known('audit.action.' + row.action) ?? row.actionLabel ?? row.action;
}

/** ADMIN, INSPECTOR, CLERK, SYSTEM, or GUEST:CONTRACTOR for someone invited to a call. */
export function roleText(role) {
  if (role?.startsWith('GUEST:')) {
    const as = role.slice('GUEST:'.length);
    return t('audit.role.guest', { role: known('role.' + as) ?? as });
  }
  return known('acct.role.' + role) ?? known('audit.role.' + role) ?? role ?? '';
}

/**
 * A hash shortened to its first 12 digits, the whole in its title (hover) and behind a copy button
 * whose result is said in the live region given.
 */
export function hashView(full, label, said) {
  const short = full.length > 16 ? full.slice(0, 12) + '…' : full;
  return h('span', { class: 'audit-hash' },
    h('code', { title: full, dataset: { full } }, short), ' ',
    h('button', {
      type: 'button', class: 'btn btn-small btn-secondary audit-copy', 'aria-label': t('audit.copyHash', { what: label }),
      on: {
        click: async () => {
          const ok = await copyText(full);
          said.textContent = t(ok ? 'audit.copied' : 'audit.copyFailed', { what: label, hash: full });
        },
      },
    }, t('audit.copy')));
}

const HASH = /(sha256|hash)$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const SIZES = new Set(['bytes', 'bytesSent']);

function value(key, v, said) {
  const label = known('audit.key.' + key) ?? key;
  if (typeof v === 'boolean') {
    return t(v ? 'audit.yes' : 'audit.no');
  }
  if (typeof v === 'number') {
    return SIZES.has(key) ? formatBytes(v) : v.toLocaleString(t('audit.locale'));
  }
  const s = String(v);
  if (HASH.test(key) && /^[0-9a-f]{16,}$/i.test(s)) {
    return hashView(s, label, said);
  }
  if (INSTANT.test(s)) {
    return formatAuditTime(s);
  }
  if (key === 'result') {
    return known('result.' + s) ?? known('arc.integrity.' + s) ?? s;
  }
  if (key === 'type') {
    return known('type.' + s) ?? s;
  }
  if (key === 'changed') {
    return s ? s.split(',').map(f => known('audit.field.' + f.trim()) ?? f.trim()).join(t('audit.listSep')) : t('audit.unchanged');
  }
  return s;
}

/** The row's details as a list of「項目: 値」, or its text as written when it is not JSON. */
export function detailView(detail, said) {
  if (!detail) {
    return '';
  }
  let parsed;
  try {
    parsed = JSON.parse(detail);
  } catch {
    parsed = null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return h('span', { class: 'audit-detail-raw' }, detail);
  }
  return h('ul', { class: 'audit-detail' }, Object.entries(parsed).filter(([, v]) => v != null).map(([k, v]) =>
    h('li', { dataset: { key: k } }, h('span', { class: 'audit-key' }, (known('audit.key.' + k) ?? k) + t('audit.colon')),
      value(k, v, said))));
}
