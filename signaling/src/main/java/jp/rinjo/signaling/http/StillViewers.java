package jp.rinjo.signaling.http;

import io.vertx.ext.web.RoutingContext;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;

/** Who may see a session's stills (the list, each still, its thumbnail): a login of the session's department, or an admin. */
final class StillViewers {
    private final Scheduling scheduling;
    private final Authenticator authenticator;

    StillViewers(Scheduling scheduling, Authenticator authenticator) {
        this.scheduling = scheduling;
        this.authenticator = authenticator;
    }

    /** Blocking (database): 401 without a login, 403 for an invitation, 404 for another department's session or none such. */
    void require(RoutingContext ctx, SessionId session) {
        Actor actor = authenticator.authenticate(ctx.request());
        if (!(actor instanceof Actor.LoggedIn)) {
            throw RinjoException.forbidden("stills are shown on the inspector's page; log in");
        }
        scheduling.sessions().get(actor, session); // the department's sessions only
    }
}
