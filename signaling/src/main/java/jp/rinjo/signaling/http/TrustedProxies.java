package jp.rinjo.signaling.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which client an address behind a reverse proxy stands for ({@code http.trusted-proxies}). A
 * forwarding header is believed only from a listed proxy, and read from the right: each proxy appends
 * the address it was reached from, so the right-most entry not itself a listed proxy is the client,
 * whatever the client wrote further left. Without a list nothing is believed, and every client behind
 * a proxy shares its address.
 */
public final class TrustedProxies {
    private final AddressRanges ranges;

    private TrustedProxies(AddressRanges ranges) {
        this.ranges = ranges;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(AddressRanges.of("http.trusted-proxies", List.of()));
    }

    /** From {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}, … */
    public static TrustedProxies of(List<String> entries) {
        return new TrustedProxies(AddressRanges.of("http.trusted-proxies", entries));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The client's address: the peer's, unless the peer is a listed proxy and its {@code X-Forwarded-For}
     * names one; an entry that is not an IP address ends the walk (nothing left of it is believed).
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (ranges.isEmpty() || forwardedFor == null || !trusted(literal(peer))) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = withoutPort(hops[i].strip());
            byte[] address = literal(hop);
            if (address == null) {
                return client;
            }
            client = text(address);
            if (!trusted(address)) {
                return client;
            }
        }
        return client;
    }

    /** The client of a request: its connection's peer, or whom a listed proxy forwarded it for. */
    public String clientOf(io.vertx.core.http.HttpServerRequest request) {
        var peer = request.remoteAddress();
        String address = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
        return clientAddress(address, request.getHeader("X-Forwarded-For"));
    }

    private boolean trusted(byte[] address) {
        return ranges.contains(address);
    }

    /** {@code 203.0.113.7:5123} and {@code [2001:db8::1]:5123} as proxies may write them. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[") && hop.indexOf(']') > 0) {
            return hop.substring(1, hop.indexOf(']'));
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    private static byte[] literal(String text) {
        return AddressRanges.literal(text);
    }

    /** The address as the rest of the server writes it (Vert.x's hostAddress form). */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
