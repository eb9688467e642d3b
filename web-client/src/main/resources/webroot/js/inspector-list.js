// Today's and upcoming sessions (#/): the inspector's desk opens on them. Each row links to the
// session's page, and an open session (scheduled or live) also to its call.
import { t, setText, clearText } from './i18n.js';
import { $, h, showView } from './dom.js';
import { formatRange, formatDateTime, todayJst, jstToIso, addDays } from './time.js';
import { lateResultArgs } from './inspector-late-result.js';

/** A session that can still be joined (and invited to). */
export const isOpen = s => s.status === 'SCHEDULED' || s.status === 'LIVE';

/** Set by installSessionList: ctx.call is the API with the login. */
let ctx = null;

/** @param ctx.call the API with the login (a lapsed login brings the login form back) */
export function installSessionList(context) {
  ctx = context;
  $('#list-refresh').addEventListener('click', showList);
  // drawn again in the new language from the data (raw codes and times, formatted now), not from text
  // translated before
  window.addEventListener('langchange', () => {
    if (!$('#view-list').hidden) {
      showList();
    }
  });
  return { show: showList };
}

async function showList() {
  showView('view-list');
  const today = todayJst();
  setText($('#today-title'), 'list.today', { date: formatDateTime(jstToIso(today, '00:00')).replace(/ 00:00 JST$/, '') });
  const status = $('#list-status');
  setText(status, 'common.loading');
  let sessions;
  try {
    const from = jstToIso(today, '00:00');
    const to = jstToIso(addDays(today, 31), '00:00');
    sessions = await ctx.call(`/api/sessions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  } catch (e) {
    setText(status, 'list.failed');
    return;
  }
  clearText(status);
  const tomorrow = jstToIso(addDays(today, 1), '00:00');
  const isToday = s => new Date(s.windowStart.utc) < new Date(tomorrow);
  renderSessions($('#list-today'), sessions.filter(isToday), 'list.noneToday');
  renderSessions($('#list-upcoming'), sessions.filter(s => !isToday(s)), 'list.noneUpcoming');
}

function renderSessions(container, sessions, emptyKey) {
  if (!sessions.length) {
    container.replaceChildren(h('p', { class: 'muted', text: t(emptyKey) }));
    return;
  }
  const head = ['list.colTime', 'field.contractName', 'field.inspectionType', 'field.place', 'field.inspector', 'list.colStatus', 'list.colActions'];
  const table = h('table', { class: 'sessions' },
    h('thead', {}, h('tr', {}, head.map(k => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, sessions.map(s => h('tr', { dataset: { session: s.id, status: s.status } },
      h('td', { text: formatRange(s.windowStart, s.windowEnd) }),
      h('td', {}, h('span', { class: 'strong', text: s.contractName }), h('br'), h('span', { class: 'muted small', text: s.contractNo })),
      h('td', { text: t('type.' + s.inspectionType) }),
      h('td', { text: s.place || '—' }),
      h('td', { text: s.inspectorName }),
      h('td', {}, h('span', { class: 'status status-' + s.status.toLowerCase(), text: t('status.' + s.status) }),
        s.result ? h('span', { class: 'small', text: ' ' + t('result.' + s.result.kind) }) : null,
        s.lateResult ? h('span', { class: 'small late-mark', text: ' ' + t('late.short', lateResultArgs(s.lateResult)) }) : null),
      h('td', { class: 'row-actions' },
        h('a', { href: '#/session/' + encodeURIComponent(s.id), class: 'btn btn-small btn-secondary', text: t('list.details'),
          'aria-label': t('list.detailsOf', { name: s.contractName, time: formatDateTime(s.windowStart) }) }),
        isOpen(s) ? h('a', { href: '#/call/' + encodeURIComponent(s.id), class: 'btn btn-small btn-primary', text: t('session.join'),
          'aria-label': t('list.joinOf', { name: s.contractName, time: formatDateTime(s.windowStart) }) }) : null)))));
  container.replaceChildren(table);
}
