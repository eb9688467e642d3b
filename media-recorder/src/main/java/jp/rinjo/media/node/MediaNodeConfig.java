package jp.rinjo.media.node;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.error.Require;

/**
 * Configuration of a media node (keys documented in {@code media-defaults.properties}).
 *
 * @param advertised addresses put in the host candidates; empty = this machine's LAN addresses
 * @param faultInboundLoss  fault injection for tests: fraction of received RTP dropped on purpose
 * @param faultOutboundLoss fault injection for tests: fraction of sent RTP dropped on purpose
 * @param readCoalescing how long the media thread lets datagrams gather after a busy read
 *                       ({@link jp.rinjo.media.sfu.ReadCoalescing}); zero = wake for each
 */
public record MediaNodeConfig(String bindHost, int udpPort, List<InetAddress> advertised, Duration consentTimeout,
                              Duration rejoinGrace, Duration keyframeMinInterval, double faultInboundLoss,
                              double faultOutboundLoss, Duration readCoalescing) {
    /** The default of {@code media.read-coalescing} (media-defaults.properties says why). */
    public static final Duration DEFAULT_READ_COALESCING = Duration.ofMillis(1);
    /** Longer would put the node's own latency (goal p99 ≤ 2 ms) at risk for no further saving. */
    static final Duration MAX_READ_COALESCING = Duration.ofMillis(5);

    public MediaNodeConfig {
        Require.that(udpPort >= 0 && udpPort <= 65535, "media.udp-port must be 0–65535");
        Require.that(!readCoalescing.isNegative() && readCoalescing.compareTo(MAX_READ_COALESCING) <= 0,
                "media.read-coalescing must be 0–5ms");
        Require.that(faultInboundLoss >= 0 && faultInboundLoss < 1 && faultOutboundLoss >= 0 && faultOutboundLoss < 1,
                "fault loss rates must be in [0, 1)");
        advertised = List.copyOf(advertised);
    }

    /** With the default read coalescing, as a node started from the defaults file runs. */
    public MediaNodeConfig(String bindHost, int udpPort, List<InetAddress> advertised, Duration consentTimeout,
                           Duration rejoinGrace, Duration keyframeMinInterval, double faultInboundLoss,
                           double faultOutboundLoss) {
        this(bindHost, udpPort, advertised, consentTimeout, rejoinGrace, keyframeMinInterval, faultInboundLoss,
                faultOutboundLoss, DEFAULT_READ_COALESCING);
    }

    public static MediaNodeConfig from(Settings s) {
        List<InetAddress> advertised = s.optional("media.advertised-addresses")
                .map(v -> java.util.Arrays.stream(v.split("\\s*,\\s*")).filter(x -> !x.isBlank()).map(MediaNodeConfig::address).toList())
                .orElse(List.of());
        return new MediaNodeConfig(s.string("media.bind-host"), s.integer("media.udp-port"), advertised,
                s.duration("media.consent-timeout"), s.duration("media.rejoin-grace"), s.duration("media.keyframe-min-interval"),
                Double.parseDouble(s.string("media.fault.inbound-loss")), Double.parseDouble(s.string("media.fault.outbound-loss")),
                s.duration("media.read-coalescing"));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw jp.rinjo.common.error.RinjoException.invalid("media.advertised-addresses: unknown host " + text);
        }
    }
}
