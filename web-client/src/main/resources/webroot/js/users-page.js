// Account management for admins (#/users): every account grouped by department, adding one with a
// generated first password, disabling and enabling, a new password for someone who forgot theirs,
// and a change of name, department or role (人事異動). A password made here is shown once, to hand
// over. The server decides who may do this; the page only hides the way for others.
import { t, setText, clearText } from './i18n.js';
import { $, h, showView, copyText } from './dom.js';
import {
  MIN_PASSWORD_LENGTH, generatePassword, lengthOf, fieldError, clearFieldErrors, focusFirstInvalid, fieldOfServerMessage,
} from './account-forms.js';

let users = [];
/** What the confirmation dialog does when confirmed. */
let pending = null;
/** The account being edited. */
let editing = null;

/** @param ctx see account-page.js */
export function installUsersPage(ctx) {
  $('#users-refresh').addEventListener('click', () => load(ctx));
  $('#nu-generate').addEventListener('click', () => {
    const pw = $('#nu-password');
    pw.value = generatePassword();
    pw.removeAttribute('aria-invalid');
    clearText($('#nu-password-error'));
    pw.focus();
    pw.select();
  });
  $('#user-new').addEventListener('toggle', () => {
    if ($('#user-new').open && !$('#nu-password').value) {
      $('#nu-password').value = generatePassword();
    }
  });
  $('#user-new-form').addEventListener('submit', e => addUser(e, ctx));
  $('#users-secret-copy').addEventListener('click', async () => {
    const ok = await copyText($('#users-secret-value').value, $('#users-secret-value'));
    setText($('#users-secret-copied'), ok ? 'acct.copied' : 'acct.copyFailed');
  });
  $('#users-secret-close').addEventListener('click', hideSecret);
  $('#user-edit-form').addEventListener('submit', e => saveEdit(e, ctx));
  $('#user-edit-cancel').addEventListener('click', () => $('#user-edit-dialog').close());
  $('#user-confirm-form').addEventListener('submit', e => confirmPending(e));
  $('#user-confirm-cancel').addEventListener('click', () => $('#user-confirm-dialog').close());
  window.addEventListener('langchange', () => {
    if (!$('#view-users').hidden) {
      render(ctx);
    }
  });
  return {
    show() {
      hideSecret();
      clearText($('#users-status'));
      showView('view-users');
      load(ctx);
    },
  };
}

async function load(ctx) {
  const status = $('#users-status');
  try {
    users = await ctx.call('/api/users');
  } catch (e) {
    setText(status, e.code === 'forbidden' ? 'acct.err.forbidden' : 'acct.err.loadFailed');
    return;
  }
  render(ctx);
}

const byDepartment = (a, b) => a.department.localeCompare(b.department, 'ja') || a.loginName.localeCompare(b.loginName);

function render(ctx) {
  const me = ctx.getAuth()?.user?.id;
  const departments = [...new Set(users.map(u => u.department))].sort((a, b) => a.localeCompare(b, 'ja'));
  $('#users-departments').replaceChildren(...departments.map(d => h('option', { value: d })));
  const groups = departments.map((dept, i) => {
    const members = users.filter(u => u.department === dept).sort(byDepartment);
    const headingId = 'users-dept-' + i;
    const head = ['acct.loginName', 'acct.displayName', 'acct.role', 'acct.state', 'list.colActions'];
    return h('section', { class: 'users-group', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, dept, ' ', h('span', { class: 'muted small', text: t('acct.count', { n: members.length }) })),
      h('table', { class: 'sessions users', 'aria-labelledby': headingId },
        h('thead', {}, h('tr', {}, head.map(k => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, members.map(u => row(ctx, u, u.id === me)))));
  });
  $('#users-list').replaceChildren(...groups);
}

function row(ctx, u, self) {
  const who = `${u.displayName}（${u.loginName}）`;
  const button = (action, key, cls, onClick) => h('button', {
    type: 'button', class: 'btn btn-small ' + cls, text: t(key), dataset: { user: u.id, action },
    'aria-label': t(key) + ': ' + who, on: { click: onClick },
  });
  return h('tr', { dataset: { user: u.id, login: u.loginName, active: String(u.active) } },
    h('td', { class: 'strong', text: u.loginName }),
    h('td', {}, u.displayName, self ? h('span', { class: 'muted small', text: ' ' + t('acct.you') }) : null),
    h('td', { text: t('acct.role.' + u.role) }),
    h('td', {}, h('span', { class: 'status ' + (u.active ? 'status-ended' : 'status-cancelled'), text: t(u.active ? 'acct.active' : 'acct.disabled') })),
    h('td', { class: 'row-actions' },
      button('edit', 'acct.edit', 'btn-secondary', () => openEdit(u)),
      self ? null : u.active
        ? button('disable', 'acct.disable', 'btn-danger-outline', () => askDisable(ctx, u))
        : button('enable', 'acct.enable', 'btn-secondary', () => enable(ctx, u)),
      button('reset', 'acct.reset', 'btn-secondary', () => askReset(ctx, u))));
}

function showSecret(key, u, password) {
  setText($('#users-secret-text'), key, { name: u.displayName, login: u.loginName });
  $('#users-secret-value').value = password;
  clearText($('#users-secret-copied'));
  const card = $('#users-secret');
  card.hidden = false;
  card.focus();
}

function hideSecret() {
  $('#users-secret').hidden = true;
  $('#users-secret-value').value = '';
}

function say(key, u) {
  setText($('#users-status'), key, { name: u.displayName, login: u.loginName });
}

function refocus(u, action) {
  document.querySelector(`[data-user="${CSS.escape(u.id)}"][data-action="${action}"]`)?.focus();
}

// ---------------------------------------------------------------------------------------------
// Adding an account

async function addUser(e, ctx) {
  e.preventDefault();
  const form = $('#user-new-form');
  const f = { loginName: $('#nu-login'), displayName: $('#nu-name'), department: $('#nu-dept'), password: $('#nu-password') };
  clearFieldErrors(form);
  clearText($('#user-new-error'));
  const login = f.loginName.value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(login)) {
    fieldError(f.loginName, 'acct.err.loginName');
  }
  requireText(f.displayName, 'acct.err.displayName');
  requireText(f.department, 'acct.err.department');
  if (lengthOf(f.password.value) < MIN_PASSWORD_LENGTH) {
    fieldError(f.password, 'acct.err.tooShort', { n: MIN_PASSWORD_LENGTH });
  }
  if (focusFirstInvalid(form)) {
    return;
  }
  const body = {
    loginName: login, displayName: f.displayName.value.trim(), department: f.department.value.trim(),
    role: $('#nu-role').value, password: f.password.value,
  };
  const button = $('#user-new-submit');
  button.disabled = true;
  try {
    const created = await ctx.call('/api/users', { method: 'POST', body });
    form.reset();
    $('#user-new').open = false;
    say('acct.added', created);
    await load(ctx);
    showSecret('acct.secretInitial', created, body.password);
  } catch (ex) {
    if (ex.code === 'conflict') {
      fieldError(f.loginName, 'acct.err.loginTaken');
    } else if (ex.code === 'validation-failed') {
      const input = fieldOfServerMessage(ex.message, f);
      if (input) {
        fieldError(input, errorKeyOf(Object.keys(f).find(k => f[k] === input)), { n: MIN_PASSWORD_LENGTH });
      } else {
        setText($('#user-new-error'), 'acct.err.invalid');
      }
    } else {
      setText($('#user-new-error'), serverErrorKey(ex));
    }
    focusFirstInvalid(form);
  } finally {
    button.disabled = false;
  }
}

function requireText(input, key) {
  if (!input.value.trim()) {
    fieldError(input, key);
  } else if (lengthOf(input.value.trim()) > 100) {
    fieldError(input, 'acct.err.tooLong', { n: 100 });
  }
}

function errorKeyOf(field) {
  return { loginName: 'acct.err.loginName', displayName: 'acct.err.displayName', department: 'acct.err.department',
    password: 'acct.err.tooShort' }[field] || 'acct.err.invalid';
}

function serverErrorKey(ex) {
  return ex.code === 'forbidden' ? 'acct.err.forbidden' : ex.code === 'network' ? 'acct.err.network'
    : ex.code === 'not-found' ? 'acct.err.notFound' : 'acct.err.failed';
}

// ---------------------------------------------------------------------------------------------
// Disabling, enabling, a new password

function askToConfirm(title, text, submitKey, action) {
  setText($('#user-confirm-title'), title.key, title.args);
  setText($('#user-confirm-text'), text.key, text.args);
  setText($('#user-confirm-submit'), submitKey);
  clearText($('#user-confirm-error'));
  pending = action;
  $('#user-confirm-dialog').showModal();
  $('#user-confirm-cancel').focus();
}

async function confirmPending(e) {
  e.preventDefault();
  const button = $('#user-confirm-submit');
  button.disabled = true;
  try {
    await pending();
    $('#user-confirm-dialog').close();
  } catch (ex) {
    setText($('#user-confirm-error'), ex.code === 'conflict' ? 'acct.err.selfDisable'
      : ex.code === 'last-admin' ? 'acct.err.lastAdmin' : serverErrorKey(ex));
  } finally {
    button.disabled = false;
  }
}

function askDisable(ctx, u) {
  const args = { name: u.displayName, login: u.loginName };
  askToConfirm({ key: 'acct.disableTitle', args }, { key: 'acct.disableText', args }, 'acct.disable', async () => {
    const changed = await ctx.call('/api/users/' + encodeURIComponent(u.id) + '/disable', { method: 'POST' });
    say('acct.disabledDone', changed);
    await load(ctx);
    refocus(u, 'enable');
  });
}

async function enable(ctx, u) {
  try {
    const changed = await ctx.call('/api/users/' + encodeURIComponent(u.id) + '/enable', { method: 'POST' });
    say('acct.enabledDone', changed);
    await load(ctx);
    refocus(u, 'disable');
  } catch (ex) {
    setText($('#users-status'), serverErrorKey(ex));
  }
}

function askReset(ctx, u) {
  const args = { name: u.displayName, login: u.loginName };
  askToConfirm({ key: 'acct.resetTitle', args }, { key: 'acct.resetText', args }, 'acct.reset', async () => {
    const password = generatePassword();
    await ctx.call('/api/users/' + encodeURIComponent(u.id) + '/password', { method: 'POST', body: { password } });
    say('acct.resetDone', u);
    showSecret('acct.secretReset', u, password);
  });
}

// ---------------------------------------------------------------------------------------------
// Name, department, role

function openEdit(u) {
  editing = u;
  const form = $('#user-edit-form');
  clearFieldErrors(form);
  clearText($('#user-edit-error'));
  setText($('#user-edit-title'), 'acct.editTitle', { name: u.displayName, login: u.loginName });
  $('#ed-name').value = u.displayName;
  $('#ed-dept').value = u.department;
  $('#ed-role').value = u.role;
  $('#user-edit-dialog').showModal();
  $('#ed-name').focus();
}

/** What the account may see and do, as the server decides whether its logins end: an admin's department changes neither. */
const accessOf = u => (u.role === 'ADMIN' ? 'ADMIN' : u.role + '/' + u.department);

async function saveEdit(e, ctx) {
  e.preventDefault();
  const u = editing;
  const form = $('#user-edit-form');
  const f = { displayName: $('#ed-name'), department: $('#ed-dept') };
  clearFieldErrors(form);
  clearText($('#user-edit-error'));
  requireText(f.displayName, 'acct.err.displayName');
  requireText(f.department, 'acct.err.department');
  if (focusFirstInvalid(form)) {
    return;
  }
  const change = {};
  if (f.displayName.value.trim() !== u.displayName) {
    change.displayName = f.displayName.value.trim();
  }
  if (f.department.value.trim() !== u.department) {
    change.department = f.department.value.trim();
  }
  if ($('#ed-role').value !== u.role) {
    change.role = $('#ed-role').value;
  }
  if (!Object.keys(change).length) {
    $('#user-edit-dialog').close();
    return;
  }
  const button = $('#user-edit-submit');
  button.disabled = true;
  try {
    const changed = await ctx.call('/api/users/' + encodeURIComponent(u.id), { method: 'PATCH', body: change });
    $('#user-edit-dialog').close();
    const me = ctx.getAuth();
    if (me?.user?.id === changed.id) {
      ctx.setAuth({ ...me, user: changed });
    }
    say(accessOf(changed) !== accessOf(u) ? 'acct.savedLoginsEnded' : 'acct.saved', changed);
    await load(ctx);
    refocus(u, 'edit');
  } catch (ex) {
    if (ex.code === 'conflict') {
      setText($('#user-edit-error'), 'acct.err.selfRole');
      $('#ed-role').focus();
    } else if (ex.code === 'last-admin') {
      setText($('#user-edit-error'), 'acct.err.lastAdmin');
    } else if (ex.code === 'validation-failed') {
      const input = fieldOfServerMessage(ex.message, f);
      if (input) {
        fieldError(input, errorKeyOf(Object.keys(f).find(k => f[k] === input)));
        input.focus();
      } else {
        setText($('#user-edit-error'), 'acct.err.invalid');
      }
    } else {
      setText($('#user-edit-error'), serverErrorKey(ex));
    }
  } finally {
    button.disabled = false;
  }
}
