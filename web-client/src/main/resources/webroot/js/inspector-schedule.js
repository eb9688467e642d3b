// Scheduling a session (#/new): a contract found (or registered on the spot), the day and time window
// in JST (an end before the start is on the next day: night work), the place, and the people invited.
// The session is created first, then its invitations one by one; the session's page says if some failed.
import { t, setText, clearText } from './i18n.js';
import { $, $$, h, showView } from './dom.js';
import { seg } from './api.js';
import { todayJst, nowJstTime, jstToIso, addDays } from './time.js';

const DAY_MINUTES = 24 * 60;
/** The longest window the server takes (scheduling's TimeWindow). */
const MAX_WINDOW_MINUTES = 12 * 60;

/** Set by installScheduling: ctx.call is the API with the login. */
let ctx = null;

/** @param ctx.call the API with the login (a lapsed login brings the login form back) */
export function installScheduling(context) {
  ctx = context;
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
  return { show: showNew };
}

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
    list = await ctx.call('/api/contracts?limit=20' + (q ? '&q=' + encodeURIComponent(q) : ''));
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
    const c = await ctx.call('/api/contracts', { method: 'POST', body });
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
    const session = await ctx.call('/api/sessions', { method: 'POST', body: {
      contractNo: selectedContract.no, inspectionType: $('#s-type').value, windowStart: start, windowEnd: end,
      place: $('#s-place').value.trim() || null,
    } });
    let failed = 0;
    for (const i of invitees) {
      try {
        await ctx.call(`/api/sessions/${seg(session.id)}/invitations`, { method: 'POST',
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

