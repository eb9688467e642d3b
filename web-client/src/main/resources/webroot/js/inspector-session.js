// One session (#/session/<id>): its facts, its result (and a result recorded late, inspector-late-result.js),
// and its invitations: each with its link to copy, its QR code, its .ics file and a way to withdraw it;
// more people can be invited while the session is open.
import { t, setText, clearText } from './i18n.js';
import { $, h, showView, copyText } from './dom.js';
import { seg } from './api.js';
import { formatRange } from './time.js';
import { installLateResult } from './inspector-late-result.js';
import { isOpen } from './inspector-list.js';

/** Set by installSessionView: ctx.getAuth is the login, ctx.call the API with it. */
let ctx = null;
/** A lapsed session's result recorded afterwards, on the session view (inspector-late-result.js). */
let lateResult = null;
let objectUrls = [];
/** QR code images fetched for this view, by invitation id (a language switch redraws the cards with them). */
const qrUrls = new Map();
let currentSession = null;
let currentInvitations = [];

/**
 * @param ctx.getAuth the login; ctx.call the API with it (a lapsed login brings the login form back)
 * @returns {{show: (id: string) => void, current: () => object|null, forgetImages: () => void}}
 */
export function installSessionView(context) {
  ctx = context;
  lateResult = installLateResult({ getAuth: ctx.getAuth, call: ctx.call, shown: s => {
    if (currentSession?.id === s.id) {
      currentSession = s;
      renderSession();
    }
  } });
  $('#invite-form').addEventListener('submit', addInvitation);
  // drawn again in the new language from the data kept (raw codes and times, formatted now), not from
  // text translated before
  window.addEventListener('langchange', () => {
    if (!$('#view-session').hidden && currentSession) {
      renderSession();
    }
  });
  return { show: showSession, current: () => currentSession, forgetImages: revokeObjectUrls };
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
    [s, invitations] = await Promise.all([ctx.call(`/api/sessions/${seg(id)}`), ctx.call(`/api/sessions/${seg(id)}/invitations`)]);
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
    const blob = await ctx.call(inv.qrCodeUrl, { as: 'blob' });
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
    const blob = await ctx.call(inv.icsUrl, { as: 'blob' });
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
    await ctx.call(`/api/invitations/${seg(inv.id)}`, { method: 'DELETE' });
    setText($('#invite-status'), 'session.revokedDone', { name: inv.displayName });
    renderInvitations(await ctx.call(`/api/sessions/${seg(currentSession.id)}/invitations`));
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
    await ctx.call(`/api/sessions/${seg(currentSession.id)}/invitations`, { method: 'POST',
      body: { role: $('#inv-role').value, displayName: name, email: email || null } });
    clearText(err);
    $('#invite-form').reset();
    renderInvitations(await ctx.call(`/api/sessions/${seg(currentSession.id)}/invitations`));
    setText($('#invite-status'), 'session.invited', { name });
  } catch (ex) {
    setText(err, 'new.failed', { message: ex.message });
  }
}
