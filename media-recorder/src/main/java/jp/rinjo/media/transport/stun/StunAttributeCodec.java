package jp.rinjo.media.transport.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Value layouts of the attributes this node reads and writes. The decoder validates every known
 * attribute here once, so the typed accessors of {@link StunMessage} never fail afterwards.
 */
final class StunAttributeCodec {

    static final int MAGIC_COOKIE = 0x2112A442;
    /** RFC 8489 §14.3: USERNAME is "less than 513 bytes". */
    static final int MAX_USERNAME_BYTES = 512;
    /** RFC 8489 §14.8 and §14.14: reason phrase and SOFTWARE are at most 763 bytes. */
    static final int MAX_TEXT_BYTES = 763;
    static final int MESSAGE_INTEGRITY_LENGTH = 20;
    static final int FINGERPRINT_LENGTH = 4;

    private static final int FAMILY_IPV4 = 0x01;
    private static final int FAMILY_IPV6 = 0x02;

    private StunAttributeCodec() {
    }

    /** Checks the value of a known attribute type; unknown types are accepted as opaque bytes. */
    static void validate(int type, byte[] value) throws StunParseException {
        switch (type) {
            case StunAttributeType.USERNAME -> {
                requireLengthAtMost(type, value, MAX_USERNAME_BYTES);
                strictUtf8(type, value, 0, value.length);
            }
            case StunAttributeType.MESSAGE_INTEGRITY -> requireLength(type, value, MESSAGE_INTEGRITY_LENGTH);
            case StunAttributeType.FINGERPRINT, StunAttributeType.PRIORITY -> requireLength(type, value, 4);
            case StunAttributeType.USE_CANDIDATE -> requireLength(type, value, 0);
            case StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING -> requireLength(type, value, 8);
            case StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.MAPPED_ADDRESS -> validateAddress(type, value);
            case StunAttributeType.ERROR_CODE -> validateErrorCode(value);
            case StunAttributeType.UNKNOWN_ATTRIBUTES -> {
                if (value.length % 2 != 0) {
                    throw new StunParseException("UNKNOWN-ATTRIBUTES length " + value.length + " is not a multiple of 2");
                }
            }
            case StunAttributeType.SOFTWARE -> requireLengthAtMost(type, value, MAX_TEXT_BYTES);
            default -> {
                // Opaque: comprehension-optional attributes are skipped, unknown required ones are
                // reported by StunMessage.unknownComprehensionRequired() for a 420 answer.
            }
        }
    }

    private static void requireLength(int type, byte[] value, int expected) throws StunParseException {
        if (value.length != expected) {
            throw new StunParseException(StunAttributeType.name(type) + " must be " + expected
                    + " bytes, got " + value.length);
        }
    }

    private static void requireLengthAtMost(int type, byte[] value, int max) throws StunParseException {
        if (value.length > max) {
            throw new StunParseException(StunAttributeType.name(type) + " must be at most " + max
                    + " bytes, got " + value.length);
        }
    }

    private static void validateAddress(int type, byte[] value) throws StunParseException {
        if (value.length < 4) {
            throw new StunParseException(StunAttributeType.name(type) + " needs at least 4 bytes, got " + value.length);
        }
        int family = value[1] & 0xFF;
        int expected = switch (family) {
            case FAMILY_IPV4 -> 8;
            case FAMILY_IPV6 -> 20;
            default -> throw new StunParseException(StunAttributeType.name(type) + " has unknown address family 0x"
                    + Integer.toHexString(family));
        };
        if (value.length != expected) {
            throw new StunParseException(StunAttributeType.name(type) + " with family " + family + " must be "
                    + expected + " bytes, got " + value.length);
        }
    }

    private static void validateErrorCode(byte[] value) throws StunParseException {
        if (value.length < 4) {
            throw new StunParseException("ERROR-CODE needs at least 4 bytes, got " + value.length);
        }
        if (value.length > 4 + MAX_TEXT_BYTES) {
            throw new StunParseException("ERROR-CODE reason longer than " + MAX_TEXT_BYTES + " bytes");
        }
        int errorClass = value[2] & 0x07;
        int number = value[3] & 0xFF;
        if (errorClass < 3 || errorClass > 6) {
            throw new StunParseException("ERROR-CODE class " + errorClass + " is outside 3-6");
        }
        if (number > 99) {
            throw new StunParseException("ERROR-CODE number " + number + " is outside 0-99");
        }
    }

    static String strictUtf8(int type, byte[] buf, int off, int len) throws StunParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new StunParseException(StunAttributeType.name(type) + " is not valid UTF-8");
        }
    }

    // ---- reading validated values ----

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    static long u64(byte[] b, int off) {
        return (u32(b, off) << 32) | u32(b, off + 4);
    }

    /**
     * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the port is XORed with the top 16 bits of the magic
     * cookie, an IPv4 address with the cookie, an IPv6 address with cookie ‖ transaction id, which
     * are exactly bytes 4–19 of the message header.
     */
    static InetSocketAddress decodeXorAddress(byte[] value, byte[] header) {
        int port = u16(value, 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] address = new byte[value.length - 4];
        for (int i = 0; i < address.length; i++) {
            address[i] = (byte) (value[4 + i] ^ header[4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address has length " + address.length, e);
        }
    }

    static byte[] encodeXorAddress(InetSocketAddress socketAddress, byte[] transactionId) {
        Objects.requireNonNull(socketAddress, "address");
        InetAddress inet = socketAddress.getAddress();
        if (inet == null) {
            throw new IllegalArgumentException("address must be resolved: " + socketAddress);
        }
        byte[] address = inet.getAddress();
        int family;
        if (inet instanceof Inet4Address) {
            family = FAMILY_IPV4;
        } else if (inet instanceof Inet6Address) {
            family = FAMILY_IPV6;
        } else {
            throw new IllegalArgumentException("unsupported address type " + inet.getClass().getName());
        }
        byte[] key = new byte[16];
        writeInt(key, 0, MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, key, 4, 12);
        byte[] value = new byte[4 + address.length];
        value[1] = (byte) family;
        int port = socketAddress.getPort() ^ (MAGIC_COOKIE >>> 16);
        value[2] = (byte) (port >>> 8);
        value[3] = (byte) port;
        for (int i = 0; i < address.length; i++) {
            value[4 + i] = (byte) (address[i] ^ key[i]);
        }
        return value;
    }

    static StunErrorCode decodeErrorCode(byte[] value) {
        int code = (value[2] & 0x07) * 100 + (value[3] & 0xFF);
        // The reason is informative only; a malformed phrase must not make the response unusable.
        String reason = new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
        return new StunErrorCode(code, reason);
    }

    static byte[] encodeErrorCode(StunErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        if (reason.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("error reason is " + reason.length + " bytes, at most "
                    + MAX_TEXT_BYTES + " allowed");
        }
        byte[] value = new byte[4 + reason.length];
        value[2] = (byte) (error.code() / 100);
        value[3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, value, 4, reason.length);
        return value;
    }

    static List<Integer> decodeTypeList(byte[] value) {
        List<Integer> types = new ArrayList<>(value.length / 2);
        for (int i = 0; i + 1 < value.length; i += 2) {
            types.add(u16(value, i));
        }
        return List.copyOf(types);
    }

    static void writeShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static byte[] uint32(long v) {
        byte[] b = new byte[4];
        writeInt(b, 0, (int) v);
        return b;
    }

    static byte[] uint64(long v) {
        byte[] b = new byte[8];
        writeInt(b, 0, (int) (v >>> 32));
        writeInt(b, 4, (int) v);
        return b;
    }
}
