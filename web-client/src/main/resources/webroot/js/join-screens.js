// The contractor's end and error screens: how the session ended (the result and the inspector's
// instructions, also asked of the server when the news did not come), and plain words for a link that
// cannot be used (expired, withdrawn, not open yet) or a connection that cannot be made.
import { api, tokenWindow } from './api.js';
import { t, setText, clearText } from './i18n.js';
import { $, showView } from './dom.js';
import { formatDateTime } from './time.js';
import { LOBBY_TIMEOUT_MS, token, call, stopMedia } from './join-state.js';

let notYetTimer = null;
let opensAt = 0;
let reloadWhenLookedAt = null;

/** When a link opens or expired, under its error; the link's window, if it has one. */
export function showErrorTime(key) {
  const when = $('#error-when');
  when.hidden = true;
  const w = tokenWindow(token);
  if (key === 'token-not-yet-valid' && w) {
    setText(when, 'error.opensAt', { time: formatDateTime(w.notBefore) });
    when.hidden = false;
  } else if (key === 'token-expired' && w) {
    setText(when, 'error.expiredAt', { time: formatDateTime(w.expiresAt) });
    when.hidden = false;
  }
  return w;
}

/** The session is over: the result and the inspector's instructions, if any. */
export function showEnd(m) {
  if (call.over && $('#view-end').hidden === false) {
    return;
  }
  call.over = true;
  stopMedia();
  renderEnd(m);
  showView('view-end');
}

/**
 * How the session ended, asked of the server: for a link opened (or a call coming back) after the end,
 * the contractor still reads the result and the inspector's instructions. Without an answer the page
 * keeps what it shows.
 */
export async function showOutcome() {
  let o;
  try {
    o = await api('/api/guest/outcome', { invitation: token, timeoutMs: LOBBY_TIMEOUT_MS });
  } catch {
    return;
  }
  call.over = true;
  stopMedia();
  renderEnd({ status: o.status, result: o.result, note: o.note });
  showView('view-end');
}

function renderEnd(m) {
  const view = $('#view-end');
  view.dataset.status = m.status;
  view.dataset.result = m.result || '';
  setText($('#end-title'), m.status === 'CANCELLED' ? 'end.cancelled' : 'end.title');
  showResult(m.status, m.result);
  $('#end-note').textContent = m.note || '';
  $('#end-note-wrap').hidden = !m.note;
  if (m.note) {
    setText($('#end-note-wrap h2'), m.result === 'INSTRUCTION' ? 'end.note' : 'end.remarks');
  }
}

export function showResult(status, result) {
  if (status !== 'CANCELLED' && result) {
    setText($('#end-result'), 'end.result', { result: t('result.' + result) });
  } else {
    clearText($('#end-result'));
  }
}

/** A screen for a link that cannot be used (or a connection that cannot be made), in plain words. */
export function showError(code) {
  const known = ['token-expired', 'token-revoked', 'token-not-yet-valid', 'session-closed', 'token-invalid',
    'replaced', 'disconnected', 'network'];
  const key = known.includes(code) ? code : (code === 'unauthenticated' || code === 'forbidden' ? 'token-invalid' : 'network');
  const view = $('#view-error');
  view.dataset.code = key;
  setText($('#error-title'), 'error.' + key + '.title');
  setText($('#error-text'), 'error.' + key + '.text');
  setText($('#error-help'), 'error.' + key + '.help');
  const w = showErrorTime(key);
  if (key === 'token-not-yet-valid' && w) {
    // open the lobby by itself when the time comes (if the page is left open)
    const wait = w.notBefore.getTime() - Date.now() + 2000;
    clearTimeout(notYetTimer);
    if (wait < 12 * 3600 * 1000) {
      notYetTimer = setTimeout(() => location.reload(), Math.max(wait, 5000));
    }
    // a background tab's timer may fire a minute late: the moment the phone is looked at, check the time
    opensAt = w.notBefore.getTime();
    if (!reloadWhenLookedAt) {
      reloadWhenLookedAt = () => {
        if (document.visibilityState === 'visible' && Date.now() >= opensAt) {
          location.reload();
        }
      };
      document.addEventListener('visibilitychange', reloadWhenLookedAt);
    }
  }
  $('#error-retry').hidden = !['token-not-yet-valid', 'disconnected', 'network'].includes(key);
  // replaced by another tab or device: this page may take the call back (and that one is told so)
  $('#error-takeback').hidden = key !== 'replaced';
  $('#error-takeback').disabled = false;
  showView('view-error');
  if (key === 'session-closed') {
    showOutcome(); // "it has ended" is not all the contractor needs: the result and the instructions
  }
}
