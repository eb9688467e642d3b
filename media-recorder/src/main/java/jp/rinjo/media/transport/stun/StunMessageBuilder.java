package jp.rinjo.media.transport.stun;

import static jp.rinjo.media.transport.stun.StunAttributeCodec.writeInt;
import static jp.rinjo.media.transport.stun.StunAttributeCodec.writeShort;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the bytes of one STUN message. Attributes are written in the order they are added;
 * MESSAGE-INTEGRITY and then FINGERPRINT, when requested, are always appended last, as RFC 8489
 * §14.5 and §14.7 require, whatever order the methods are called in. Not thread-safe; use one
 * builder per message.
 */
public final class StunMessageBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BODY_LENGTH = 0xFFFF & ~3;

    private final StunMessageType type;
    private final byte[] transactionId;
    private final List<StunAttribute> attributes = new ArrayList<>();
    private byte[] integrityKey;
    private boolean fingerprint;
    private byte padding;

    public StunMessageBuilder(StunMessageType type, byte[] transactionId) {
        this.type = Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transactionId, "transactionId");
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("transaction id must be 12 bytes, got " + transactionId.length);
        }
        this.transactionId = transactionId.clone();
    }

    /** A fresh random transaction id (RFC 8489 §6: uniformly random from 0 to 2^96-1). */
    public static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    public static StunMessageBuilder bindingRequest(byte[] transactionId) {
        return new StunMessageBuilder(StunMessageType.BINDING_REQUEST, transactionId);
    }

    public static StunMessageBuilder bindingSuccess(byte[] transactionId) {
        return new StunMessageBuilder(StunMessageType.BINDING_SUCCESS, transactionId);
    }

    public static StunMessageBuilder bindingError(byte[] transactionId) {
        return new StunMessageBuilder(StunMessageType.BINDING_ERROR, transactionId);
    }

    /** Adds any attribute except MESSAGE-INTEGRITY and FINGERPRINT, which have their own methods. */
    public StunMessageBuilder attribute(int attributeType, byte[] value) {
        if (attributeType == StunAttributeType.MESSAGE_INTEGRITY || attributeType == StunAttributeType.FINGERPRINT) {
            throw new IllegalArgumentException(StunAttributeType.name(attributeType)
                    + " is computed by build(); use messageIntegrity(key) or fingerprint()");
        }
        attributes.add(StunAttribute.of(attributeType, value));
        return this;
    }

    public StunMessageBuilder username(String username) {
        return text(StunAttributeType.USERNAME, username, StunAttributeCodec.MAX_USERNAME_BYTES);
    }

    public StunMessageBuilder software(String software) {
        return text(StunAttributeType.SOFTWARE, software, StunAttributeCodec.MAX_TEXT_BYTES);
    }

    private StunMessageBuilder text(int attributeType, String text, int maxBytes) {
        String name = StunAttributeType.name(attributeType);
        byte[] bytes = Objects.requireNonNull(text, name).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(name + " is " + bytes.length + " bytes, at most " + maxBytes + " allowed");
        }
        return attribute(attributeType, bytes);
    }

    /** PRIORITY, an unsigned 32-bit value. */
    public StunMessageBuilder priority(long priority) {
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PRIORITY must be an unsigned 32-bit value, got " + priority);
        }
        return attribute(StunAttributeType.PRIORITY, StunAttributeCodec.uint32(priority));
    }

    /** ICE-CONTROLLING with a 64-bit tie-breaker (all 64 bits are used, so any long is valid). */
    public StunMessageBuilder iceControlling(long tieBreaker) {
        return attribute(StunAttributeType.ICE_CONTROLLING, StunAttributeCodec.uint64(tieBreaker));
    }

    /** ICE-CONTROLLED with a 64-bit tie-breaker. */
    public StunMessageBuilder iceControlled(long tieBreaker) {
        return attribute(StunAttributeType.ICE_CONTROLLED, StunAttributeCodec.uint64(tieBreaker));
    }

    public StunMessageBuilder useCandidate() {
        return attribute(StunAttributeType.USE_CANDIDATE, new byte[0]);
    }

    /** XOR-MAPPED-ADDRESS for a resolved IPv4 or IPv6 socket address. */
    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        return attribute(StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeCodec.encodeXorAddress(address, transactionId));
    }

    public StunMessageBuilder errorCode(StunErrorCode error) {
        return attribute(StunAttributeType.ERROR_CODE, StunAttributeCodec.encodeErrorCode(Objects.requireNonNull(error, "error")));
    }

    /** UNKNOWN-ATTRIBUTES listing the given 16-bit attribute types (for a 420 response). */
    public StunMessageBuilder unknownAttributes(List<Integer> types) {
        byte[] value = new byte[types.size() * 2];
        for (int i = 0; i < types.size(); i++) {
            int t = types.get(i);
            if (t < 0 || t > 0xFFFF) {
                throw new IllegalArgumentException("attribute type must fit in 16 bits, got " + t);
            }
            writeShort(value, 2 * i, t);
        }
        return attribute(StunAttributeType.UNKNOWN_ATTRIBUTES, value);
    }

    /** Appends MESSAGE-INTEGRITY keyed with {@code key} (short-term: the password bytes). */
    public StunMessageBuilder messageIntegrity(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY key must not be empty");
        }
        this.integrityKey = key.clone();
        return this;
    }

    /** Appends FINGERPRINT. ICE requires it on every message (RFC 8445 §7.1). */
    public StunMessageBuilder fingerprint() {
        this.fingerprint = true;
        return this;
    }

    /**
     * Padding byte value, zero by default. RFC 8489 §14 lets senders pad with any value; only the
     * RFC 5769 test vectors, which pad with 0x20, need another one, so this is not public.
     */
    StunMessageBuilder paddingByte(byte value) {
        this.padding = value;
        return this;
    }

    /** Writes the message. May be called again after adding more attributes. */
    public byte[] build() {
        int body = 0;
        for (StunAttribute a : attributes) {
            body += 4 + padded(a.length());
        }
        int integrityOffset = StunDecoder.HEADER_LENGTH + body;
        if (integrityKey != null) {
            body += 4 + StunAttributeCodec.MESSAGE_INTEGRITY_LENGTH;
        }
        int fingerprintOffset = StunDecoder.HEADER_LENGTH + body;
        if (fingerprint) {
            body += 4 + StunAttributeCodec.FINGERPRINT_LENGTH;
        }
        if (body > MAX_BODY_LENGTH) {
            throw new IllegalStateException("message body of " + body + " bytes exceeds the 16-bit length field");
        }

        byte[] out = new byte[StunDecoder.HEADER_LENGTH + body];
        writeShort(out, 0, type.toWire());
        writeShort(out, 2, body);
        writeInt(out, 4, StunDecoder.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, 8, 12);
        int pos = StunDecoder.HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            pos = writeAttribute(out, pos, a.type(), a.valueRef());
        }
        if (integrityKey != null) {
            // The length field already counts MESSAGE-INTEGRITY; computeMessageIntegrity adjusts it
            // anyway, so a following FINGERPRINT does not change the HMAC.
            byte[] hmac = StunIntegrity.computeMessageIntegrity(out, 0, integrityOffset, integrityKey);
            pos = writeAttribute(out, pos, StunAttributeType.MESSAGE_INTEGRITY, hmac);
        }
        if (fingerprint) {
            int crc = StunIntegrity.computeFingerprint(out, 0, fingerprintOffset);
            pos = writeAttribute(out, pos, StunAttributeType.FINGERPRINT, StunAttributeCodec.uint32(crc & 0xFFFF_FFFFL));
        }
        assert pos == out.length;
        return out;
    }

    private int writeAttribute(byte[] out, int pos, int attributeType, byte[] value) {
        writeShort(out, pos, attributeType);
        writeShort(out, pos + 2, value.length);
        System.arraycopy(value, 0, out, pos + 4, value.length);
        int end = pos + 4 + padded(value.length);
        for (int i = pos + 4 + value.length; i < end; i++) {
            out[i] = padding;
        }
        return end;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
