// The staff login kept for this tab (sessionStorage), the same on the inspector's and the archive's
// pages: the cookie is HttpOnly, so the token is also kept here for API calls and the WebSocket.
import { api } from './api.js';

const STORE_KEY = 'rinjo.auth';

/** API error codes that mean the login is no longer good: the login form comes back. */
export const AUTH_FAILURES = new Set(['unauthenticated', 'token-expired', 'token-revoked', 'token-invalid']);

/**
 * The login saved in this tab, its user refreshed from the server; null when there is none or the
 * server no longer accepts it. A network failure keeps it: the next call will tell.
 */
export async function restoreLogin() {
  let auth;
  try {
    auth = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
  } catch {
    auth = null;
  }
  if (!auth?.token) {
    return null;
  }
  try {
    auth.user = await api('/api/auth/me', { token: auth.token });
    saveLogin(auth);
  } catch (e) {
    if (AUTH_FAILURES.has(e.code)) {
      forgetLogin();
      return null;
    }
  }
  return auth;
}

export function saveLogin(auth) {
  sessionStorage.setItem(STORE_KEY, JSON.stringify(auth));
}

export function forgetLogin() {
  sessionStorage.removeItem(STORE_KEY);
}
