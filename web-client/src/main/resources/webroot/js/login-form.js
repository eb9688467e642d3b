// The staff login form, the same on the inspector's and the archive's pages (ids login-form,
// login-name, login-password, login-submit, login-error, in the view view-login).
import { api } from './api.js';
import { setText, clearText } from './i18n.js';
import { $, showView } from './dom.js';

/** Shows the form, with a message (an i18n key) when there is one, the name field focused. */
export function showLoginForm(messageKey) {
  const err = $('#login-error');
  if (messageKey) {
    setText(err, messageKey);
  } else {
    clearText(err);
  }
  showView('view-login', { focus: false });
  $('#login-name').focus();
}

/**
 * Handles the form's submit: the login it got ({ token, user, expiresAt }), or null when it was
 * refused — the reason is then shown and the field to correct focused.
 */
export async function submitLogin(e) {
  e.preventDefault();
  const name = $('#login-name');
  const pw = $('#login-password');
  const err = $('#login-error');
  if (!name.value.trim() || !pw.value) {
    setText(err, 'login.missing');
    (name.value.trim() ? pw : name).focus();
    return null;
  }
  const button = $('#login-submit');
  button.disabled = true;
  try {
    const r = await api('/api/auth/login', { method: 'POST', body: { loginName: name.value.trim(), password: pw.value } });
    pw.value = '';
    clearText(err);
    return { token: r.token, user: r.user, expiresAt: r.expiresAt };
  } catch (ex) {
    // validation-failed: the name typed cannot be a login name (e.g. 田中); to the person it is just wrong
    setText(err, ex.code === 'bad-credentials' || ex.code === 'unauthenticated' || ex.code === 'validation-failed' ? 'login.bad'
      : ex.code === 'rate-limited' ? 'login.rateLimited' : 'login.failed');
    pw.select();
    pw.focus();
    return null;
  } finally {
    button.disabled = false;
  }
}
