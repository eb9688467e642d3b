package jp.rinjo.signaling.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.service.AccountService;
import jp.rinjo.scheduling.service.AuthService;
import jp.rinjo.scheduling.user.UserRole;

/** Login, logout, the current user, password change and (admin) accounts: create, change, disable, enable, reset. */
final class AuthRoutes {
    private final Scheduling scheduling;
    private final ApiSupport api;
    private final boolean secureCookie;
    private final TrustedProxies proxies;

    record LoginRequest(String loginName, String password) {
    }

    record LoginResponse(String token, Views.TimeView expiresAt, Views.UserView user) {
    }

    record PasswordChange(String current, String next) {
    }

    record PasswordReset(String password) {
    }

    record NewUserRequest(String loginName, String displayName, String department, UserRole role, String password) {
    }

    record ProfileChangeRequest(String displayName, String department, UserRole role) {
    }

    AuthRoutes(Scheduling scheduling, ApiSupport api, boolean secureCookie, TrustedProxies proxies) {
        this.proxies = proxies;
        this.scheduling = scheduling;
        this.api = api;
        this.secureCookie = secureCookie;
    }

    void mount(Router r) {
        r.post("/api/auth/login").handler(this::login);
        r.post("/api/auth/logout").handler(ctx -> api.withActor(ctx, 204, actor -> {
            scheduling.auth().logout(actor);
            ctx.response().addCookie(cookie("", 0));
            return null;
        }));
        r.get("/api/auth/me").handler(ctx -> api.withActor(ctx, 200, actor -> {
            if (actor instanceof jp.rinjo.scheduling.auth.Actor.LoggedIn l) {
                return Views.user(l.user());
            }
            throw RinjoException.forbidden("an invitation is not a login");
        }));
        r.post("/api/auth/password").handler(ctx -> {
            PasswordChange body = ApiSupport.body(ctx, PasswordChange.class);
            // The change ends every login, this one too: the caller gets a fresh one, as from login.
            api.withActor(ctx, 200, actor -> loggedIn(ctx, scheduling.auth().changePassword(actor, body.current(), body.next())));
        });
        r.get("/api/users").handler(ctx -> api.withActor(ctx, 200,
                actor -> scheduling.accounts().listUsers(actor).stream().map(Views::user).toList()));
        r.post("/api/users").handler(ctx -> {
            NewUserRequest b = ApiSupport.body(ctx, NewUserRequest.class);
            api.withActor(ctx, 201, actor -> Views.user(scheduling.accounts().createUser(actor,
                    new AccountService.NewUser(b.loginName(), b.displayName(), b.department(), b.role(), b.password()))));
        });
        r.patch("/api/users/:id").handler(ctx -> {
            UserId id = UserId.of(ctx.pathParam("id"));
            ProfileChangeRequest b = ApiSupport.body(ctx, ProfileChangeRequest.class);
            api.withActor(ctx, 200, actor -> Views.user(scheduling.accounts().changeProfile(actor, id,
                    new AccountService.ProfileChange(b.displayName(), b.department(), b.role()))));
        });
        r.post("/api/users/:id/disable").handler(ctx -> {
            UserId id = UserId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> Views.user(scheduling.accounts().disableUser(actor, id)));
        });
        r.post("/api/users/:id/enable").handler(ctx -> {
            UserId id = UserId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> Views.user(scheduling.accounts().enableUser(actor, id)));
        });
        r.post("/api/users/:id/password").handler(ctx -> {
            UserId id = UserId.of(ctx.pathParam("id"));
            PasswordReset b = ApiSupport.body(ctx, PasswordReset.class);
            api.withActor(ctx, 204, actor -> {
                scheduling.accounts().resetPassword(actor, id, b.password());
                return null;
            });
        });
    }

    private void login(RoutingContext ctx) {
        LoginRequest b = ApiSupport.body(ctx, LoginRequest.class);
        String client = clientAddress(ctx);
        api.run(ctx, () -> scheduling.auth().login(b.loginName(), b.password(), client))
                .onSuccess(login -> ApiSupport.json(ctx, 200, loggedIn(ctx, login)))
                .onFailure(e -> ApiSupport.fail(ctx, e));
    }

    private LoginResponse loggedIn(RoutingContext ctx, AuthService.Login login) {
        // A session cookie: it goes when the browser closes (shared office PCs); the token inside
        // expires on its own after the login lifetime anyway.
        ctx.response().addCookie(cookie(login.token(), Long.MIN_VALUE));
        return new LoginResponse(login.token(), Views.TimeView.of(login.expiresAt()), Views.user(login.user()));
    }

    /**
     * The peer of the connection, or behind a listed proxy the client it forwarded for: a header
     * anyone can write is believed only from {@code http.trusted-proxies}, else a guesser could pose
     * as endless addresses. With no proxy listed, every client behind one shares its address, and the
     * login throttle falls back to locking the name for everybody behind it.
     */
    private String clientAddress(RoutingContext ctx) {
        return proxies.clientOf(ctx.request());
    }

    private Cookie cookie(String value, long maxAgeSeconds) {
        Cookie c = Cookie.cookie(Authenticator.COOKIE, value).setHttpOnly(true).setSecure(secureCookie)
                .setSameSite(CookieSameSite.STRICT).setPath("/");
        return maxAgeSeconds == Long.MIN_VALUE ? c : c.setMaxAge(maxAgeSeconds);
    }
}
