// The recording archive (録画アーカイブ): log in, search recordings by contract with filters, sort
// and pages, and open one to play, verify and export (archive-recording.js). Views are chosen by the
// URL's fragment: #/?q=…&from=… (search, its filters kept in the URL so Back returns to them),
// #/r/<session id> (one recording) and, for admins, #/audit (the audit log, archive-audit.js).
import { api } from './api.js';
import { t, setText, clearText, applyI18n, installLangToggle } from './i18n.js';
import { $, h, showView, markStarted } from './dom.js';
import { showLoginForm, submitLogin } from './login-form.js';
import { AUTH_FAILURES, restoreLogin, saveLogin, forgetLogin } from './saved-login.js';
import { formatDateTime } from './time.js';
import { showRecording, leaveRecording } from './archive-recording.js';
import { formatDuration, formatBytes, integrityChip } from './archive-format.js';
import { installAuditPage, showAudit } from './archive-audit.js';

const PAGE = 20;
let auth = null;
let facets = null;
let lastSearchHash = '#/';
let searchSeq = 0;
/** The results on screen ({page, offset}), drawn again in the new language on a switch. */
let shown = null;

async function main() {
  applyI18n();
  installLangToggle($('#lang-toggle'));
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#search-form').addEventListener('submit', e => {
    e.preventDefault();
    go(formQuery(0));
  });
  $('#search-clear').addEventListener('click', () => {
    $('#search-form').reset();
    go(formQuery(0));
  });
  $('#page-prev').addEventListener('click', () => go(pageQuery(-PAGE)));
  $('#page-next').addEventListener('click', () => go(pageQuery(PAGE)));
  installAuditPage({ call$ });
  window.addEventListener('langchange', () => {
    if (shown && !$('#view-search').hidden) {
      renderResults(shown.page, shown.offset);
    }
  });
  auth = await restoreLogin();
  renderHeader();
  window.addEventListener('hashchange', route);
  route();
}

/** Calls the API with the login; a lapsed login goes back to the login form. */
export async function call$(path, options = {}) {
  try {
    return await api(path, { ...options, token: auth?.token });
  } catch (e) {
    if (AUTH_FAILURES.has(e.code)) {
      auth = null;
      forgetLogin();
      renderHeader();
      showLogin('login.expired');
    }
    throw e;
  }
}

function renderHeader() {
  const logged = !!auth?.user;
  $('#nav').hidden = !logged;
  $('#logout').hidden = !logged;
  $('#user-name').textContent = logged ? auth.user.displayName : '';
  $('#nav-audit').hidden = !isAdmin();
}

const isAdmin = () => auth?.user?.role === 'ADMIN';

/** The query of a fragment such as #/audit?session=… */
const queryOf = hash => new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');

function route() {
  const hash = location.hash || '#/';
  if (!auth?.user) {
    showLogin();
    return;
  }
  const m = /^#\/r\/([^/?]+)$/.exec(hash);
  if (m) {
    const id = decodeURIComponent(m[1]);
    $('#rec-audit').hidden = !isAdmin();
    $('#rec-audit').setAttribute('href', '#/audit?session=' + encodeURIComponent(id));
    showRecording(id, { call$, backHash: lastSearchHash });
    return;
  }
  leaveRecording();
  if (/^#\/audit(\?|$)/.test(hash)) {
    showAudit(queryOf(hash), { admin: isAdmin() });
    return;
  }
  lastSearchHash = hash;
  showSearch(queryOf(hash));
}

function go(params) {
  const hash = '#/?' + params.toString();
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function showLogin(messageKey) {
  leaveRecording();
  showLoginForm(messageKey);
}

async function login(e) {
  const got = await submitLogin(e);
  if (got) {
    auth = got;
    saveLogin(auth);
    renderHeader();
    facets = null;
    route();
  }
}

async function logout() {
  try {
    await api('/api/auth/logout', { method: 'POST', token: auth?.token });
  } catch {
    // the login ends with the tab anyway
  }
  auth = null;
  facets = null;
  forgetLogin();
  renderHeader();
  location.hash = '#/';
  showLogin();
}

// ---------------------------------------------------------------------------------------------
// Search

const FIELDS = { q: '#f-q', from: '#f-from', to: '#f-to', type: '#f-type', department: '#f-department', inspector: '#f-inspector' };

function formQuery(offset) {
  const p = new URLSearchParams();
  for (const [name, sel] of Object.entries(FIELDS)) {
    const v = $(sel).value.trim();
    if (v && !$(sel).disabled) {
      p.set(name, v);
    }
  }
  const [sort, order] = $('#f-sort').value.split(':');
  if (sort !== 'recordedAt' || order !== 'desc') {
    p.set('sort', sort);
    p.set('order', order);
  }
  if (offset > 0) {
    p.set('offset', String(offset));
  }
  return p;
}

function pageQuery(delta) {
  const p = formQuery(0);
  const now = Number(new URLSearchParams(lastSearchHash.split('?')[1] || '').get('offset') || 0);
  const offset = Math.max(0, now + delta);
  if (offset > 0) {
    p.set('offset', String(offset));
  }
  return p;
}

async function loadFacets() {
  if (facets) {
    return;
  }
  facets = await call$('/api/archive/facets');
  const dep = $('#f-department');
  dep.replaceChildren(...(facets.allDepartments ? [h('option', { value: '', 'data-i18n': 'arc.all' }, t('arc.all'))] : []),
    ...facets.departments.map(d => h('option', { value: d }, d)));
  dep.disabled = !facets.allDepartments;
  $('#f-inspector').replaceChildren(h('option', { value: '', 'data-i18n': 'arc.all' }, t('arc.all')),
    ...facets.inspectors.map(i => h('option', { value: i.id }, facets.allDepartments ? `${i.name}（${i.department}）` : i.name)));
}

/** The search fields whose options come from the server (facets). */
const LISTS = new Set(['department', 'inspector']);

function setFields(params, which) {
  for (const [name, sel] of Object.entries(FIELDS)) {
    if (which(name) && !$(sel).disabled) {
      $(sel).value = params.get(name) || '';
    }
  }
}

async function showSearch(params) {
  const seq = ++searchSeq; // a search started later wins, whichever answer arrives first
  showView('view-search', { focus: false });
  const status = $('#search-status');
  // The fields show this search before anything is awaited, so that what the user types while the
  // lists load is not overwritten afterwards; the two lists can only be set once they are loaded.
  setFields(params, name => !LISTS.has(name));
  $('#f-sort').value = `${params.get('sort') || 'recordedAt'}:${params.get('order') || 'desc'}`;
  if (!$('#f-sort').value) {
    $('#f-sort').value = 'recordedAt:desc';
  }
  try {
    await loadFacets();
  } catch (e) {
    setText(status, 'arc.searchFailed', { message: e.message });
    return;
  }
  if (seq !== searchSeq) {
    return; // a later search took over while the lists loaded
  }
  setFields(params, name => LISTS.has(name));
  const offset = Number(params.get('offset') || 0);
  const query = new URLSearchParams(params);
  query.set('limit', String(PAGE));
  setText(status, 'arc.searching');
  clearText($('#search-error'));
  shown = null;
  let page;
  try {
    page = await call$('/api/archive/recordings?' + query.toString());
  } catch (e) {
    if (seq !== searchSeq) {
      return;
    }
    setText($('#search-error'), 'arc.searchFailed', { message: e.message });
    clearText(status);
    $('#results').replaceChildren();
    return;
  }
  if (seq === searchSeq) {
    renderResults(page, offset);
  }
}

function renderResults(page, offset) {
  shown = { page, offset };
  const status = $('#search-status');
  if (page.items.length === 0) {
    setText(status, 'arc.none');
    $('#results').replaceChildren();
  } else {
    setText(status, page.hasMore ? 'arc.foundMore' : 'arc.found', { from: offset + 1, to: offset + page.items.length });
    $('#results').replaceChildren(resultsTable(page.items));
  }
  $('#page-prev').disabled = offset === 0;
  $('#page-next').disabled = !page.hasMore;
}

function th(key) {
  return h('th', { scope: 'col', 'data-i18n': key }, t(key));
}

function resultsTable(items) {
  return h('table', { class: 'sessions results-table', 'aria-label': t('arc.results') },
    h('thead', {}, h('tr', {}, th('arc.col.recorded'), th('arc.col.contract'), th('arc.col.contractor'), th('arc.col.department'),
      th('arc.col.type'), th('arc.col.inspector'), th('arc.col.length'), th('arc.col.size'), th('arc.col.integrity'),
      th('arc.col.notes'))),
    h('tbody', {}, items.map(r => h('tr', { dataset: { session: r.sessionId } },
      h('td', {}, formatDateTime(r.recordedFrom)),
      h('td', {}, h('a', { href: '#/r/' + encodeURIComponent(r.sessionId), class: 'result-link' }, r.contract.name || r.contract.no),
        h('span', { class: 'contract-no' }, r.contract.no)),
      h('td', {}, r.contract.contractor),
      h('td', {}, r.contract.department),
      h('td', { 'data-i18n': 'type.' + r.inspectionType }, t('type.' + r.inspectionType)),
      h('td', {}, r.inspectorName),
      h('td', { class: 'num' }, formatDuration(r.durationSeconds)),
      h('td', { class: 'num' }, formatBytes(r.sizeBytes)),
      h('td', {}, integrityChip(r.integrity.status)),
      h('td', {}, r.markers || r.stills ? t('arc.marks', { markers: r.markers, stills: r.stills }) : '')))));
}

markStarted();
main();
