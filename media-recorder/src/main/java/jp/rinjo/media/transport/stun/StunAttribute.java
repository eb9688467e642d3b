package jp.rinjo.media.transport.stun;

import java.util.Arrays;
import java.util.Objects;

/** One attribute of a STUN message: its type and its value bytes without padding. Immutable. */
public final class StunAttribute {

    private final int type;
    private final byte[] value;

    private StunAttribute(int type, byte[] value) {
        this.type = type;
        this.value = value;
    }

    /** An attribute with a copy of {@code value}. */
    public static StunAttribute of(int type, byte[] value) {
        Objects.requireNonNull(value, "value");
        checkType(type);
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value of " + value.length + " bytes does not fit the 16-bit length");
        }
        return new StunAttribute(type, value.clone());
    }

    /** Takes ownership of {@code value}; for the codec, which has just made a private copy. */
    static StunAttribute owning(int type, byte[] value) {
        return new StunAttribute(type, value);
    }

    private static void checkType(int type) {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("attribute type must fit in 16 bits, got " + type);
        }
    }

    public int type() {
        return type;
    }

    /** Value length in bytes, without padding. */
    public int length() {
        return value.length;
    }

    /** A copy of the value bytes. */
    public byte[] value() {
        return value.clone();
    }

    /** The value without copying; callers in this package must not modify it. */
    byte[] valueRef() {
        return value;
    }

    public boolean isComprehensionRequired() {
        return StunAttributeType.isComprehensionRequired(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunAttribute other && other.type == type && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return StunAttributeType.name(type) + "(" + value.length + " bytes)";
    }
}
