package jp.rinjo.signaling.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * How the pages' files may be cached. A contractor on a weak mobile link reloads the join page after
 * every drop; with Last-Modified and revalidation the phone asks with If-Modified-Since and gets a 304
 * with no body instead of the page's ~150 KB again. The files are never taken from the cache without
 * asking, as Vert.x's own "public, immutable" for a day would: after an upgrade a phone would run
 * yesterday's script against today's server.
 */
public final class StaticPages {
    private StaticPages() {
    }

    public static void mustRevalidate(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().headers().contains(HttpHeaders.CACHE_CONTROL)) {
                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        });
        ctx.next();
    }
}
