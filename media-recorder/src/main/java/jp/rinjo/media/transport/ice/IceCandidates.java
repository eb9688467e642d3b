package jp.rinjo.media.transport.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Host candidates for the SDP answer of an ICE-lite agent (RFC 8445 §5.1, RFC 8839 §5.1). A lite
 * agent has only host candidates, one per address the media port is reachable on.
 */
public final class IceCandidates {

    /** RFC 8445 §5.1.2.2: the recommended type preference for host candidates. */
    public static final int HOST_TYPE_PREFERENCE = 126;
    /** With rtcp-mux and BUNDLE there is one component, RTP (RFC 8445 §4). */
    public static final int RTP_COMPONENT = 1;
    public static final int MAX_LOCAL_PREFERENCE = 65535;

    private IceCandidates() {
    }

    /**
     * Candidate priority, RFC 8445 §5.1.2.1:
     * {@code 2^24 * typePreference + 2^8 * localPreference + (256 - componentId)}.
     */
    public static long priority(int typePreference, int localPreference, int componentId) {
        if (typePreference < 0 || typePreference > 126) {
            throw new IllegalArgumentException("type preference must be 0-126, got " + typePreference);
        }
        if (localPreference < 0 || localPreference > MAX_LOCAL_PREFERENCE) {
            throw new IllegalArgumentException("local preference must be 0-65535, got " + localPreference);
        }
        if (componentId < 1 || componentId > 256) {
            throw new IllegalArgumentException("component id must be 1-256, got " + componentId);
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }

    /**
     * One host candidate as the value of an {@code a=candidate} attribute (without "a="), e.g.
     * {@code candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host}.
     *
     * @param foundation      1–32 ice-chars; must differ between candidates with different addresses
     *                        (RFC 8445 §5.1.1.3)
     * @param address         resolved unicast address and port of the media socket
     * @param localPreference 0–65535, higher is preferred among this agent's candidates
     */
    public static String hostCandidate(String foundation, InetSocketAddress address, int localPreference) {
        checkFoundation(foundation);
        Objects.requireNonNull(address, "address");
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("candidate address must be resolved: " + address);
        }
        if (address.getPort() == 0) {
            throw new IllegalArgumentException("candidate port must be 1-65535, got 0");
        }
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
            throw new IllegalArgumentException("candidate address must be a unicast address, got " + ip.getHostAddress());
        }
        if (ip instanceof Inet6Address && ip.isLinkLocalAddress()) {
            throw new IllegalArgumentException("link-local IPv6 needs a zone id, which SDP cannot carry: " + ip.getHostAddress());
        }
        long priority = priority(HOST_TYPE_PREFERENCE, localPreference, RTP_COMPONENT);
        return "candidate:" + foundation + " " + RTP_COMPONENT + " udp " + priority + " "
                + format(ip) + " " + address.getPort() + " typ host";
    }

    /**
     * Host candidates for several addresses, most preferred first: local preferences count down from
     * 65535 in list order, foundations are "1", "2", … (distinct per address). Put IPv6 first where
     * it should be preferred (RFC 8421 §4).
     */
    public static List<String> hostCandidates(List<InetSocketAddress> addresses) {
        Objects.requireNonNull(addresses, "addresses");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite agent needs at least one host candidate");
        }
        List<String> lines = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            lines.add(hostCandidate(Integer.toString(i + 1), addresses.get(i), MAX_LOCAL_PREFERENCE - i));
        }
        return List.copyOf(lines);
    }

    /** The full SDP line for a candidate value from {@link #hostCandidate}. */
    public static String sdpLine(String candidate) {
        return "a=" + Objects.requireNonNull(candidate, "candidate");
    }

    /** Dotted quad for IPv4, RFC 5952 canonical text (lower case, longest zero run as "::") for IPv6. */
    static String format(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first if tied.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static void checkFoundation(String foundation) {
        Objects.requireNonNull(foundation, "foundation");
        if (foundation.isEmpty() || foundation.length() > 32) {
            throw new IllegalArgumentException("foundation must be 1-32 characters, got " + foundation.length());
        }
        for (int i = 0; i < foundation.length(); i++) {
            if (!IceCredentials.isIceChar(foundation.charAt(i))) {
                throw new IllegalArgumentException("foundation may contain only ice-chars, got '" + foundation + "'");
            }
        }
    }
}
