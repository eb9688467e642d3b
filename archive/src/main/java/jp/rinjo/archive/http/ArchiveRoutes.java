package jp.rinjo.archive.http;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.archive.Archive;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.archive.index.SearchSort;
import jp.rinjo.archive.service.ArchiveServices;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.signaling.http.ApiSupport;
import jp.rinjo.signaling.http.RouteGroup;
import jp.rinjo.signaling.http.StillThumbnailRoutes;

/**
 * The archive's REST API under {@code /api/archive} (documented in the OpenAPI file), mounted by the
 * signaling server. Every handler runs on the archive's own threads — calls on one pool, streams
 * (playback, exports) on another — never on an event loop and never on signaling's worker pool.
 */
public final class ArchiveRoutes implements RouteGroup, AutoCloseable {
    private final ArchiveServices services;
    private final Clock clock;
    private final ExecutorService calls;
    private final ExecutorService streams;
    private final Streaming streaming;

    public ArchiveRoutes(Archive archive, Clock clock) {
        this.services = archive.services();
        this.clock = clock;
        this.calls = Executors.newFixedThreadPool(archive.config().threads(), threads("rinjo-archive"));
        this.streams = Executors.newFixedThreadPool(archive.config().streamThreads(), threads("rinjo-archive-stream"));
        this.streaming = new Streaming(archive.services(), archive.store(), streams);
    }

    @FunctionalInterface
    interface Call<T> {
        T call(Actor actor) throws Exception;
    }

    @Override
    public void mount(Router r, ApiSupport api) {
        r.get("/api/archive/recordings").handler(ctx -> {
            SearchQuery q = query(ctx);
            json(ctx, api, 200, actor -> ArchiveJson.page(services.recordings().search(actor, q)));
        });
        r.get("/api/archive/deployment-key").handler(ctx -> json(ctx, api, 200, actor -> services.recordings().deploymentKey(actor)));
        r.get("/api/archive/facets").handler(ctx -> json(ctx, api, 200, actor -> services.recordings().facets(actor)));
        r.get("/api/archive/recordings/:id").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 200, actor -> ArchiveJson.detail(services.recordings().view(actor, id), clock.instant()));
        });
        r.route("/api/archive/recordings/:id/renditions/:participant").method(io.vertx.core.http.HttpMethod.GET)
                .method(io.vertx.core.http.HttpMethod.HEAD).handler(ctx -> streaming.rendition(ctx, api));
        r.get("/api/archive/recordings/:id/stills/:still").handler(ctx -> still(ctx, api));
        r.get("/api/archive/recordings/:id/stills/:still/thumbnail").handler(ctx -> stillThumbnail(ctx, api));
        r.post("/api/archive/recordings/:id/verify").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 200, actor -> ArchiveJson.verify(services.recordings().verify(actor, id)));
        });
        r.post("/api/archive/recordings/:id/exports").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 201, actor -> ArchiveJson.export(services.exports().start(actor, id)));
        });
        r.get("/api/archive/exports/:job").handler(ctx -> {
            String job = ctx.pathParam("job");
            json(ctx, api, 200, actor -> ArchiveJson.export(services.exports().status(actor, job)));
        });
        r.get("/api/archive/exports/:job/download").handler(ctx -> streaming.export(ctx, api));
        r.post("/api/archive/recordings/:id/renditions/:participant/evidence-copy").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            String participant = ctx.pathParam("participant");
            json(ctx, api, 202, actor -> ArchiveJson.evidenceCopy(services.evidenceCopies().start(actor, id, participant)));
        });
        r.get("/api/archive/evidence-copies/:job").handler(ctx -> {
            String job = ctx.pathParam("job");
            json(ctx, api, 200, actor -> ArchiveJson.evidenceCopy(services.evidenceCopies().status(actor, job)));
        });
        r.get("/api/archive/evidence-copies/:job/download").handler(ctx -> streaming.evidenceCopy(ctx, api));
        r.post("/api/archive/recordings/:id/timestamp").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 200, actor -> services.timestamps().stamp(actor, id));
        });
        r.post("/api/archive/recordings/:id/renditions").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 200, actor -> services.renditions().remake(actor, id));
        });
        r.delete("/api/archive/recordings/:id").handler(ctx -> {
            SessionId id = SessionId.of(ctx.pathParam("id"));
            json(ctx, api, 204, actor -> {
                services.retention().delete(actor, id);
                return null;
            });
        });
        r.get("/api/archive/contracts/:no/policy").handler(ctx -> {
            ContractNo no = ContractNo.of(ctx.pathParam("no"));
            json(ctx, api, 200, actor -> services.retention().policy(actor, no));
        });
        r.put("/api/archive/contracts/:no/policy").handler(ctx -> {
            ContractNo no = ContractNo.of(ctx.pathParam("no"));
            PolicyRequest b = ApiSupport.body(ctx, PolicyRequest.class);
            json(ctx, api, 200, actor -> services.retention().setPolicy(actor, no, b.retentionYears(), b.legalHold(), b.holdReason()));
        });
        r.post("/api/archive/reindex").handler(ctx -> json(ctx, api, 200, actor -> services.audit().reindex(actor)));
        r.get("/api/archive/audit").handler(ctx -> {
            String session = ctx.request().getParam("session");
            Long before = ctx.request().getParam("before") == null ? null : (long) ApiSupport.intParam(ctx, "before", 0);
            Long after = ctx.request().getParam("after") == null ? null : (long) ApiSupport.intParam(ctx, "after", 0);
            int limit = ApiSupport.intParam(ctx, "limit", 100);
            json(ctx, api, 200, actor -> services.audit().list(actor, session == null || session.isBlank() ? null : session, before, after, limit)
                    .stream().map(ArchiveJson::audit).toList());
        });
        r.get("/api/archive/audit/verify").handler(ctx -> json(ctx, api, 200, actor -> services.audit().verify(actor)));
    }

    record PolicyRequest(Integer retentionYears, boolean legalHold, String holdReason) {
    }

    /** Authenticates and runs the call on the archive's pool; answers with its JSON (or the error). */
    private <T> void json(RoutingContext ctx, ApiSupport api, int status, Call<T> call) {
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        calls.execute(() -> {
            Object result;
            try {
                result = call.call(api.authenticator().authenticate(ctx.request()));
            } catch (Throwable t) {
                context.runOnContext(v -> ApiSupport.fail(ctx, t));
                return;
            }
            context.runOnContext(v -> ApiSupport.json(ctx, status, result));
        });
    }

    /** A remote still's JPEG, on the archive's pool like the other calls (at most 10 MB, read whole). */
    private void still(RoutingContext ctx, ApiSupport api) {
        SessionId id = SessionId.of(ctx.pathParam("id"));
        jp.rinjo.common.id.StillId still = jp.rinjo.common.id.StillId.of(ctx.pathParam("still"));
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        calls.execute(() -> {
            jp.rinjo.archive.service.ArchiveService.StillImage image;
            try {
                image = services.recordings().still(api.authenticator().authenticate(ctx.request()), id, still);
            } catch (Throwable t) {
                context.runOnContext(v -> ApiSupport.fail(ctx, t));
                return;
            }
            context.runOnContext(v -> ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "private, no-cache")
                    .putHeader("Content-Disposition", "inline; filename=\"" + image.id() + ".jpg\"")
                    .end(io.vertx.core.buffer.Buffer.buffer(image.jpeg())));
        });
    }

    /**
     * A remote still's thumbnail for the recording page's strip (≤ 320 px; made on the archive's pool), cached by the
     * browser like the session's (StillThumbnailRoutes: immutable, private, per login); 422 unreadable-image for a
     * damaged still.
     */
    private void stillThumbnail(RoutingContext ctx, ApiSupport api) {
        SessionId id = SessionId.of(ctx.pathParam("id"));
        jp.rinjo.common.id.StillId still = jp.rinjo.common.id.StillId.of(ctx.pathParam("still"));
        String etag = StillThumbnailRoutes.etag(still);
        boolean known = etag.equals(ctx.request().getHeader("If-None-Match"));
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        calls.execute(() -> {
            jp.rinjo.common.image.Thumbnail thumbnail;
            try {
                thumbnail = services.recordings().stillThumbnail(api.authenticator().authenticate(ctx.request()), id, still, known);
            } catch (Throwable t) {
                context.runOnContext(v -> ApiSupport.fail(ctx, t));
                return;
            }
            context.runOnContext(v -> {
                ctx.response().putHeader("Cache-Control", StillThumbnailRoutes.CACHE_CONTROL).putHeader("ETag", etag)
                        .putHeader("Vary", StillThumbnailRoutes.VARY);
                if (thumbnail == null) {
                    ctx.response().setStatusCode(304).end();
                } else {
                    ctx.response().putHeader("Content-Type", "image/jpeg")
                            .putHeader("Content-Disposition", "inline; filename=\"" + still + "-thumbnail.jpg\"")
                            .end(io.vertx.core.buffer.Buffer.buffer(thumbnail.jpeg()));
                }
            });
        });
    }

    static SearchQuery query(RoutingContext ctx) {
        var p = ctx.request();
        String sort = p.getParam("sort");
        String order = p.getParam("order");
        return new SearchQuery(p.getParam("q"), date(p.getParam("from"), "from"), date(p.getParam("to"), "to"),
                p.getParam("type") == null || p.getParam("type").isBlank() ? null : enumParam(InspectionType.class, p.getParam("type"), "type"),
                p.getParam("department"), p.getParam("inspector"), sort(sort),
                order == null || order.isBlank() ? !"contractNo".equals(sort) : switch (order.toLowerCase(Locale.ROOT)) {
                    case "asc" -> false;
                    case "desc" -> true;
                    default -> throw RinjoException.invalid("query parameter 'order' must be asc or desc");
                },
                ApiSupport.intParam(ctx, "limit", 20), ApiSupport.intParam(ctx, "offset", 0));
    }

    private static SearchSort sort(String s) {
        if (s == null || s.isBlank()) {
            return SearchSort.RECORDED_AT;
        }
        return switch (s) {
            case "recordedAt" -> SearchSort.RECORDED_AT;
            case "contractNo" -> SearchSort.CONTRACT_NO;
            case "duration" -> SearchSort.DURATION;
            default -> throw RinjoException.invalid("query parameter 'sort' must be recordedAt, contractNo or duration");
        };
    }

    private static LocalDate date(String v, String name) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw RinjoException.invalid("query parameter '" + name + "' must be a date like 2026-11-26 (JST)");
        }
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String v, String name) {
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RinjoException.invalid("query parameter '" + name + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        calls.shutdownNow();
        streams.shutdownNow();
        services.close();
    }
}
