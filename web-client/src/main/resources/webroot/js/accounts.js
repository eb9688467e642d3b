// The account views of the inspector's desk: #/account (everyone) and #/users (admins). The desk
// hands over its login; this module draws the views and the admin's menu entry.
import { $ } from './dom.js';
import { installAccountPage } from './account-page.js';
import { installUsersPage } from './users-page.js';

/**
 * @param ctx.getAuth the saved login ({ token, user, expiresAt }), null when logged out
 * @param ctx.setAuth replaces it (a password change answers a fresh login)
 * @param ctx.call the API with the login; a lapsed login brings the login form back
 */
export function installAccounts(ctx) {
  const own = installAccountPage(ctx);
  const admin = installUsersPage(ctx);
  const isAdmin = () => ctx.getAuth()?.user?.role === 'ADMIN';
  return {
    /** Shows the header's account link and, for an admin, the menu entry. */
    renderHeader() {
      $('#nav-users').hidden = !isAdmin();
      $('#user-name').hidden = !ctx.getAuth()?.token;
    },
    /** Shows the view for the fragment; false when it is not an account view (or not this user's). */
    route(hash) {
      if (hash === '#/account') {
        own.show();
        return true;
      }
      if (hash === '#/users' && isAdmin()) {
        admin.show();
        return true;
      }
      return false;
    },
  };
}
