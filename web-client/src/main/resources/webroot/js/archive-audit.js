// 監査ログ (#/audit, admins): the archive's hash-chained audit log newest first, a page at a time
// (#/audit?before=<seq>: the API pages by row number, so a page is named by the row it starts below),
// narrowed to one session (?session=, which a recording's page links to), and 改ざんの検査, which has the
// server recompute the whole chain and names the first row that no longer holds. ?limit= makes the
// pages shorter. The server refuses the log to anyone but an admin; the page only hides the way.
import { t, setText } from './i18n.js';
import { $, h, showView } from './dom.js';
import { known, formatAuditTime, actionText, roleText, hashView, detailView } from './archive-audit-detail.js';

const PAGE = 50;
const MAX_PAGE = 200;
const state = {
  call$: null, params: null, rows: null, more: false, seq: 0, check: null, checkedAt: null,
  /** the `before` of each newer page seen on the way here (null: the newest), newest first */
  newer: [],
};

/** @param call$ the API with the login (a lapsed login brings the login form back) */
export function installAuditPage({ call$ }) {
  state.call$ = call$;
  $('#audit-filter').addEventListener('submit', e => {
    e.preventDefault();
    go({ session: $('#audit-session').value.trim() });
  });
  $('#audit-filter-clear').addEventListener('click', () => go({}));
  $('#audit-older').addEventListener('click', () => {
    const { session, before } = current();
    state.newer.push(before);
    go({ session, before: state.rows[state.rows.length - 1].seq });
  });
  $('#audit-newer').addEventListener('click', newer);
  $('#audit-verify').addEventListener('click', verify);
  window.addEventListener('langchange', () => {
    if (!$('#view-audit').hidden) {
      render();
      renderCheck();
    }
  });
}

/**
 * One page newer: the page seen on the way here, or, when this page was opened by its URL (a reload, a
 * link), the one the server says is just above it: its `after` answers the nearest rows above this page's
 * first, and the newer page starts below the row above those (one more is asked to tell if any is there).
 */
async function newer() {
  const { session, before, limit } = current();
  if (state.newer.length || before === null || !state.rows?.length) {
    go({ session, before: state.newer.pop() ?? null });
    return;
  }
  const button = $('#audit-newer');
  button.disabled = true;
  let above;
  try {
    const q = new URLSearchParams({ limit: String(limit + 1), after: String(state.rows[0].seq) });
    if (session) {
      q.set('session', session);
    }
    above = await state.call$('/api/archive/audit?' + q);
  } catch (e) {
    button.disabled = false;
    refused(e) || setText($('#audit-status'), 'audit.loadFailed', { message: e.message });
    return;
  }
  go({ session, before: above.length > limit ? above[1].seq + 1 : null });
}

function current() {
  const p = state.params || new URLSearchParams();
  const before = Number(p.get('before'));
  const limit = Number(p.get('limit'));
  return {
    session: p.get('session') || '',
    before: Number.isInteger(before) && before > 0 ? before : null,
    limit: Number.isInteger(limit) && limit >= 1 ? Math.min(limit, MAX_PAGE) : PAGE,
  };
}

/** To another page of the log: the URL says which, so that Back and a reload return to it. */
function go({ session, before }) {
  const p = new URLSearchParams();
  if (session) {
    p.set('session', session);
  }
  if (before) {
    p.set('before', String(before));
  }
  if (state.params?.get('limit')) {
    p.set('limit', state.params.get('limit'));
  }
  if (session !== current().session) {
    state.newer = [];
  }
  const hash = '#/audit' + (p.toString() ? '?' + p : '');
  if (location.hash === hash) {
    showAudit(p, { admin: true });
  } else {
    location.hash = hash;
  }
}

export async function showAudit(params, { admin }) {
  const seq = ++state.seq;
  state.params = params;
  showView('view-audit');
  $('#audit-forbidden').hidden = admin;
  $('#audit-body').hidden = !admin;
  if (!admin) {
    return;
  }
  const { session, before, limit } = current();
  // pages newer than this one (or this one itself) are not "newer" any more: Back may have come here
  state.newer = state.newer.filter(b => b === null || (before !== null && b > before));
  $('#audit-session').value = session;
  setText($('#audit-status'), 'common.loading');
  let rows;
  try {
    const q = new URLSearchParams({ limit: String(limit + 1) });
    if (session) {
      q.set('session', session);
    }
    if (before) {
      q.set('before', String(before));
    }
    rows = await state.call$('/api/archive/audit?' + q);
  } catch (e) {
    if (seq === state.seq) {
      refused(e) || setText($('#audit-status'), 'audit.loadFailed', { message: e.message });
      $('#audit-rows').replaceChildren();
    }
    return;
  }
  if (seq !== state.seq) {
    return; // another page was asked for meanwhile
  }
  state.more = rows.length > limit;
  state.rows = rows.slice(0, limit);
  render();
}

/** The server said no (an admin no longer): the page's "not allowed" state. */
function refused(e) {
  if (e.code !== 'forbidden') {
    return false;
  }
  $('#audit-forbidden').hidden = false;
  $('#audit-body').hidden = true;
  return true;
}

function th(key) {
  return h('th', { scope: 'col', 'data-i18n': key }, t(key));
}

function render() {
  const { session, before } = current();
  const rows = state.rows || [];
  const status = $('#audit-status');
  $('#audit-newer').disabled = before === null;
  $('#audit-older').disabled = !state.more;
  if (!rows.length) {
    setText(status, session ? 'audit.noneForSession' : 'audit.none', { session });
    $('#audit-rows').replaceChildren();
    return;
  }
  const range = { newest: rows[0].seq, oldest: rows[rows.length - 1].seq, n: rows.length, session };
  setText(status, session ? 'audit.shownSession' : 'audit.shown', range);
  const said = h('p', { class: 'copied', role: 'status', id: 'audit-copied' });
  const caption = session ? t('audit.captionSession', { session }) : t('audit.caption');
  $('#audit-rows').replaceChildren(said, h('div', { class: 'table-scroll' }, h('table', { class: 'sessions audit-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, th('audit.col.seq'), th('audit.col.at'), th('audit.col.action'), th('audit.col.actor'),
      th('audit.col.outcome'), th('audit.col.target'), th('audit.col.detail'))),
    h('tbody', {}, rows.map(r => row(r, said))))));
}

function row(r, said) {
  const broken = state.check && !state.check.ok && state.check.firstBadSeq === r.seq;
  return h('tr', { dataset: { seq: r.seq, action: r.action }, class: broken ? 'audit-broken' : null },
    h('th', { scope: 'row', class: 'num' }, String(r.seq), broken ? h('span', { class: 'audit-broken-mark' }, t('audit.brokenMark')) : null),
    h('td', { class: 'nowrap' }, formatAuditTime(r.at)),
    h('td', {}, actionText(r)),
    h('td', {}, r.actorName, h('span', { class: 'muted small audit-role' }, roleText(r.actorRole))),
    h('td', {}, h('span', { class: 'audit-outcome audit-outcome-' + r.outcome }, t('audit.outcome.' + r.outcome))),
    h('td', {}, target(r)),
    h('td', {}, detailView(r.detail, said)));
}

function target(r) {
  const parts = [];
  if (r.sessionId) {
    parts.push(h('a', { href: '#/r/' + encodeURIComponent(r.sessionId), class: 'audit-recording' }, t('audit.recording')),
      h('span', { class: 'small mono' }, r.sessionId));
    if (r.sessionId !== current().session) {
      parts.push(h('a', { href: '#/audit?session=' + encodeURIComponent(r.sessionId), class: 'small' }, t('audit.onlySession')));
    }
  }
  if (r.contractNo) {
    parts.push(h('span', { class: 'small' }, t('audit.contract', { no: r.contractNo })));
  }
  return parts.length ? h('div', { class: 'audit-target' }, parts) : '';
}

async function verify() {
  const button = $('#audit-verify');
  button.disabled = true;
  state.check = null;
  const out = $('#audit-verify-result');
  out.replaceChildren(h('p', {}, t('audit.checking')));
  try {
    state.check = await state.call$('/api/archive/audit/verify');
    state.checkedAt = new Date();
    renderCheck();
    render();
  } catch (e) {
    if (!refused(e)) {
      out.replaceChildren(h('p', { class: 'banner banner-error' }, t('audit.checkFailed', { message: e.message })));
    }
  } finally {
    button.disabled = false;
  }
}

/** The check's outcome in words: intact with how many rows, or which row is broken and how. */
function renderCheck() {
  const c = state.check;
  const out = $('#audit-verify-result');
  if (!c) {
    return;
  }
  const when = formatAuditTime(state.checkedAt.toISOString());
  const said = h('p', { class: 'copied', role: 'status' });
  const head = c.headSeq > 0
    ? h('p', { class: 'small' }, t('audit.head', { seq: c.headSeq }), ' ', hashView(c.headHash, t('audit.headHashLabel'), said))
    : null;
  if (c.ok) {
    out.replaceChildren(h('p', { class: 'banner banner-ok audit-intact' }, t('audit.intact', { rows: c.rows, when })), head, said);
    return;
  }
  const how = known('audit.broken.' + c.problemCode, { seq: c.firstBadSeq }) ?? t('audit.broken.other', { seq: c.firstBadSeq });
  out.replaceChildren(
    h('p', { class: 'banner banner-error audit-not-intact' }, t('audit.notIntact', { seq: c.firstBadSeq, when })),
    h('p', { class: 'audit-broken-how' }, how),
    h('details', { class: 'small' }, h('summary', {}, t('audit.problemDetail')), h('code', {}, c.problem || '')),
    h('p', { class: 'small' }, h('a', { href: '#/audit?before=' + (c.firstBadSeq + 1) }, t('audit.showBroken', { seq: c.firstBadSeq }))));
}
