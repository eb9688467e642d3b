package jp.rinjo.signaling.http;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.common.image.Jpeg;
import jp.rinjo.common.image.ThumbnailCache;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.scheduling.still.SessionStill;
import jp.rinjo.scheduling.still.StillQuota;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.protocol.ServerMessage;
import jp.rinjo.signaling.room.RoomHub;
import jp.rinjo.signaling.ws.JoinAuthorizer;

/**
 * Remote stills (静止画): the contractor's phone uploads a JPEG it took at full camera resolution, the
 * session's media node records it as evidence, and the room is told so the inspector's page shows it.
 *
 * <pre>
 * POST /api/guest/stills?request=srq_…&amp;capturedAt=ISO   Authorization: Invitation &lt;token&gt;, Content-Type: image/jpeg,
 *                                                        body ≤ 10 MB → 201 {id, sha256, bytes, takenAt, takenAtDisplay, width, height}
 * GET  /api/sessions/{id}/stills                        login, the session's department → 200 [{id, by, byName, role, takenAt,
 *                                                        takenAtDisplay, phoneCapturedAt, sha256, bytes, width, height, request}] in time order
 * GET  /api/sessions/{id}/stills/{stillId}              login, the session's department → 200 image/jpeg
 * GET  /api/sessions/{id}/stills/{stillId}/thumbnail    the same → 200 image/jpeg ≤ 320 px (StillThumbnailRoutes)
 * </pre>
 *
 * A session takes at most stills.max-per-session stills ({@link StillQuota}): beyond, an upload is 409
 * still-limit-reached (the phone is not asked for one either: SignalingSocket checks before a still-request).
 *
 * Each accepted still is described in the scheduling database (SessionStills) before the room is told,
 * so a page opened again lists what it missed, from any signaling node, wherever the session's media is now.
 *
 * Mounted before the API's own body handler: a still is larger than any JSON body, so it has its own
 * limit (413 beyond it). The body is collected by Vert.x without blocking; the checks, the database and
 * the recorder run off the event loop.
 */
public final class StillRoutes {
    private static final Logger log = LoggerFactory.getLogger(StillRoutes.class);
    /** The largest still: a phone camera's full-resolution JPEG is a few MB. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final Pattern REQUEST = Pattern.compile("srq_[0-9a-z]{20}");
    /** The session an upload is for, once its sender is known (told when it is refused for the cap). */
    private static final String SESSION_KEY = "rinjo.still.session";

    private final Scheduling scheduling;
    private final ApiSupport api;
    private final MediaGateway media;
    private final RoomHub hub;
    private final Clock clock;
    private final StillQuota quota;
    private final StillViewers viewers;
    private final StillThumbnailRoutes thumbnails;
    private final StillListing listing;

    /** What the phone is answered. */
    record StillView(String id, String sha256, long bytes, String takenAt, String takenAtDisplay, Integer width, Integer height) {
    }

    /** A still as the session's list gives it: the room's {@code still} message, and who took it in which role, and the phone's time. */
    record ListedStill(String id, String by, String byName, String role, String takenAt, String takenAtDisplay, String phoneCapturedAt,
                       String sha256, long bytes, Integer width, Integer height, String request) {
        static ListedStill of(SessionStill s) {
            return new ListedStill(s.id().value(), s.by().value(), s.byName(), s.role().name(), s.takenAt().toString(),
                    Jst.display(s.takenAt()), s.phoneCapturedAt(), s.sha256(), s.bytes(), s.width(), s.height(), s.request());
        }
    }

    /** An upload that passed the checks, holding its place under the session's cap until it is listed (or failed). */
    private record Upload(SessionId session, Actor.Invited guest, ParticipantId by, byte[] jpeg, String request, String capturedAt,
                          StillQuota.Place place) {
    }

    /**
     * @param quota      the cap on stills per session, shared with the still-requests (the phone is not asked beyond it)
     * @param decoding   where thumbnails are made (CPU work, off the event loops and off the database pool)
     * @param thumbnails the thumbnails made so far
     */
    public StillRoutes(Scheduling scheduling, ApiSupport api, MediaGateway media, RoomHub hub, Clock clock, StillQuota quota,
                       WorkerExecutor decoding, ThumbnailCache thumbnails) {
        this.scheduling = scheduling;
        this.api = api;
        this.media = media;
        this.hub = hub;
        this.clock = clock;
        this.quota = quota;
        this.viewers = new StillViewers(scheduling, api.authenticator());
        this.thumbnails = new StillThumbnailRoutes(api, media, viewers, decoding, thumbnails);
        this.listing = new StillListing(scheduling.stills(), api);
    }

    public void mount(Router r) {
        r.post("/api/guest/stills").handler(this::signedBeforeBody); // a route of its own: Vert.x wants body handlers first
        r.post("/api/guest/stills").handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES)).handler(this::upload)
                .failureHandler(ctx -> ApiSupport.fail(ctx, ctx.statusCode() == 413
                        ? new RinjoException(ErrorCode.MESSAGE_TOO_LARGE, "a still is at most 10 MB (" + MAX_BYTES + " bytes)")
                        : ctx.failure() != null ? ctx.failure() : new RinjoException(ErrorCode.VALIDATION_FAILED, "the upload failed")));
        r.get("/api/sessions/:id/stills").handler(this::list);
        r.get("/api/sessions/:id/stills/:still").handler(this::serve);
        thumbnails.mount(r);
    }

    /**
     * A request without a link this deployment signed is refused before its body is read: otherwise
     * anyone could make the node hold 10 MB per request in memory. Signature only (no database), so it
     * may run on the event loop; who the link is for, and whether it still admits, is checked after.
     */
    private void signedBeforeBody(RoutingContext ctx) {
        try {
            scheduling.invitations().requireSigned(Authenticator.invitationToken(ctx.request()));
        } catch (RinjoException e) {
            ApiSupport.fail(ctx, e);
            return;
        }
        ctx.next();
    }

    private void upload(RoutingContext ctx) {
        // to the microsecond: what the node records, the database keeps and the room is told are the same time
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        api.run(ctx, () -> check(ctx))
                .compose(u -> store(ctx, u, received).onComplete(done -> u.place().close()))
                .onSuccess(view -> {
                    ApiSupport.json(ctx, 201, view);
                    tellIfFull(ctx);
                })
                .onFailure(e -> {
                    ApiSupport.fail(ctx, e);
                    if (e instanceof RinjoException r && r.code() == ErrorCode.STILL_LIMIT_REACHED) {
                        tellIfFull(ctx);
                    }
                });
    }

    /**
     * The room is told when the session has reached its cap (after this still's place is given back: counted
     * while held, a still listed already would be counted twice), so the inspector's page says so at once
     * instead of at the next ask. Uploads finishing together may each tell it; the pages show it once.
     */
    private void tellIfFull(RoutingContext ctx) {
        SessionId session = ctx.get(SESSION_KEY);
        if (session == null) {
            return;
        }
        api.run(ctx, () -> quota.isFull(session)).onSuccess(full -> {
            if (full) {
                hub.broadcast(session, null, new ServerMessage.StillsFull(quota.max()));
            }
        }).onFailure(e -> log.warn("session {}: cannot tell whether its stills are at their cap: {}", session, e.toString()));
    }

    /** Recorded by the session's media node, described in the database, and the room told. */
    private Future<StillView> store(RoutingContext ctx, Upload u, Instant received) {
        return Future.fromCompletionStage(media.storeStill(u.session(), new MediaGateway.Still(StillId.random().value(),
                        micros(received), u.capturedAt(), u.by().value(), u.guest().role().name(), u.request()), u.jpeg()),
                        ctx.vertx().getOrCreateContext()).compose(stored -> describe(ctx, u, stored, received).map(stored)).map(stored -> {
                            hub.broadcast(u.session(), null, new ServerMessage.Still(stored.id(), u.by().value(), u.guest().displayName(),
                                    received.toString(), Jst.display(received), stored.sha256(), stored.bytes(), stored.width(),
                                    stored.height(), u.request()));
                            return new StillView(stored.id(), stored.sha256(), stored.bytes(), received.toString(), Jst.display(received),
                                    stored.width(), stored.height());
                        });
    }

    /**
     * Describes the recorded still in the database (off the event loop) before the room is told, so a page
     * that lists the session's stills right after the message has it. A failure here is not answered: the
     * photo is in the recording already, and a phone told it failed would send it again as a second still;
     * {@link StillListing} tries again in the background.
     */
    private Future<Void> describe(RoutingContext ctx, Upload u, MediaGateway.StoredStill stored, Instant received) {
        return listing.keep(ctx.vertx(), new SessionStill(StillId.of(stored.id()), u.session(), stored.sha256(), stored.bytes(), received,
                u.capturedAt(), u.by(), u.guest().displayName(), u.guest().role(), stored.width(), stored.height(), u.request())).firstTry();
    }

    /** Blocking (database): who sends it, for which live session, whether it is a JPEG, and whether the session has room for it. */
    private Upload check(RoutingContext ctx) {
        Actor.Invited guest = scheduling.invitations().resolve(Authenticator.invitationToken(ctx.request()));
        if (guest.role() != ParticipantRole.CONTRACTOR) {
            throw RinjoException.forbidden("stills are taken by the contractor's phone");
        }
        ctx.put(SESSION_KEY, guest.sessionId());
        SessionStatus status = scheduling.sessions().get(guest, guest.sessionId()).session().status();
        if (status != SessionStatus.LIVE) {
            throw RinjoException.conflict("the session is not live: a still is taken during the call");
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("image/jpeg")) {
            throw new RinjoException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a still is sent as Content-Type: image/jpeg");
        }
        byte[] jpeg = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (!Jpeg.isJpeg(jpeg)) {
            throw new RinjoException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body is not a complete JPEG file (FFD8 … FFD9)");
        }
        String request = ctx.request().getParam("request");
        if (request != null && !REQUEST.matcher(request).matches()) {
            throw RinjoException.invalid("request must be the id of a still-request (srq_…)");
        }
        String capturedAt = ctx.request().getParam("capturedAt");
        if (capturedAt != null) {
            try {
                capturedAt = OffsetDateTime.parse(capturedAt).toString();
            } catch (DateTimeParseException e) {
                throw RinjoException.invalid("capturedAt must be an ISO-8601 time with its offset, e.g. 2026-05-28T10:13:19.500+09:00");
            }
        }
        ParticipantId by = JoinAuthorizer.participantId(guest.sessionId(), "inv:" + guest.invitationId());
        // last: a place is held only by an upload that will be stored
        return new Upload(guest.sessionId(), guest, by, jpeg, request, capturedAt, quota.reserve(guest.sessionId()));
    }

    private void list(RoutingContext ctx) {
        api.run(ctx, () -> {
            SessionId session = SessionId.of(ctx.pathParam("id"));
            viewers.require(ctx, session);
            return scheduling.stills().forSession(session).stream().map(ListedStill::of).toList();
        }).onSuccess(stills -> ApiSupport.json(ctx, 200, stills)).onFailure(e -> ApiSupport.fail(ctx, e));
    }

    private void serve(RoutingContext ctx) {
        SessionId session = SessionId.of(ctx.pathParam("id"));
        StillId still = StillId.of(ctx.pathParam("still"));
        api.run(ctx, () -> {
            viewers.require(ctx, session);
            return session;
        }).compose(s -> Future.fromCompletionStage(media.readStill(s, still.value()), ctx.vertx().getOrCreateContext()))
                .onSuccess(jpeg -> {
                    if (jpeg.isEmpty()) {
                        ApiSupport.fail(ctx, RinjoException.notFound("still " + still + " of session " + session));
                        return;
                    }
                    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg").putHeader("Cache-Control", "private, no-store")
                            .putHeader("Content-Disposition", "inline; filename=\"" + still + ".jpg\"")
                            .end(io.vertx.core.buffer.Buffer.buffer(jpeg.get()));
                })
                .onFailure(e -> ApiSupport.fail(ctx, e));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
