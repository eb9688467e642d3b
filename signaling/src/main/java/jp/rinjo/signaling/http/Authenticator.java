package jp.rinjo.signaling.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;

/**
 * Who is calling: {@code Authorization: Bearer <login token>}, the {@code rinjo_auth} login cookie,
 * or {@code Authorization: Invitation <invitation token>}. Blocking (it checks the database): call
 * on a worker. Tokens are never logged.
 */
public final class Authenticator {
    public static final String COOKIE = "rinjo_auth";
    private final Scheduling scheduling;

    public Authenticator(Scheduling scheduling) {
        this.scheduling = scheduling;
    }

    /**
     * The invitation token the request carries ({@code Authorization: Invitation <token>}), unchecked: for
     * what a link still shows once its session is over and it admits nobody.
     */
    public static String invitationToken(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        int space = header == null ? -1 : header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Invitation")) {
            throw new RinjoException(ErrorCode.UNAUTHENTICATED, "give the invitation: Authorization: Invitation <token>");
        }
        return header.substring(space + 1).strip();
    }

    public Actor authenticate(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            int space = header.indexOf(' ');
            String scheme = space < 0 ? header : header.substring(0, space);
            String token = space < 0 ? "" : header.substring(space + 1).strip();
            if (scheme.equalsIgnoreCase("Bearer")) {
                return scheduling.auth().authenticate(token);
            }
            if (scheme.equalsIgnoreCase("Invitation")) {
                return scheduling.invitations().resolve(token);
            }
            throw new RinjoException(ErrorCode.UNAUTHENTICATED, "unsupported Authorization scheme; use Bearer or Invitation");
        }
        String cookie = loginCookie(request);
        if (cookie != null) {
            return scheduling.auth().authenticate(cookie);
        }
        throw new RinjoException(ErrorCode.UNAUTHENTICATED, "log in first");
    }

    /** The login cookie, but only on same-origin requests (a cross-site page must not ride on it). */
    public static String loginCookie(HttpServerRequest request) {
        Cookie c = request.getCookie(COOKIE);
        if (c == null) {
            return null;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request.authority() == null ? null : request.authority().toString())) {
            return null;
        }
        return c.getValue();
    }

    static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String withoutScheme = origin.replaceFirst("^https?://", "");
        return withoutScheme.equalsIgnoreCase(hostHeader);
    }
}
