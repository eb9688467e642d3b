package jp.rinjo.signaling.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.error.Require;

/**
 * Everything the signaling edge is configured with, read once from {@code signaling-defaults.properties}
 * (every key documented there) plus overrides.
 */
public record SignalingConfig(String host, int port, int httpInstances, Tls tls, Optional<String> publicUrl, LiveStore liveStore,
                              String redisUrl, Duration nodeHeartbeatTtl, int wsMaxMessageBytes, double wsRatePerSecond,
                              int wsRateBurst, Duration joinTimeout, Duration wsIdleTimeout, int wsMaxQueuedBytes,
                              Duration wsQueueStallTimeout, Duration wsCloseGrace, Duration wsLoginRecheck, Duration loginLifetime,
                              Duration invitationEarlyEntry, Ice ice, int blockingPoolSize,
                              jp.rinjo.signaling.media.SessionEndDelivery.Policy mediaEndRetry, Duration abandonedSessionCheck,
                              jp.rinjo.signaling.http.TrustedProxies trustedProxies,
                              jp.rinjo.signaling.http.AddressRanges metricsAllow, int stillsPerSession,
                              long thumbnailCacheBytes) {

    public enum LiveStore { MEMORY, REDIS }

    /** HTTPS: a PKCS#12 keystore; generated self-signed when {@code selfSigned} and missing. */
    public record Tls(boolean enabled, Path keystore, String password, boolean selfSigned, String engine) {
        public Tls {
            Require.that(java.util.Set.of("auto", "openssl", "jdk").contains(engine), "http.tls.engine must be auto, openssl or jdk");
        }
    }

    /** STUN/TURN servers handed to browsers; TURN credentials per coturn's REST scheme when a secret is set. */
    public record Ice(List<String> stunUrls, List<String> turnUrls, Optional<String> turnSecret, Duration turnTtl) {
    }

    public SignalingConfig {
        Require.that(port >= 0 && port <= 65535, "http.port must be 0–65535");
        Require.that(wsMaxMessageBytes >= 1024 && wsMaxMessageBytes <= 1024 * 1024, "ws.max-message-bytes must be 1 KiB–1 MiB");
        Require.that(wsRatePerSecond > 0 && wsRateBurst >= 1, "ws rate limit must be positive");
        Require.that(!wsIdleTimeout.isNegative() && !wsIdleTimeout.isZero(), "ws.idle-timeout must be positive");
        Require.that(wsMaxQueuedBytes >= wsMaxMessageBytes, "ws.max-queued-bytes must be at least ws.max-message-bytes");
        Require.that(!wsQueueStallTimeout.isNegative() && !wsQueueStallTimeout.isZero(), "ws.queue-stall-timeout must be positive");
        Require.that(wsCloseGrace.toMillis() >= 1, "ws.close-grace must be positive");
        Require.that(wsLoginRecheck.toMillis() >= 1, "ws.login-recheck must be positive");
        Require.that(liveStore != LiveStore.REDIS || (redisUrl != null && !redisUrl.isBlank()), "live.redis-url is required for live.store=redis");
        Require.that(blockingPoolSize >= 1, "blocking pool size must be positive");
        Require.that(abandonedSessionCheck.toMillis() >= 1, "sessions.abandoned-check must be positive");
        Require.nonNull(trustedProxies, "http.trusted-proxies");
        Require.nonNull(metricsAllow, "metrics.allow");
        Require.that(stillsPerSession >= 1, "stills.max-per-session must be at least 1");
        Require.that(thumbnailCacheBytes >= 0, "stills.thumbnail-cache-mb cannot be negative");
    }

    public static SignalingConfig from(Settings s, Path dataDir) {
        return new SignalingConfig(
                s.string("http.host"),
                s.integer("http.port"),
                s.integer("http.instances"),
                new Tls(s.bool("http.tls.enabled"),
                        s.optional("http.tls.keystore").map(Path::of).orElse(dataDir.resolve("tls").resolve("rinjo.p12")),
                        s.string("http.tls.password"),
                        s.bool("http.tls.self-signed"),
                        s.string("http.tls.engine")),
                s.optional("http.public-url").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                LiveStore.valueOf(s.string("live.store").toUpperCase(java.util.Locale.ROOT)),
                s.optional("live.redis-url").orElse(null),
                s.duration("live.node-heartbeat-ttl"),
                s.integer("ws.max-message-bytes"),
                Double.parseDouble(s.string("ws.rate-per-second")),
                s.integer("ws.rate-burst"),
                s.duration("ws.join-timeout"),
                s.duration("ws.idle-timeout"),
                s.integer("ws.max-queued-bytes"),
                s.duration("ws.queue-stall-timeout"),
                s.duration("ws.close-grace"),
                s.duration("ws.login-recheck"),
                s.duration("auth.login-lifetime"),
                s.duration("invitation.early-entry"),
                new Ice(list(s.optional("ice.stun-urls")), list(s.optional("ice.turn-urls")), s.optional("ice.turn-secret"),
                        s.duration("ice.turn-ttl")),
                s.integer("blocking.pool-size"),
                new jp.rinjo.signaling.media.SessionEndDelivery.Policy(s.duration("media.end-retry.first"),
                        s.duration("media.end-retry.max"), s.duration("media.end-retry.give-up")),
                s.duration("sessions.abandoned-check"),
                jp.rinjo.signaling.http.TrustedProxies.of(list(s.optional("http.trusted-proxies"))),
                jp.rinjo.signaling.http.AddressRanges.of("metrics.allow", list(s.optional("metrics.allow"))),
                s.integer("stills.max-per-session"),
                s.longValue("stills.thumbnail-cache-mb") * 1024 * 1024);
    }

    private static List<String> list(Optional<String> csv) {
        return csv.map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of()).stream().filter(x -> !x.isBlank()).toList();
    }
}
