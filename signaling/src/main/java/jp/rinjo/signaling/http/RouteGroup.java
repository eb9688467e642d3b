package jp.rinjo.signaling.http;

import io.vertx.ext.web.Router;

/**
 * More REST routes for the signaling server to serve (e.g. the archive's), mounted under
 * {@code /api} before the API's catch-all, with the same authentication, worker pool and error
 * shape as its own routes. Signaling knows only this interface, not who implements it.
 */
@FunctionalInterface
public interface RouteGroup {
    void mount(Router router, ApiSupport api);
}
