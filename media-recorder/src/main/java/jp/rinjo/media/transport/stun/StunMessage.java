package jp.rinjo.media.transport.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable, decoded STUN message: its type, transaction id and attributes in wire order, plus
 * a private copy of the bytes it was decoded from, so MESSAGE-INTEGRITY and FINGERPRINT can be
 * checked once the caller knows the key. Made by {@link StunDecoder}.
 *
 * <p>Attributes that followed MESSAGE-INTEGRITY (other than FINGERPRINT) are not present: RFC 5389
 * §15.4 says to ignore them because they are not authenticated. When an attribute occurs more than
 * once, the typed accessors return the first (RFC 8489 §14).
 */
public final class StunMessage {

    private final byte[] raw;
    private final StunMessageType type;
    private final List<StunAttribute> attributes;
    private final int integrityOffset;
    private final int fingerprintOffset;

    StunMessage(byte[] raw, List<StunAttribute> attributes, int integrityOffset, int fingerprintOffset) {
        this.raw = raw;
        this.type = StunMessageType.fromWire(StunAttributeCodec.u16(raw, 0));
        this.attributes = List.copyOf(attributes);
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    public StunMessageType type() {
        return type;
    }

    public StunClass messageClass() {
        return type.messageClass();
    }

    public int method() {
        return type.method();
    }

    public boolean isBindingRequest() {
        return type.equals(StunMessageType.BINDING_REQUEST);
    }

    /** A copy of the 12-byte transaction id. */
    public byte[] transactionId() {
        return Arrays.copyOfRange(raw, 8, StunDecoder.HEADER_LENGTH);
    }

    /** Message length in bytes, header included. */
    public int length() {
        return raw.length;
    }

    /** A copy of the message bytes as received. */
    public byte[] toBytes() {
        return raw.clone();
    }

    /** Attributes in wire order. */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of the given type. */
    public Optional<StunAttribute> attribute(int attributeType) {
        for (StunAttribute a : attributes) {
            if (a.type() == attributeType) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public boolean has(int attributeType) {
        return attribute(attributeType).isPresent();
    }

    private byte[] valueOf(int attributeType) {
        for (StunAttribute a : attributes) {
            if (a.type() == attributeType) {
                return a.valueRef();
            }
        }
        return null;
    }

    /** USERNAME, validated as UTF-8 by the decoder. */
    public Optional<String> username() {
        return text(StunAttributeType.USERNAME);
    }

    public Optional<String> software() {
        return text(StunAttributeType.SOFTWARE);
    }

    private Optional<String> text(int attributeType) {
        byte[] v = valueOf(attributeType);
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
    }

    /** PRIORITY (RFC 8445 §7.1.1), an unsigned 32-bit value. */
    public OptionalLong priority() {
        byte[] v = valueOf(StunAttributeType.PRIORITY);
        return v == null ? OptionalLong.empty() : OptionalLong.of(StunAttributeCodec.u32(v, 0));
    }

    /** The tie-breaker of ICE-CONTROLLING (RFC 8445 §7.1.3); an unsigned 64-bit value in a long. */
    public OptionalLong iceControlling() {
        return tieBreaker(StunAttributeType.ICE_CONTROLLING);
    }

    /** The tie-breaker of ICE-CONTROLLED (RFC 8445 §7.1.3); an unsigned 64-bit value in a long. */
    public OptionalLong iceControlled() {
        return tieBreaker(StunAttributeType.ICE_CONTROLLED);
    }

    private OptionalLong tieBreaker(int attributeType) {
        byte[] v = valueOf(attributeType);
        return v == null ? OptionalLong.empty() : OptionalLong.of(StunAttributeCodec.u64(v, 0));
    }

    /** USE-CANDIDATE (RFC 8445 §7.1.2) is present. */
    public boolean useCandidate() {
        return has(StunAttributeType.USE_CANDIDATE);
    }

    /** XOR-MAPPED-ADDRESS, IPv4 or IPv6, un-XORed. */
    public Optional<InetSocketAddress> xorMappedAddress() {
        byte[] v = valueOf(StunAttributeType.XOR_MAPPED_ADDRESS);
        return v == null ? Optional.empty() : Optional.of(StunAttributeCodec.decodeXorAddress(v, raw));
    }

    public Optional<StunErrorCode> errorCode() {
        byte[] v = valueOf(StunAttributeType.ERROR_CODE);
        return v == null ? Optional.empty() : Optional.of(StunAttributeCodec.decodeErrorCode(v));
    }

    /** The attribute types listed in an UNKNOWN-ATTRIBUTES attribute (in a 420 response). */
    public List<Integer> unknownAttributes() {
        byte[] v = valueOf(StunAttributeType.UNKNOWN_ATTRIBUTES);
        return v == null ? List.of() : StunAttributeCodec.decodeTypeList(v);
    }

    /**
     * Comprehension-required attribute types (below 0x8000) this codec does not understand, without
     * duplicates; a request carrying any must be answered with 420 (RFC 8489 §6.3.1).
     */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> unknown = new ArrayList<>(0);
        for (StunAttribute a : attributes) {
            if (StunAttributeType.isUnknownComprehensionRequired(a.type()) && !unknown.contains(a.type())) {
                unknown.add(a.type());
            }
        }
        return List.copyOf(unknown);
    }

    /** A copy of the 20-byte HMAC in MESSAGE-INTEGRITY. */
    public Optional<byte[]> messageIntegrity() {
        byte[] v = valueOf(StunAttributeType.MESSAGE_INTEGRITY);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The CRC value in FINGERPRINT, unsigned. */
    public OptionalLong fingerprint() {
        byte[] v = valueOf(StunAttributeType.FINGERPRINT);
        return v == null ? OptionalLong.empty() : OptionalLong.of(StunAttributeCodec.u32(v, 0));
    }

    /** Offset of the MESSAGE-INTEGRITY attribute header from the message start, or -1. */
    public int messageIntegrityOffset() {
        return integrityOffset;
    }

    /** Offset of the FINGERPRINT attribute header from the message start, or -1. */
    public int fingerprintOffset() {
        return fingerprintOffset;
    }

    /**
     * True if the message has MESSAGE-INTEGRITY and its HMAC-SHA1 matches {@code key} (for short-term
     * credentials, {@link StunIntegrity#shortTermKey(String)}); false if it is absent or wrong.
     */
    public boolean verifyMessageIntegrity(byte[] key) {
        return integrityOffset >= 0 && StunIntegrity.verifyMessageIntegrity(raw, 0, integrityOffset, key);
    }

    /** True if the message has FINGERPRINT and its CRC matches; false if it is absent or wrong. */
    public boolean verifyFingerprint() {
        return fingerprintOffset >= 0 && StunIntegrity.verifyFingerprint(raw, 0, fingerprintOffset);
    }

    @Override
    public String toString() {
        return type + " " + attributes;
    }
}
