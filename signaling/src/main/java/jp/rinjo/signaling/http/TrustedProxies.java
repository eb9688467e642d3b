package jp.rinjo.signaling.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which client an address behind a reverse proxy stands for ({@code http.trusted-proxies}). A
 * forwarding header is believed only from a listed proxy, and read from the right: each proxy appends
 * the address it was reached from, so the right-most entry not itself a listed proxy is the client,
 * whatever the client wrote further left. Without a list nothing is believed, and every client behind
 * a proxy shares its address.
 */
public final class TrustedProxies {
    /** IP literals only: an entry must never cause a DNS lookup. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = network.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** From {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}, … */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String e : entries) {
            String[] parts = e.strip().split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("http.trusted-proxies: \"" + e + "\" is not an IP address or a range such as 10.0.0.0/8");
            }
            int prefix = address.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("http.trusted-proxies: \"" + e + "\" has a prefix length outside 0–" + address.length * 8);
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new TrustedProxies(ranges);
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

    private boolean trusted(byte[] address) {
        return address != null && ranges.stream().anyMatch(r -> r.contains(address));
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
        if (text == null || !(IPV4.matcher(text).matches() && octets(text) || IPV6.matcher(text).matches())) {
            return null; // a dotted quad out of range would be looked up as a host name
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean octets(String dottedQuad) {
        for (String o : dottedQuad.split("\\.")) {
            if (Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
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
