package jp.rinjo.signaling.http;

import java.time.Instant;
import java.util.function.Supplier;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.service.InvitationService;
import jp.rinjo.signaling.ice.IceServers;
import jp.rinjo.signaling.invite.IcsCalendar;
import jp.rinjo.signaling.invite.QrCodes;

/**
 * Invitations (link, QR code, calendar file), and what an invited guest may ask before joining:
 * the lobby's session summary and the ICE servers. The token travels in the link's fragment
 * ({@code /join/#<token>}), so it never reaches access logs or Referer headers.
 */
final class InvitationRoutes {
    private final Scheduling scheduling;
    private final ApiSupport api;
    private final Supplier<String> publicUrl;
    private final IceServers iceServers;
    private final SessionEvents events;

    record InvitationRequest(ParticipantRole role, String displayName, String email) {
    }

    record GuestView(String participantName, String role, String roleLabel, Views.SessionJson session,
                     String recordingNotice) {
    }

    /** How a closed session ended, for its guest: result and the inspector's note (指示事項), nothing else. */
    record GuestOutcome(String status, String result, String resultLabel, String note, Views.TimeView endedAt) {
    }

    InvitationRoutes(Scheduling scheduling, ApiSupport api, Supplier<String> publicUrl, IceServers iceServers,
                     SessionEvents events) {
        this.scheduling = scheduling;
        this.api = api;
        this.publicUrl = publicUrl;
        this.iceServers = iceServers;
        this.events = events;
    }

    String link(String token) {
        return token == null ? null : publicUrl.get() + "/join/#" + token;
    }

    void mount(Router r) {
        r.get("/api/sessions/:id/invitations").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> scheduling.invitations().list(actor, id).stream()
                    .map(i -> Views.invitation(i.invitation(), link(i.token()))).toList());
        });
        r.post("/api/sessions/:id/invitations").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            InvitationRequest b = ApiSupport.body(ctx, InvitationRequest.class);
            api.withActor(ctx, 201, actor -> {
                InvitationService.IssuedInvitation i = scheduling.invitations().invite(actor, id,
                        new InvitationService.InvitationDraft(b.role(), b.displayName(), b.email()));
                return Views.invitation(i.invitation(), link(i.token()));
            });
        });
        r.get("/api/invitations/:id").handler(ctx -> {
            InvitationId id = InvitationId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> {
                InvitationService.IssuedInvitation i = scheduling.invitations().get(actor, id);
                return Views.invitation(i.invitation(), link(i.token()));
            });
        });
        r.delete("/api/invitations/:id").handler(ctx -> {
            InvitationId id = InvitationId.of(ctx.pathParam("id"));
            api.withActor(ctx, 200, actor -> {
                scheduling.invitations().revoke(actor, id);
                events.invitationRevoked(scheduling.invitations().get(actor, id).invitation());
                return null;
            });
        });
        r.get("/api/invitations/:id/qr.png").handler(ctx -> file(ctx, "image/png", null,
                (actor, i) -> Buffer.buffer(QrCodes.png(link(i.token()), 8))));
        r.get("/api/invitations/:id/invite.ics").handler(ctx -> file(ctx, "text/calendar; charset=utf-8", "rinjo-invite.ics",
                (actor, i) -> Buffer.buffer(IcsCalendar.event(i.invitation(), i.session(), link(i.token()), Instant.now()))));
        r.get("/api/guest/session").handler(ctx -> api.withActor(ctx, 200, actor -> {
            if (!(actor instanceof Actor.Invited guest)) {
                throw jp.rinjo.common.error.RinjoException.forbidden("this is the invited guest's view; use /api/sessions");
            }
            return new GuestView(guest.displayName(), guest.role().name(), guest.role().label(),
                    Views.session(scheduling.sessions().get(guest, guest.sessionId())),
                    "この遠隔臨場は、検査の記録として映像・音声が録画されます。");
        }));
        // The link of a closed session admits nobody, but its guest may still read how it ended
        r.get("/api/guest/outcome").handler(ctx -> api.run(ctx, () -> {
            var s = scheduling.invitations().outcome(Authenticator.invitationToken(ctx.request())).session();
            var r0 = s.result();
            return new GuestOutcome(s.status().name(), r0 == null ? null : r0.kind().name(), r0 == null ? null : r0.kind().label(),
                    r0 == null ? null : r0.note(), Views.TimeView.of(s.endedAt()));
        }).onSuccess(o -> ApiSupport.json(ctx, 200, o)).onFailure(e -> ApiSupport.fail(ctx, e)));
        r.get("/api/ice-servers").handler(ctx -> api.withActor(ctx, 200,
                actor -> iceServers.forParticipant(actor instanceof Actor.Invited g ? g.invitationId().value()
                        : ((Actor.LoggedIn) actor).user().id().value(), Instant.now())));
    }

    private interface FileMaker {
        Buffer make(Actor actor, InvitationService.IssuedInvitation invitation);
    }

    private void file(RoutingContext ctx, String contentType, String filename, FileMaker maker) {
        InvitationId id = InvitationId.of(ctx.pathParam("id"));
        api.run(ctx, () -> {
            Actor actor = api.authenticator().authenticate(ctx.request());
            InvitationService.IssuedInvitation i = scheduling.invitations().get(actor, id);
            if (i.token() == null) {
                throw jp.rinjo.common.error.RinjoException.conflict("the invitation was revoked");
            }
            return maker.make(actor, i);
        }).onSuccess(buf -> {
            ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store");
            if (filename != null) {
                ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
            }
            ctx.response().end(buf);
        }).onFailure(e -> ApiSupport.fail(ctx, e));
    }
}
