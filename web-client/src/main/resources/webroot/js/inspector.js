// The inspector's desk (監督職員): log in, today's and upcoming sessions, schedule a session for a
// contract and invite people (link, QR code, .ics), take part in the call and end it with a result.
// Views are chosen by the URL's fragment: #/ (list), #/new, #/session/<id>, #/call/<id>, #/contracts
// (contracts-page.js), #/account and #/users (accounts.js).
import { RinjoClient } from './rinjo-client.js';
import { api, seg } from './api.js';
import { t, setText, clearText, applyI18n, installLangToggle } from './i18n.js';
import { $, $$, h, showView, play, copyText, markStarted } from './dom.js';
import { showLoginForm, submitLogin } from './login-form.js';
import { AUTH_FAILURES, restoreLogin, saveLogin, forgetLogin } from './saved-login.js';
import { formatRange, formatDateTime, todayJst, nowJstTime, jstToIso, addDays } from './time.js';
import { inspectorStills } from './inspector-stills.js';
import { installLateResult, lateResultArgs } from './inspector-late-result.js';
import {
  recordingIndicator, reconnectBanner, qualityMonitor, chatPanel, participantsList, RemoteMedia, installTestHookIfAsked,
} from './call-ui.js';
import { pointOnSiteVideo } from './pointer-inspector.js';
import { pickStage } from './stage-picker.js';
import { installAccounts } from './accounts.js';
import { installContractsPage } from './contracts-page.js';

/** The login (see saved-login.js), null when logged out. */
let auth = null;
/** The account views, #/account and #/users (accounts.js). */
let accounts = null;
/** The contracts and their CSV import, #/contracts (contracts-page.js). */
let contracts = null;
/** A lapsed session's result recorded afterwards, on the session view (inspector-late-result.js). */
let lateResult = null;
let objectUrls = [];
/** QR code images fetched for this view, by invitation id (a language switch redraws the cards with them). */
const qrUrls = new Map();
const call = {
  client: null, remote: null, quality: null, sessionId: null, mic: null, cam: null, over: false, session: null, ended: null,
  lost: new Set(), // kinds ('audio', 'video') of own devices that stopped during the call
};

// ---------------------------------------------------------------------------------------------
// Start, routing, login

async function main() {
  applyI18n();
  installLangToggle($('#lang-toggle'));
  installTestHookIfAsked(() => call);
  wireStatic();
  accounts = installAccounts({ getAuth: () => auth, setAuth: a => { auth = a; saveAuth(); }, call: call$ });
  contracts = installContractsPage({ getAuth: () => auth, call: call$ });
  lateResult = installLateResult({ getAuth: () => auth, call: call$, shown: s => {
    if (currentSession?.id === s.id) {
      currentSession = s;
      renderSession();
    }
  } });
  auth = await restoreLogin();
  renderHeader();
  window.addEventListener('hashchange', route);
  route();
}

/** Calls the API with the login; a lapsed login goes back to the login form. */
async function call$(path, options = {}) {
  try {
    return await api(path, { ...options, token: auth?.token });
  } catch (e) {
    if (AUTH_FAILURES.has(e.code)) {
      clearAuth();
      route(e.code === 'token-revoked' ? 'login.ended' : 'login.expired');
    }
    throw e;
  }
}

function saveAuth() {
  saveLogin(auth);
  renderHeader();
}

function clearAuth() {
  auth = null;
  forgetLogin();
  renderHeader();
}

function renderHeader() {
  const logged = !!auth?.token;
  $('#nav').hidden = !logged;
  $('#logout').hidden = !logged;
  $('#user-name').textContent = logged ? `${auth.user?.displayName ?? ''}` : '';
  accounts?.renderHeader();
}

function route(loginMessage) {
  revokeObjectUrls();
  const hash = location.hash || '#/';
  if (call.client && !call.over && !hash.startsWith('#/call/')) {
    leaveCall();
  }
  if (!auth?.token) {
    showLogin(typeof loginMessage === 'string' ? loginMessage : null);
    return;
  }
  for (const a of $$('#nav a, #user-name')) {
    if (a.getAttribute('href') === hash) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  let m;
  if (hash === '#/new') {
    showNew();
  } else if (hash === '#/contracts') {
    contracts.show();
  } else if ((m = /^#\/session\/(.+)$/.exec(hash))) {
    showSession(decodeURIComponent(m[1]));
  } else if ((m = /^#\/call\/(.+)$/.exec(hash))) {
    if (call.sessionId !== decodeURIComponent(m[1]) || call.over) {
      startCall(decodeURIComponent(m[1]));
    }
  } else if (!accounts.route(hash)) {
    showList();
  }
}

function showLogin(messageKey) {
  showLoginForm(messageKey);
}

async function login(e) {
  const got = await submitLogin(e);
  if (got) {
    auth = got;
    saveAuth();
    route();
  }
}

async function logout() {
  try {
    await api('/api/auth/logout', { method: 'POST', token: auth?.token });
  } catch {
    // the login ends with the tab anyway
  }
  clearAuth();
  location.hash = '#/';
  route();
}

function wireStatic() {
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#list-refresh').addEventListener('click', showList);
  $('#contract-search').addEventListener('click', () => searchContracts());
  $('#contract-q').addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      searchContracts();
    }
  });
  let debounce = null;
  $('#contract-q').addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(searchContracts, 350);
  });
  $('#contract-register').addEventListener('click', registerContract);
  $('#invitee-add').addEventListener('click', () => addInviteeRow({}));
  $('#schedule-form').addEventListener('submit', schedule);
  $('#s-start').addEventListener('change', () => {
    const s = $('#s-start').value;
    const end = $('#s-end').value;
    if (s && (!end || windowMinutes(s, end) > MAX_WINDOW_MINUTES)) {
      $('#s-end').value = plusMinutes(s, 60);
    }
    showNextDay();
  });
  $('#s-start').addEventListener('input', showNextDay);
  $('#s-end').addEventListener('input', showNextDay);
  $('#invite-form').addEventListener('submit', addInvitation);
  wireCallControls();
  // what was built from data is drawn again in the new language from the data kept (raw codes and
  // times, formatted now), not from text translated before
  window.addEventListener('langchange', () => {
    if (!$('#view-list').hidden) {
      showList();
    }
    if (!$('#view-session').hidden && currentSession) {
      renderSession();
    }
    if (call.session) {
      renderCallTitle();
    }
    if (!$('#view-ended').hidden && call.ended) {
      renderEnded();
    }
  });
}

const DAY_MINUTES = 24 * 60;
/** The longest window the server takes (scheduling's TimeWindow). */
const MAX_WINDOW_MINUTES = 12 * 60;

function minutesOf(hhmm) {
  const [hh, mm] = hhmm.split(':').map(Number);
  return hh * 60 + mm;
}

/** HH:MM plus minutes, on the clock (23:30 + 60 is 00:30 of the next day). */
function plusMinutes(hhmm, minutes) {
  const total = (minutesOf(hhmm) + minutes) % DAY_MINUTES;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** An end time not after the start time is on the next day: night work (夜間工事) 22:00–03:00. */
function endsNextDay(start, end) {
  return !!start && !!end && end <= start;
}

function windowMinutes(start, end) {
  const d = minutesOf(end) - minutesOf(start);
  return d > 0 ? d : d + DAY_MINUTES;
}

/** 翌日 beside the end time whenever the end falls on the next day. */
function showNextDay() {
  const next = endsNextDay($('#s-start').value, $('#s-end').value);
  $('#s-end-next-day').hidden = !next;
  $('#s-end').setAttribute('aria-describedby', next ? 's-time-label s-end-next-day' : 's-time-label');
}

function revokeObjectUrls() {
  objectUrls.forEach(u => URL.revokeObjectURL(u));
  objectUrls = [];
  qrUrls.clear();
}

function showGlobalError(key) {
  const g = $('#global-status');
  setText(g, key);
  g.hidden = false;
  setTimeout(() => { g.hidden = true; }, 8000);
}

// ---------------------------------------------------------------------------------------------
// Today's and upcoming sessions

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
    sessions = await call$(`/api/sessions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
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

const isOpen = s => s.status === 'SCHEDULED' || s.status === 'LIVE';

// ---------------------------------------------------------------------------------------------
// Scheduling

let selectedContract = null;

function showNew() {
  const form = $('#schedule-form');
  form.reset();
  selectedContract = null;
  $('#contract-results').querySelectorAll('.choice').forEach(el => el.remove());
  clearText($('#contract-status'));
  clearText($('#schedule-error'));
  clearText($('#contract-new-error'));
  $('#contract-new').open = false;
  $('#s-date').value = todayJst();
  const now = nowJstTime();
  $('#s-start').value = now;
  $('#s-end').value = plusMinutes(now, 60);
  showNextDay();
  $('#invitees').replaceChildren();
  addInviteeRow({ role: 'CONTRACTOR' });
  showView('view-new');
  searchContracts();
}

async function searchContracts() {
  const q = $('#contract-q').value.trim();
  const status = $('#contract-status');
  let list;
  try {
    list = await call$('/api/contracts?limit=20' + (q ? '&q=' + encodeURIComponent(q) : ''));
  } catch {
    setText(status, 'new.searchFailed');
    return;
  }
  if (list.length) {
    setText(status, 'new.found', { n: list.length });
  } else {
    setText(status, q ? 'new.noneFound' : 'new.noContracts');
  }
  renderContractChoices(list);
}

function renderContractChoices(list) {
  const box = $('#contract-results');
  box.querySelectorAll('.choice').forEach(el => el.remove());
  for (const c of list) {
    const id = 'contract-' + Math.random().toString(36).slice(2);
    const input = h('input', { type: 'radio', name: 'contract', id, value: c.no });
    input.checked = selectedContract?.no === c.no;
    input.addEventListener('change', () => { selectedContract = c; });
    box.append(h('div', { class: 'choice' }, input,
      h('label', { for: id },
        h('span', { class: 'strong', text: c.name }), ' ',
        h('span', { class: 'muted', text: `${c.no}・${c.contractor}` }))));
  }
}

async function registerContract() {
  const err = $('#contract-new-error');
  const v = id => $(id).value.trim();
  const body = { no: v('#c-no'), name: v('#c-name'), contractor: v('#c-contractor'), location: v('#c-location'),
    periodStart: v('#c-start'), periodEnd: v('#c-end') };
  const missing = Object.entries(body).find(([, val]) => !val);
  if (missing) {
    const field = { no: '#c-no', name: '#c-name', contractor: '#c-contractor', location: '#c-location',
      periodStart: '#c-start', periodEnd: '#c-end' }[missing[0]];
    setText(err, 'new.contractMissing');
    $(field).focus();
    return;
  }
  if (body.periodEnd < body.periodStart) {
    setText(err, 'new.periodOrder');
    $('#c-end').focus();
    return;
  }
  try {
    const c = await call$('/api/contracts', { method: 'POST', body });
    clearText(err);
    selectedContract = c;
    renderContractChoices([c]);
    setText($('#contract-status'), 'new.registered', { name: c.name });
    $('#contract-new').open = false;
    $(`#contract-results input[value="${CSS.escape(c.no)}"]`)?.focus();
  } catch (e) {
    setText(err, e.code === 'conflict' ? 'new.contractExists' : 'new.contractFailed', { message: e.message });
  }
}

function addInviteeRow({ role = 'CONTRACTOR', name = '', email = '' }) {
  const n = Math.random().toString(36).slice(2);
  const roleSel = h('select', { id: 'iv-role-' + n, class: 'iv-role' },
    ['CONTRACTOR', 'OBSERVER', 'INSPECTOR'].map(r => h('option', { value: r, dataset: { i18n: 'role.' + r }, text: t('role.' + r) })));
  roleSel.value = role;
  const row = h('div', { class: 'invitee grid-4' },
    h('div', { class: 'field' }, h('label', { for: 'iv-role-' + n, dataset: { i18n: 'invitee.role' }, text: t('invitee.role') }), roleSel),
    h('div', { class: 'field' }, h('label', { for: 'iv-name-' + n, dataset: { i18n: 'invitee.name' }, text: t('invitee.name') }),
      h('input', { id: 'iv-name-' + n, class: 'iv-name', maxlength: 100, autocomplete: 'off', value: name })),
    h('div', { class: 'field' }, h('label', { for: 'iv-email-' + n, dataset: { i18n: 'invitee.email' }, text: t('invitee.email') }),
      h('input', { id: 'iv-email-' + n, class: 'iv-email', type: 'email', autocomplete: 'off', value: email })),
    h('div', { class: 'field field-button' }, h('button', { type: 'button', class: 'btn btn-small btn-secondary iv-remove',
      dataset: { i18n: 'new.removeInvitee' }, text: t('new.removeInvitee'),
      on: { click: () => { row.remove(); $('#invitee-add').focus(); } } })));
  $('#invitees').append(row);
  return row;
}

async function schedule(e) {
  e.preventDefault();
  const err = $('#schedule-error');
  clearText(err);
  const fail = (key, focusEl, args) => {
    setText(err, key, args);
    focusEl?.focus();
  };
  if (!selectedContract) {
    return fail('new.pickContract', $('#contract-q'));
  }
  const date = $('#s-date').value;
  const startTime = $('#s-start').value;
  const endTime = $('#s-end').value;
  const start = jstToIso(date, startTime);
  if (!start) {
    return fail('new.badStart', $('#s-date').value ? $('#s-start') : $('#s-date'));
  }
  const end = jstToIso(endsNextDay(startTime, endTime) ? addDays(date, 1) : date, endTime);
  if (!end) {
    return fail('new.badEnd', $('#s-end'));
  }
  if (windowMinutes(startTime, endTime) > MAX_WINDOW_MINUTES) {
    return fail('new.tooLong', $('#s-end'));
  }
  if (new Date(end) <= new Date()) {
    return fail('new.inPast', $('#s-end'));
  }
  const invitees = $$('#invitees .invitee').map(row => ({
    role: $('.iv-role', row).value, displayName: $('.iv-name', row).value.trim(), email: $('.iv-email', row).value.trim() || null,
    row,
  }));
  const unnamed = invitees.find(i => !i.displayName);
  if (unnamed) {
    return fail('new.inviteeName', $('.iv-name', unnamed.row));
  }
  const badMail = invitees.find(i => i.email && !$('.iv-email', i.row).checkValidity());
  if (badMail) {
    return fail('new.inviteeEmail', $('.iv-email', badMail.row));
  }
  const button = $('#schedule-submit');
  button.disabled = true;
  try {
    const session = await call$('/api/sessions', { method: 'POST', body: {
      contractNo: selectedContract.no, inspectionType: $('#s-type').value, windowStart: start, windowEnd: end,
      place: $('#s-place').value.trim() || null,
    } });
    let failed = 0;
    for (const i of invitees) {
      try {
        await call$(`/api/sessions/${seg(session.id)}/invitations`, { method: 'POST',
          body: { role: i.role, displayName: i.displayName, email: i.email } });
      } catch {
        failed++;
      }
    }
    sessionStorage.setItem('rinjo.flash', failed ? 'new.someInvitesFailed' : 'new.scheduled');
    location.hash = '#/session/' + encodeURIComponent(session.id);
  } catch (ex) {
    fail('new.failed', null, { message: ex.message });
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// One session: summary and invitations

let currentSession = null;
let currentInvitations = [];

async function showSession(id) {
  currentSession = null;
  showView('view-session', { focus: false });
  const status = $('#invite-status');
  const flash = sessionStorage.getItem('rinjo.flash');
  sessionStorage.removeItem('rinjo.flash');
  if (flash) {
    setText(status, flash);
  } else {
    clearText(status);
  }
  $('#session-title').textContent = '';
  $('#session-summary').replaceChildren();
  $('#invitation-list').replaceChildren();
  $('#late-result').hidden = true;
  let s;
  let invitations;
  try {
    [s, invitations] = await Promise.all([call$(`/api/sessions/${seg(id)}`), call$(`/api/sessions/${seg(id)}/invitations`)]);
  } catch (e) {
    setText(status, 'session.loadFailed', { message: e.message });
    return;
  }
  currentSession = s;
  currentInvitations = invitations;
  renderSession();
  const heading = $('#session-title');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

/** The session's title, facts and invitations, in the language of the moment. */
function renderSession() {
  const s = currentSession;
  $('#session-title').textContent = `${s.contractName} — ${t('type.' + s.inspectionType)}`;
  const rows = [
    ['contract.no', s.contractNo], ['contract.contractor', s.contractor], ['field.datetime', formatRange(s.windowStart, s.windowEnd)],
    ['field.place', s.place || '—'], ['field.inspector', s.inspectorName], ['list.colStatus', t('status.' + s.status)],
  ];
  if (s.result) {
    rows.push(['endForm.result', t('result.' + s.result.kind) + (s.result.note ? ' — ' + s.result.note : '')]);
  }
  $('#session-summary').replaceChildren(...rows.map(([k, v]) => h('div', {}, h('dt', { text: t(k) }), h('dd', { text: v }))));
  const join = $('#session-join');
  join.hidden = !isOpen(s);
  join.href = '#/call/' + encodeURIComponent(s.id);
  $('#invite-form').hidden = !isOpen(s);
  lateResult.render(s);
  renderInvitations(currentInvitations);
}

function renderInvitations(invitations) {
  currentInvitations = invitations;
  const list = $('#invitation-list');
  list.replaceChildren();
  if (!invitations.length) {
    list.append(h('li', { class: 'muted', text: t('session.noInvitations') }));
  }
  for (const inv of invitations) {
    list.append(invitationCard(inv));
  }
}

function invitationCard(inv) {
  const n = inv.id;
  const li = h('li', { class: 'card invitation', dataset: { invitation: inv.id, role: inv.role } });
  li.append(h('h3', {}, inv.displayName, ' ', h('span', { class: 'muted', text: t('insp.roleOf', { role: t('role.' + inv.role) }) })));
  if (inv.email) {
    li.append(h('p', { class: 'small', text: inv.email }));
  }
  if (!inv.link) {
    li.append(h('p', { class: 'status status-cancelled', text: t('session.revoked') }));
    return li;
  }
  const linkInput = h('input', { id: 'link-' + n, class: 'invitation-link', type: 'text', readonly: true, value: inv.link,
    on: { focus: e => e.target.select() } });
  const copied = h('span', { class: 'copied small', role: 'status' });
  const copyBtn = h('button', { type: 'button', class: 'btn btn-secondary', text: t('session.copy'),
    on: { click: async () => {
      const ok = await copyText(inv.link, linkInput);
      setText(copied, ok ? 'session.copied' : 'session.copyFailed');
    } } });
  const qr = h('img', { class: 'qr', alt: t('session.qrAlt', { name: inv.displayName }), width: 160, height: 160 });
  const icsBtn = h('button', { type: 'button', class: 'btn btn-secondary', text: t('session.ics'),
    on: { click: () => downloadIcs(inv) } });
  const revokeBtn = h('button', { type: 'button', class: 'btn btn-danger-outline', text: t('session.revoke'),
    on: { click: () => revokeInvitation(inv) } });
  li.append(
    h('div', { class: 'invitation-body' },
      h('div', { class: 'invitation-link-box' },
        h('label', { for: 'link-' + n, text: t('session.link') }),
        h('div', { class: 'inline' }, linkInput, copyBtn), copied,
        h('div', { class: 'inline invitation-actions' }, icsBtn, revokeBtn)),
      qr));
  loadQr(inv, qr);
  return li;
}

async function loadQr(inv, img) {
  if (qrUrls.has(inv.id)) {
    img.src = qrUrls.get(inv.id);
    return;
  }
  try {
    const blob = await call$(inv.qrCodeUrl, { as: 'blob' });
    const url = URL.createObjectURL(blob);
    objectUrls.push(url);
    qrUrls.set(inv.id, url);
    img.src = url;
  } catch {
    img.alt = t('session.qrFailed');
  }
}

async function downloadIcs(inv) {
  try {
    const blob = await call$(inv.icsUrl, { as: 'blob' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `rinjo-${inv.displayName}.ics`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showGlobalError('session.icsFailed');
  }
}

async function revokeInvitation(inv) {
  if (!window.confirm(t('session.revokeConfirm', { name: inv.displayName }))) {
    return;
  }
  try {
    await call$(`/api/invitations/${seg(inv.id)}`, { method: 'DELETE' });
    setText($('#invite-status'), 'session.revokedDone', { name: inv.displayName });
    renderInvitations(await call$(`/api/sessions/${seg(currentSession.id)}/invitations`));
  } catch (e) {
    setText($('#invite-status'), 'session.revokeFailed', { message: e.message });
  }
}

async function addInvitation(e) {
  e.preventDefault();
  const err = $('#invite-error');
  const name = $('#inv-name').value.trim();
  const email = $('#inv-email').value.trim();
  if (!name) {
    setText(err, 'new.inviteeName');
    $('#inv-name').focus();
    return;
  }
  if (email && !$('#inv-email').checkValidity()) {
    setText(err, 'new.inviteeEmail');
    $('#inv-email').focus();
    return;
  }
  try {
    await call$(`/api/sessions/${seg(currentSession.id)}/invitations`, { method: 'POST',
      body: { role: $('#inv-role').value, displayName: name, email: email || null } });
    clearText(err);
    $('#invite-form').reset();
    renderInvitations(await call$(`/api/sessions/${seg(currentSession.id)}/invitations`));
    setText($('#invite-status'), 'session.invited', { name });
  } catch (ex) {
    setText(err, 'new.failed', { message: ex.message });
  }
}

// ---------------------------------------------------------------------------------------------
// The call

async function startCall(sessionId) {
  if (call.client && !call.over) {
    leaveCall();
  }
  Object.assign(call, { client: null, remote: null, quality: null, sessionId, mic: null, cam: null, over: false, session: null, ended: null });
  call.lost.clear();
  showDeviceWarning();
  showView('view-call', { focus: false });
  $('#call-title').textContent = '';
  $('#media-warning').hidden = true;
  $('#chat-log').replaceChildren();
  let session;
  try {
    session = await call$(`/api/sessions/${seg(sessionId)}`);
  } catch (e) {
    showCallProblem('call.loadFailed');
    return;
  }
  call.session = session;
  renderCallTitle();
  if (!isOpen(session)) {
    showEnded({ status: session.status, result: session.result?.kind, note: session.result?.note });
    return;
  }
  try {
    call.mic = await openMic();
  } catch {
    showCallProblem('call.micFailed');
  }
  const client = call.client = new RinjoClient({ auth: auth.token, sessionId });
  window.__rinjo?.attach(client);
  const roleOf = id => client.participants.get(id)?.role;
  const remote = call.remote = new RemoteMedia({
    main: $('#remote-main'), placeholder: $('#remote-placeholder'), tiles: $('#remote-tiles'), audio: $('#remote-audio'),
    onAudioBlocked: () => { $('#audio-resume').hidden = false; },
    onLayout: () => {
      pickStage($('#stage-picker'), $('#remote-tiles'), remote, client);
      call.stills?.relabel(); // the still is taken of the video on the stage
    },
  }, client, id => roleOf(id) === 'CONTRACTOR');
  call.remote.clear();
  pointOnSiteVideo($('#remote-main'), client);
  recordingIndicator($('#rec-indicator'), client);
  reconnectBanner($('#reconnect-banner'), client);
  chatPanel({ log: $('#chat-log'), form: $('#chat-form'), input: $('#chat-input'), status: $('#chat-status') }, client);
  participantsList($('#participants'), client);
  call.stills?.stop();
  call.stills = inspectorStills({ button: $('#btn-still'), status: $('#still-status'), list: $('#still-list') }, client,
    {
      thumbnail: id => `/api/sessions/${seg(sessionId)}/stills/${seg(id)}/thumbnail`,
      full: id => `/api/sessions/${seg(sessionId)}/stills/${seg(id)}`,
    },
    () => call$(`/api/sessions/${seg(sessionId)}/stills`), () => remote.stageChoices());
  // the client retries a publication no media node took: once it is up, its warning is out of date
  client.addEventListener('publishState', e => {
    const w = $('#media-warning');
    if (e.detail.state === 'connected' && PUBLISH_PROBLEMS.has(w.dataset.i18n)) {
      w.hidden = true;
    }
  });
  client.addEventListener('session', e => {
    if (e.detail.status === 'ENDED' || e.detail.status === 'CANCELLED') {
      showEnded(e.detail);
    }
  });
  client.addEventListener('state', e => {
    if (e.detail.state === 'closed' && !call.over && client === call.client && e.detail.reason !== 'left') {
      if (e.detail.reason?.startsWith('session-')) {
        showEnded({ status: e.detail.reason === 'session-ended' ? 'ENDED' : 'CANCELLED' });
      } else {
        if (e.detail.reason === 'replaced') {
          // the call goes on in another tab or on another computer: the camera and microphone are its now
          stopCallMedia();
          call.mic = null;
          call.cam = null;
          setCameraButton(false);
        }
        showCallProblem(e.detail.reason === 'replaced' ? 'call.replaced'
          : e.detail.reason === 'token-revoked' ? 'call.loginEnded' : 'call.disconnected');
      }
    }
  });
  try {
    await client.connect();
  } catch (e) {
    showCallProblem(e.code === 'session-closed' ? 'call.sessionClosed' : 'call.connectFailed');
    return;
  }
  const heading = $('#call-title');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  call.quality = qualityMonitor($('#quality'), client, 'receive');
  setMicButton(false);
  setCameraButton(false);
  if (call.mic) {
    await publishOwn();
  }
}

/** Publishes the microphone, and the camera when it is on. */
async function publishOwn() {
  const tracks = [call.mic, call.cam].filter(Boolean);
  if (!tracks.length) {
    await call.client.unpublish();
    return;
  }
  try {
    await call.client.publish(new MediaStream(tracks));
    $('#media-warning').hidden = true;
  } catch (e) {
    if (call.client.state !== 'closed') {
      showCallProblem(e.code === 'media-unavailable' ? 'call.mediaUnavailable' : 'call.publishFailed');
    }
  }
}

function renderCallTitle() {
  $('#call-title').textContent = `${call.session.contractName} — ${t('type.' + call.session.inspectionType)}`;
}

async function openMic() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  return watchDevice(stream.getAudioTracks()[0]);
}

async function openCamera() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  return watchDevice(stream.getVideoTracks()[0]);
}

/**
 * A microphone or camera can go away during the call (a USB headset unplugged, the camera taken by
 * another program): the browser ends its track, and the call would go on sending nothing from it —
 * the inspector's voice neither heard nor recorded — without a word. The inspector is told at once
 * and can open the device again into the same call.
 */
function watchDevice(track) {
  track.addEventListener('ended', () => {
    if (!call.over && (track === call.mic || track === call.cam)) {
      call.lost.add(track.kind);
      showDeviceWarning();
    }
  });
  return track;
}

function showDeviceWarning(failed = false) {
  const lost = call.lost;
  const which = lost.size === 2 ? 'Both' : lost.has('audio') ? 'Mic' : 'Camera';
  $('#device-warning').hidden = lost.size === 0;
  if (lost.size) {
    setText($('#device-warning-text'), failed ? 'insp.reopenFailed' : 'insp.lost' + which);
    setText($('#device-reopen'), 'insp.reopen' + which);
  }
}

/** Opens the stopped devices again and puts their tracks in place of the ended ones (no renegotiation). */
async function reopenDevices() {
  const button = $('#device-reopen');
  button.disabled = true;
  try {
    for (const kind of [...call.lost]) {
      const track = kind === 'audio' ? await openMic() : await openCamera();
      if (kind === 'audio') {
        track.enabled = $('#btn-mic').getAttribute('aria-pressed') !== 'true'; // still muted if it was
        call.mic = track;
      } else {
        call.cam = track;
        setCameraButton(true);
      }
      call.lost.delete(kind);
      if (call.client?.localStream) {
        await call.client.replaceTrack(track);
      } else if (call.client?.state === 'joined') {
        await publishOwn();
      }
    }
    showDeviceWarning();
    $('#call-title').focus();
  } catch {
    showDeviceWarning(true);
  } finally {
    button.disabled = false;
  }
}

const PUBLISH_PROBLEMS = new Set(['call.mediaUnavailable', 'call.publishFailed']);

function showCallProblem(key) {
  const w = $('#media-warning');
  setText(w, key);
  w.hidden = false;
}

function wireCallControls() {
  $('#btn-mic').addEventListener('click', () => {
    const muted = $('#btn-mic').getAttribute('aria-pressed') !== 'true';
    if (call.mic) {
      call.mic.enabled = !muted;
    }
    setMicButton(muted);
  });
  $('#btn-camera').addEventListener('click', toggleCamera);
  $('#device-reopen').addEventListener('click', reopenDevices);
  $('#btn-leave').addEventListener('click', () => {
    location.hash = currentSession ? '#/session/' + encodeURIComponent(call.sessionId) : '#/';
  });
  $('#btn-end').addEventListener('click', openEndDialog);
  $('#end-cancel').addEventListener('click', () => $('#end-dialog').close());
  $('#end-form').addEventListener('submit', endSession);
  $('#end-note').addEventListener('input', () => clearText($('#end-error')));
  $('#end-form').addEventListener('change', () => {
    const instruction = $('#end-form input[name=result]:checked')?.value === 'INSTRUCTION';
    $('#end-note').required = instruction;
    $('#end-note').setAttribute('aria-required', String(instruction));
  });
  $('#audio-resume').addEventListener('click', () => {
    call.remote?.resumeAudio();
    $('#audio-resume').hidden = true;
  });
  wireFullScreen();
}

/**
 * 全画面: the site video (its container, so the button stays on it) fills the screen, by the button or
 * a double-click on the picture; the button, a double-click or Escape (the browser's own) leaves.
 */
function wireFullScreen() {
  const stage = $('#remote-main');
  const button = $('#btn-fullscreen');
  if (!document.fullscreenEnabled) {
    button.hidden = true;
    return;
  }
  const toggle = () => (document.fullscreenElement ? document.exitFullscreen() : stage.requestFullscreen())
    .catch(() => {}); // refused (no user gesture, or a policy): the video stays as it is
  button.addEventListener('click', toggle);
  stage.addEventListener('dblclick', e => {
    if (!e.target.closest('button')) {
      toggle();
    }
  });
  document.addEventListener('fullscreenchange', () => {
    setText(button, document.fullscreenElement === stage ? 'insp.fullscreenExit' : 'insp.fullscreen');
  });
}

function setMicButton(muted) {
  const b = $('#btn-mic');
  b.setAttribute('aria-pressed', String(muted));
  b.classList.toggle('ctrl-active', muted);
  setText(b.querySelector('.ctrl-label'), muted ? 'call.muted' : 'call.mute');
}

function setCameraButton(on) {
  const b = $('#btn-camera');
  b.setAttribute('aria-pressed', String(on));
  b.classList.toggle('ctrl-active', on);
  setText(b.querySelector('.ctrl-label'), on ? 'call.cameraOff' : 'call.cameraOn');
  const self = $('#self-view');
  self.hidden = !on;
  self.srcObject = on ? new MediaStream([call.cam]) : null;
  if (on) {
    play(self);
  }
}

async function toggleCamera() {
  const b = $('#btn-camera');
  b.disabled = true;
  try {
    if (call.cam) {
      call.cam.stop();
      call.cam = null;
      call.lost.delete('video');
      showDeviceWarning();
      setCameraButton(false);
    } else {
      try {
        call.cam = await openCamera();
      } catch {
        showCallProblem('camera.failed');
        return;
      }
      setCameraButton(true);
    }
    await publishOwn();
  } finally {
    b.disabled = false;
  }
}

function openEndDialog() {
  const d = $('#end-dialog');
  $('#end-form').reset();
  clearText($('#end-error'));
  $('#end-note').required = false;
  d.showModal();
  $('#end-form input[name=result]').focus();
}

async function endSession(e) {
  e.preventDefault();
  const err = $('#end-error');
  const result = $('#end-form input[name=result]:checked')?.value;
  const note = $('#end-note').value.trim();
  if (!result) {
    setText(err, 'endForm.pickResult');
    $('#end-form input[name=result]').focus();
    return;
  }
  if (result === 'INSTRUCTION' && !note) {
    setText(err, 'endForm.noteRequired');
    $('#end-note').focus();
    return;
  }
  const submit = $('#end-submit');
  submit.disabled = true;
  try {
    const s = await call$(`/api/sessions/${seg(call.sessionId)}/end`, { method: 'POST', body: { result, note: note || null } });
    $('#end-dialog').close();
    showEnded({ status: s.status, result: s.result?.kind, note: s.result?.note });
  } catch (ex) {
    setText(err, 'endForm.failed', { message: ex.message });
  } finally {
    submit.disabled = false;
  }
}

function showEnded(m) {
  if (call.over && !$('#view-ended').hidden) {
    return;
  }
  if ($('#end-dialog').open) {
    $('#end-dialog').close();
  }
  stopCallMedia();
  call.over = true;
  const client = call.client;
  if (client && client.state !== 'closed') {
    client.leave().catch(() => {});
  }
  call.ended = { status: m.status, result: m.result || null, note: m.note || null };
  renderEnded();
  showView('view-ended');
}

/** The end screen from the result code kept, so that a language switch translates the result too. */
function renderEnded() {
  const m = call.ended;
  const view = $('#view-ended');
  view.dataset.status = m.status;
  view.dataset.result = m.result || '';
  setText($('#ended-title'), m.status === 'CANCELLED' ? 'ended.cancelled' : 'ended.title');
  if (m.result) {
    setText($('#ended-result'), 'end.result', { result: t('result.' + m.result) });
  } else {
    clearText($('#ended-result'));
  }
  $('#ended-note').textContent = m.note || '';
  $('#ended-note').hidden = !m.note;
}

function stopCallMedia() {
  if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  }
  call.quality?.stop();
  call.stills?.stop();
  call.remote?.clear();
  call.mic?.stop();
  call.cam?.stop();
  call.lost.clear();
  showDeviceWarning();
  const self = $('#self-view');
  self.srcObject = null;
  self.hidden = true;
}

/** Leaves without ending (the session stays open for a re-join). */
function leaveCall() {
  call.over = true;
  stopCallMedia();
  call.client?.leave().catch(() => {});
  call.sessionId = null;
}

markStarted();
main();
