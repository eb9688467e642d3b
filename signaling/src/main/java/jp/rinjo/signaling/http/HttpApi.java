package jp.rinjo.signaling.http;

import java.util.function.Supplier;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.signaling.ice.IceServers;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.metrics.SignalingMetrics;

/** The REST API under {@code /api} (documented in {@code /api/openapi.yaml}), plus health and metrics. */
public final class HttpApi {
    private final Scheduling scheduling;
    private final LiveState live;
    private final SignalingMetrics metrics;
    private final ApiSupport api;
    private final IceServers iceServers;
    private final Supplier<String> publicUrl;
    private final boolean secureCookie;
    private final SessionEvents events;
    private final java.util.List<RouteGroup> extraRoutes;
    private final TrustedProxies proxies;
    private final AddressRanges metricsAllow;
    private final HealthChecks healthChecks;

    public HttpApi(Scheduling scheduling, LiveState live, SignalingMetrics metrics, WorkerExecutor blocking,
                   IceServers iceServers, Supplier<String> publicUrl, boolean secureCookie,
                   SessionEvents events, java.util.List<RouteGroup> extraRoutes, TrustedProxies proxies,
                   AddressRanges metricsAllow, HealthChecks healthChecks) {
        this.healthChecks = healthChecks;
        this.proxies = proxies;
        this.metricsAllow = metricsAllow;
        this.scheduling = scheduling;
        this.live = live;
        this.metrics = metrics;
        this.api = new ApiSupport(blocking, new Authenticator(scheduling));
        this.iceServers = iceServers;
        this.publicUrl = publicUrl;
        this.secureCookie = secureCookie;
        this.events = events;
        this.extraRoutes = java.util.List.copyOf(extraRoutes);
    }

    public void mount(Router r) {
        new AuthRoutes(scheduling, api, secureCookie, proxies).mount(r);
        new ContractRoutes(scheduling, api).mount(r);
        new SessionRoutes(scheduling, api, events).mount(r);
        new InvitationRoutes(scheduling, api, publicUrl, iceServers, events).mount(r);
        new OpsRoutes(scheduling, live, metrics, api, proxies, metricsAllow, healthChecks).mount(r);
        extraRoutes.forEach(g -> g.mount(r, api));
        r.get("/api/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .sendFile("openapi/rinjo-api.yaml"));
        // Anything thrown synchronously in a handler (bad path parameter, malformed body) and unknown
        // API paths get the same JSON error shape as everything else.
        r.route("/api/*").failureHandler(ctx -> ApiSupport.fail(ctx, ctx.failure() != null ? ctx.failure()
                : new jp.rinjo.common.error.RinjoException(statusCode(ctx.statusCode()), httpMessage(ctx.statusCode()))));
        r.route("/api/*").handler(ctx -> ApiSupport.fail(ctx, jp.rinjo.common.error.RinjoException.notFound(
                "API endpoint " + ctx.request().method() + " " + ctx.request().path())));
    }

    private static jp.rinjo.common.error.ErrorCode statusCode(int status) {
        return switch (status) {
            case 404 -> jp.rinjo.common.error.ErrorCode.NOT_FOUND;
            case 413 -> jp.rinjo.common.error.ErrorCode.MESSAGE_TOO_LARGE;
            case 400 -> jp.rinjo.common.error.ErrorCode.VALIDATION_FAILED;
            default -> jp.rinjo.common.error.ErrorCode.INTERNAL;
        };
    }

    private static String httpMessage(int status) {
        return status == 413 ? "the request body is too large" : "request failed with HTTP " + status;
    }
}
