// The own account (#/account), for everyone who logs in: who the login is, and a password change.
// The change ends every login of the account, this one too; the answer is a fresh login, which
// replaces the saved one, so the page goes on working.
import { t, setText, clearText } from './i18n.js';
import { $, h, showView } from './dom.js';
import { MIN_PASSWORD_LENGTH, lengthOf, fieldError, clearFieldErrors, focusFirstInvalid } from './account-forms.js';

/**
 * @param ctx.getAuth the saved login ({ token, user, expiresAt })
 * @param ctx.setAuth replaces it (saved for the tab, header redrawn)
 * @param ctx.call the API with the login
 */
export function installAccountPage(ctx) {
  $('#password-form').addEventListener('submit', e => changePassword(e, ctx));
  window.addEventListener('langchange', () => {
    if (!$('#view-account').hidden) {
      renderSummary(ctx.getAuth()?.user);
    }
  });
  return {
    async show() {
      const form = $('#password-form');
      form.reset();
      clearFieldErrors(form);
      clearText($('#password-error'));
      $('#password-done').hidden = true;
      renderSummary(ctx.getAuth()?.user);
      showView('view-account');
      try {
        const user = await ctx.call('/api/auth/me');
        ctx.setAuth({ ...ctx.getAuth(), user });
        renderSummary(user);
      } catch {
        // the saved user is shown; a lapsed login has brought the login form back
      }
    },
  };
}

function renderSummary(user) {
  if (!user) {
    return;
  }
  const row = (key, value) => h('div', {}, h('dt', { text: t(key) }), h('dd', { text: value }));
  $('#account-summary').replaceChildren(
    row('acct.loginName', user.loginName),
    row('acct.displayName', user.displayName),
    row('acct.department', user.department),
    row('acct.role', t('acct.role.' + user.role)));
}

async function changePassword(e, ctx) {
  e.preventDefault();
  const form = $('#password-form');
  const current = $('#pw-current');
  const next = $('#pw-next');
  const again = $('#pw-again');
  const err = $('#password-error');
  clearFieldErrors(form);
  clearText(err);
  $('#password-done').hidden = true;
  if (!current.value) {
    fieldError(current, 'acct.err.currentMissing');
  }
  if (lengthOf(next.value) < MIN_PASSWORD_LENGTH) {
    fieldError(next, 'acct.err.tooShort', { n: MIN_PASSWORD_LENGTH });
  } else if (next.value === current.value) {
    fieldError(next, 'acct.err.sameAsCurrent');
  } else if (next.value !== again.value) {
    fieldError(again, 'acct.err.mismatch');
  }
  if (focusFirstInvalid(form)) {
    return;
  }
  const button = $('#password-submit');
  button.disabled = true;
  try {
    const r = await ctx.call('/api/auth/password', { method: 'POST', body: { current: current.value, next: next.value } });
    ctx.setAuth({ token: r.token, user: r.user, expiresAt: r.expiresAt });
    form.reset();
    const done = $('#password-done');
    setText(done, 'acct.pwDone');
    done.hidden = false;
  } catch (ex) {
    if (ex.code === 'bad-credentials') {
      fieldError(current, 'acct.err.currentWrong');
      current.select();
      current.focus();
    } else if (ex.code === 'validation-failed') {
      fieldError(next, 'acct.err.tooShort', { n: MIN_PASSWORD_LENGTH });
      next.focus();
    } else {
      setText(err, ex.code === 'network' ? 'acct.err.network' : 'acct.err.failed');
    }
  } finally {
    button.disabled = false;
  }
}
