package jp.rinjo.media.transport.stun;

import static jp.rinjo.media.transport.stun.StunAttributeCodec.u16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses one STUN message from a datagram (RFC 8489 §5, §14). Stateless and thread-safe.
 *
 * <p>On UDP a STUN message fills its datagram exactly, so the header's length field must match
 * the bytes given. Anything that is not a well-formed message raises {@link StunParseException}
 * with the reason; no other exception escapes for any content of a valid {@code (off, len)} range.
 */
public final class StunDecoder {

    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = StunAttributeCodec.MAGIC_COOKIE;

    private StunDecoder() {
    }

    /** Decodes {@code buf[off, off + len)}. The message keeps its own copy of the bytes. */
    public static StunMessage decode(byte[] buf, int off, int len) throws StunParseException {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        checkHeader(buf, off, len);
        byte[] raw = Arrays.copyOfRange(buf, off, off + len);

        List<StunAttribute> attributes = new ArrayList<>();
        int integrityOffset = -1;
        int fingerprintOffset = -1;
        int pos = HEADER_LENGTH;
        while (pos < len) {
            if (len - pos < 4) {
                throw new StunParseException("truncated attribute header at offset " + pos);
            }
            int type = u16(raw, pos);
            int valueLength = u16(raw, pos + 2);
            if (fingerprintOffset >= 0) {
                throw new StunParseException(StunAttributeType.name(type) + " at offset " + pos
                        + " follows FINGERPRINT, which must be the last attribute");
            }
            int padded = (valueLength + 3) & ~3;
            if (padded > len - pos - 4) {
                throw new StunParseException("truncated attribute " + StunAttributeType.name(type) + " at offset "
                        + pos + ": declares " + valueLength + " value bytes, " + (len - pos - 4) + " remain");
            }
            boolean afterIntegrity = integrityOffset >= 0;
            if (type == StunAttributeType.FINGERPRINT || !afterIntegrity) {
                byte[] value = Arrays.copyOfRange(raw, pos + 4, pos + 4 + valueLength);
                StunAttributeCodec.validate(type, value);
                attributes.add(StunAttribute.owning(type, value));
                if (type == StunAttributeType.MESSAGE_INTEGRITY) {
                    integrityOffset = pos;
                } else if (type == StunAttributeType.FINGERPRINT) {
                    fingerprintOffset = pos;
                }
            }
            // else: RFC 5389 §15.4 - attributes after MESSAGE-INTEGRITY other than FINGERPRINT are
            // not covered by the HMAC and MUST be ignored, so they are not exposed at all.
            pos += 4 + padded;
        }
        return new StunMessage(raw, attributes, integrityOffset, fingerprintOffset);
    }

    /** Decodes a whole array. */
    public static StunMessage decode(byte[] datagram) throws StunParseException {
        Objects.requireNonNull(datagram, "datagram");
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Finds the USERNAME of a STUN message without building it, for routing a request to its ICE
     * agent before the full decode. Returns empty for anything that is not a STUN message with a
     * USERNAME before its MESSAGE-INTEGRITY. The result is not authenticated.
     */
    public static Optional<String> peekUsername(byte[] buf, int off, int len) {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        try {
            checkHeader(buf, off, len);
        } catch (StunParseException notStun) {
            return Optional.empty();
        }
        int pos = HEADER_LENGTH;
        while (len - pos >= 4) {
            int type = u16(buf, off + pos);
            int valueLength = u16(buf, off + pos + 2);
            if (valueLength > len - pos - 4 || type == StunAttributeType.MESSAGE_INTEGRITY) {
                return Optional.empty();
            }
            if (type == StunAttributeType.USERNAME) {
                return Optional.of(new String(buf, off + pos + 4, valueLength, StandardCharsets.UTF_8));
            }
            pos += 4 + ((valueLength + 3) & ~3);
        }
        return Optional.empty();
    }

    private static void checkHeader(byte[] buf, int off, int len) throws StunParseException {
        if (len < HEADER_LENGTH) {
            throw new StunParseException("too short: " + len + " bytes, a STUN header has " + HEADER_LENGTH);
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunParseException(String.format("not STUN: the two top bits of the type must be zero (first byte 0x%02x)",
                    buf[off] & 0xFF));
        }
        int cookie = (int) StunAttributeCodec.u32(buf, off + 4);
        if (cookie != MAGIC_COOKIE) {
            throw new StunParseException(String.format("bad magic cookie 0x%08x, expected 0x%08x", cookie, MAGIC_COOKIE));
        }
        int bodyLength = u16(buf, off + 2);
        if (bodyLength % 4 != 0) {
            throw new StunParseException("message length " + bodyLength + " is not a multiple of 4");
        }
        if (bodyLength != len - HEADER_LENGTH) {
            throw new StunParseException("message length field says " + bodyLength + " bytes but "
                    + (len - HEADER_LENGTH) + " follow the header");
        }
    }
}
