package jp.rinjo.signaling.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.common.image.Thumbnail;
import jp.rinjo.common.image.ThumbnailCache;
import jp.rinjo.signaling.media.MediaGateway;

/**
 * The thumbnail of a session's still, for the inspector's strip: a page reopening a session with many
 * stills loads a few KB for each instead of every full-size photo (several MB from a phone).
 *
 * <pre>
 * GET /api/sessions/{id}/stills/{stillId}/thumbnail   login, the session's department → 200 image/jpeg (≤ 320 px),
 *                                                     304 for If-None-Match, 422 unreadable-image for a damaged JPEG
 * </pre>
 *
 * The same access rules as the still (StillRoutes); checked on every request, a 304 included. A still
 * never changes under its id, so its thumbnail is cached by the browser for good (immutable), privately
 * and per login (Vary: the cookie or Authorization that logged in), so on a shared office PC another
 * login does not see it from the cache without the server's check. Made from the still the media node
 * holds, on a small pool of its own (decoding is CPU work: a page full of thumbnails must not take the
 * blocking pool from the database calls), and kept in this node's memory ({@link ThumbnailCache}).
 */
public final class StillThumbnailRoutes {
    /** A thumbnail never changes under its still's id: kept by the browser for good, for this login only (with VARY). */
    public static final String CACHE_CONTROL = "private, max-age=31536000, immutable";
    /** The requests that differ by login: a cached thumbnail is not shown to another login without the server's check. */
    public static final String VARY = "Authorization, Cookie";

    private final ApiSupport api;
    private final MediaGateway media;
    private final StillViewers viewers;
    private final WorkerExecutor decoding;
    private final ThumbnailCache cache;

    StillThumbnailRoutes(ApiSupport api, MediaGateway media, StillViewers viewers, WorkerExecutor decoding,
                                ThumbnailCache cache) {
        this.api = api;
        this.media = media;
        this.viewers = viewers;
        this.decoding = decoding;
        this.cache = cache;
    }

    /** Fetches the still from the media node, then decodes and scales it on the decoding pool. */
    private java.util.concurrent.CompletionStage<ThumbnailCache.Entry> make(RoutingContext ctx, SessionId session, StillId still) {
        return Future.fromCompletionStage(media.readStill(session, still.value()), ctx.vertx().getOrCreateContext())
                .compose(jpeg -> {
                    if (jpeg.isEmpty()) {
                        return Future.<ThumbnailCache.Entry>failedFuture(RinjoException.notFound("still " + still + " of session " + session));
                    }
                    return decoding.executeBlocking(() -> ThumbnailCache.Entry.of(jpeg.get()), false);
                }).toCompletionStage();
    }

    public void mount(Router r) {
        r.get("/api/sessions/:id/stills/:still/thumbnail").handler(this::thumbnail);
    }

    /** The validator of a still's thumbnail: the still's id and the thumbnail's size (a new size is a new picture). */
    public static String etag(StillId still) {
        return "\"" + still.value() + "-" + Thumbnail.SIZE + "\"";
    }

    private void thumbnail(RoutingContext ctx) {
        SessionId session = SessionId.of(ctx.pathParam("id"));
        StillId still = StillId.of(ctx.pathParam("still"));
        String key = session.value() + "/" + still.value();
        api.run(ctx, () -> {
            viewers.require(ctx, session);
            return session;
        }).compose(allowed -> {
            if (etag(still).equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                return Future.succeededFuture((ThumbnailCache.Entry) null);
            }
            // The future variant and not the blocking one inside executeBlocking: a request that finds the thumbnail
            // being made waits without holding a thread of the small decoding pool (a strip asks for many at once),
            // and the still is fetched from the media node once too. Asked here, on the event loop: make only starts
            // the work (the fetch, then the decoding on its pool) and returns at once.
            return Future.fromCompletionStage(cache.entry(key, () -> make(ctx, session, still)), ctx.vertx().getOrCreateContext());
        }).onSuccess(entry -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).putHeader(HttpHeaders.ETAG, etag(still))
                    .putHeader(HttpHeaders.VARY, VARY);
            if (entry == null) {
                ctx.response().setStatusCode(304).end();
                return;
            }
            Thumbnail t;
            try {
                t = entry.require();
            } catch (RinjoException e) {
                ctx.response().headers().remove(HttpHeaders.CACHE_CONTROL).remove(HttpHeaders.ETAG);
                ApiSupport.fail(ctx, e);
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg")
                    .putHeader("Content-Disposition", "inline; filename=\"" + still + "-thumbnail.jpg\"").end(Buffer.buffer(t.jpeg()));
        }).onFailure(e -> ApiSupport.fail(ctx, e));
    }
}
