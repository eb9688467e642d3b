package jp.rinjo.signaling.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.metrics.SignalingMetrics;

/** Health (liveness, readiness with its checks) and Prometheus metrics. */
final class OpsRoutes {
    private final Scheduling scheduling;
    private final LiveState live;
    private final SignalingMetrics metrics;
    private final ApiSupport api;
    private final TrustedProxies proxies;
    private final AddressRanges metricsAllow;
    private final HealthChecks more;

    /**
     * @param degraded       something needs an operator: a check other than UP, or evidence at risk
     * @param evidenceAtRisk set-aside spool folders of the in-process recorder; absent without one
     */
    record Health(String status, boolean degraded, Map<String, String> checks,
                  @JsonInclude(JsonInclude.Include.NON_NULL) List<AtRiskView> evidenceAtRisk) {
    }

    record AtRiskView(String session, String where, Views.TimeView since, String why) {
        static AtRiskView of(HealthChecks.EvidenceAtRisk a) {
            return new AtRiskView(a.session(), a.where(), Views.TimeView.of(a.since()), a.why());
        }
    }

    OpsRoutes(Scheduling scheduling, LiveState live, SignalingMetrics metrics, ApiSupport api, TrustedProxies proxies,
              AddressRanges metricsAllow, HealthChecks more) {
        this.more = more;
        this.proxies = proxies;
        this.metricsAllow = metricsAllow;
        this.scheduling = scheduling;
        this.live = live;
        this.metrics = metrics;
        this.api = api;
    }

    void mount(Router r) {
        r.get("/health/live").handler(ctx -> ApiSupport.json(ctx, 200, new Health("UP", false, Map.of(), null)));
        r.get("/health").handler(this::ready);
        r.get("/health/ready").handler(this::ready);
        r.get("/metrics").handler(this::metrics);
    }

    /** For {@code metrics.allow} only: the counts of live sessions and people are not for the internet. */
    private void metrics(io.vertx.ext.web.RoutingContext ctx) {
        if (!metricsAllow.contains(proxies.clientOf(ctx.request()))) {
            ApiSupport.fail(ctx, jp.rinjo.common.error.RinjoException.forbidden(
                    "/metrics is served to the addresses in metrics.allow only"));
            return;
        }
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    private void ready(io.vertx.ext.web.RoutingContext ctx) {
        Future<Boolean> db = api.run(ctx, () -> scheduling.database().jdbc()
                .queryOne("SELECT 1 AS one", rs -> rs.getInt("one")).isPresent()).otherwise(false);
        Future<Boolean> liveOk = Future.fromCompletionStage(live.ping()).otherwise(false);
        Future.all(db, liveOk).onComplete(ar -> {
            Map<String, String> checks = new LinkedHashMap<>();
            checks.put("database", Boolean.TRUE.equals(db.result()) ? "UP" : "DOWN");
            checks.put("liveState", Boolean.TRUE.equals(liveOk.result()) ? "UP" : "DOWN");
            // a check that is neither (the recording's "UPLOADS FAILING") is told, not failed on:
            // calls go on, and the spool keeps what the store does not take yet
            checks.putAll(more.run());
            // evidence at risk is told too: the node still records new sessions, so readiness stays as it is
            List<AtRiskView> atRisk = more.evidenceAtRisk().map(l -> l.stream().map(AtRiskView::of).toList()).orElse(null);
            boolean up = !checks.containsValue("DOWN");
            boolean degraded = checks.values().stream().anyMatch(v -> !"UP".equals(v)) || atRisk != null && !atRisk.isEmpty();
            ApiSupport.json(ctx, up ? 200 : 503, new Health(up ? "UP" : "DOWN", degraded, checks, atRisk));
        });
    }
}
