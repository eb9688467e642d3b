// The inspector's desk (監督職員): log in, today's and upcoming sessions, schedule a session for a
// contract and invite people (link, QR code, .ics), take part in the call and end it with a result.
// Views are chosen by the URL's fragment: #/ (list, inspector-list.js), #/new (inspector-schedule.js),
// #/session/<id> (inspector-session.js), #/call/<id> (inspector-call.js), #/contracts (contracts-page.js),
// #/account and #/users (accounts.js). This module starts the page, keeps the login and routes.
import { api } from './api.js';
import { applyI18n, installLangToggle } from './i18n.js';
import { $, $$, markStarted } from './dom.js';
import { showLoginForm, submitLogin } from './login-form.js';
import { AUTH_FAILURES, restoreLogin, saveLogin, forgetLogin } from './saved-login.js';
import { installTestHookIfAsked } from './call-ui.js';
import { installAccounts } from './accounts.js';
import { installContractsPage } from './contracts-page.js';
import { installSessionList } from './inspector-list.js';
import { installScheduling } from './inspector-schedule.js';
import { installSessionView } from './inspector-session.js';
import { installCall } from './inspector-call.js';

/** The login (see saved-login.js), null when logged out. */
let auth = null;
/** The account views, #/account and #/users (accounts.js). */
let accounts = null;
/** The contracts and their CSV import, #/contracts (contracts-page.js). */
let contracts = null;
/** Today's and upcoming sessions, #/ (inspector-list.js). */
let list = null;
/** Scheduling a session, #/new (inspector-schedule.js). */
let scheduling = null;
/** One session and its invitations, #/session/<id> (inspector-session.js). */
let sessionView = null;
/** The call, #/call/<id> (inspector-call.js); call is its state. */
let calls = null;
let call = null;

// ---------------------------------------------------------------------------------------------
// Start, routing, login

async function main() {
  applyI18n();
  installLangToggle($('#lang-toggle'));
  const ctx = { getAuth: () => auth, call: call$ };
  calls = installCall({ ...ctx, cameFromSession: () => !!sessionView.current() });
  call = calls.state;
  installTestHookIfAsked(() => call);
  wireStatic();
  list = installSessionList(ctx);
  scheduling = installScheduling(ctx);
  sessionView = installSessionView(ctx);
  accounts = installAccounts({ getAuth: () => auth, setAuth: a => { auth = a; saveAuth(); }, call: call$ });
  contracts = installContractsPage({ getAuth: () => auth, call: call$ });
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
  sessionView.forgetImages();
  const hash = location.hash || '#/';
  if (call.client && !call.over && !hash.startsWith('#/call/')) {
    calls.leave();
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
    scheduling.show();
  } else if (hash === '#/contracts') {
    contracts.show();
  } else if ((m = /^#\/session\/(.+)$/.exec(hash))) {
    sessionView.show(decodeURIComponent(m[1]));
  } else if ((m = /^#\/call\/(.+)$/.exec(hash))) {
    if (call.sessionId !== decodeURIComponent(m[1]) || call.over) {
      calls.start(decodeURIComponent(m[1]));
    }
  } else if (!accounts.route(hash)) {
    list.show();
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
}

markStarted();
main();
