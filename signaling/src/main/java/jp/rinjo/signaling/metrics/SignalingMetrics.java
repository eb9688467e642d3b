package jp.rinjo.signaling.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The node's Prometheus registry and the signaling meters; scraped at {@code /metrics}. */
public final class SignalingMetrics {
    private static final java.util.Set<String> STANDARD_METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong outboundQueued = new AtomicLong();
    private final Counter joins;

    public SignalingMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        registry.gauge("rinjo_ws_connections", connections);
        joins = Counter.builder("rinjo_ws_joins").description("successful session joins").register(registry);
        io.micrometer.core.instrument.Gauge.builder("rinjo_ws_outbound_queued_bytes", outboundQueued, AtomicLong::get)
                .description("bytes of signaling messages this node holds that their peers have not read yet")
                .baseUnit("bytes").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void joined() {
        joins.increment();
    }

    public void messageIn(String type) {
        registry.counter("rinjo_ws_messages_in", "type", type).increment();
    }

    /** A change in what the node holds for peers that have not read it yet (negative once written out). */
    public void outboundQueued(long bytesDelta) {
        outboundQueued.addAndGet(bytesDelta);
    }

    public long outboundQueuedBytes() {
        return outboundQueued.get();
    }

    /** The server closed a connection; {@code reason} is one of the protocol's fixed bye reasons. */
    public void serverClosed(String reason) {
        registry.counter("rinjo_ws_server_closes", "reason", reason).increment();
    }

    public void error(String code) {
        registry.counter("rinjo_ws_errors", "code", code).increment();
    }

    /**
     * Counted by standard method, anything else as OTHER: HTTP lets a client name any method, and each
     * label value would be a series kept (and scraped) for good — unbounded growth from unauthenticated
     * requests.
     */
    public void httpRequest(String method, int status) {
        registry.counter("rinjo_http_requests", "method", STANDARD_METHODS.contains(method) ? method : "OTHER",
                "status", Integer.toString(status)).increment();
    }
}
