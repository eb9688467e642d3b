package jp.rinjo.signaling.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Addresses and ranges from configuration ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}),
 * IP literals only: an entry must never cause a DNS lookup. An IPv4 address written in IPv6's mapped
 * form ({@code ::ffff:10.0.0.5}, as a dual-stack socket may report a peer) matches the IPv4 ranges.
 */
public final class AddressRanges {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

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

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param key the configuration key the entries come from, named in the error an entry causes
     * @throws IllegalArgumentException for an entry that is not an IP literal or a range of one
     */
    public static AddressRanges of(String key, List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String e : entries) {
            String[] parts = e.strip().split("/", 2);
            byte[] address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException(key + ": \"" + e + "\" is not an IP address or a range such as 10.0.0.0/8");
            }
            int prefix = address.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException(key + ": \"" + e + "\" has a prefix length outside 0–" + address.length * 8);
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new AddressRanges(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is not) lies in one of the ranges. */
    public boolean contains(String address) {
        return contains(literal(address));
    }

    boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        byte[] unmapped = address.length == 16 && Arrays.equals(address, 0, 12, MAPPED_PREFIX, 0, 12)
                ? Arrays.copyOfRange(address, 12, 16) : address;
        return ranges.stream().anyMatch(r -> r.contains(address) || r.contains(unmapped));
    }

    /** The address of an IP literal, null for anything else (a host name is never looked up). */
    static byte[] literal(String text) {
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
}
