package jp.rinjo.media.transport.stun;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 5389 §15.4 / RFC 8489 §14.5) and FINGERPRINT (CRC-32,
 * RFC 5389 §15.5 / RFC 8489 §14.7), computed in place over a message buffer without copying it.
 *
 * <p>Offsets of attributes are relative to the start of the message ({@code msgOff}), so they
 * are the same numbers {@link StunMessage} reports. Thread-safe.
 */
public final class StunIntegrity {

    /** XORed into the CRC-32 so that FINGERPRINT differs from CRCs of other protocols on the port. */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    private static final int HEADER = StunDecoder.HEADER_LENGTH;
    private static final int MI_ATTRIBUTE_LENGTH = 4 + StunAttributeCodec.MESSAGE_INTEGRITY_LENGTH;

    // Mac instances are not thread-safe and costly to look up; one per thread (event loops are few).
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA1 is required on every Java platform", e);
        }
    });

    private StunIntegrity() {
    }

    /**
     * The short-term credential key (RFC 8489 §9.1.1): the password itself. The OpaqueString
     * profile (SASLprep in RFC 5389) leaves ICE passwords unchanged because ice-chars are ASCII
     * letters, digits, '+' and '/'.
     */
    public static byte[] shortTermKey(String password) {
        Objects.requireNonNull(password, "password");
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * HMAC-SHA1 over the message from its first byte up to (not including) the MESSAGE-INTEGRITY
     * attribute at {@code integrityAttrOffset}. The header's length field is replaced by the length
     * the message would have if MESSAGE-INTEGRITY were its last attribute, as RFC 5389 §15.4
     * requires; this is what lets a FINGERPRINT follow it.
     */
    public static byte[] computeMessageIntegrity(byte[] buf, int msgOff, int integrityAttrOffset, byte[] key) {
        checkAttributeOffset(buf, msgOff, integrityAttrOffset, 0, "MESSAGE-INTEGRITY");
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY key must not be empty");
        }
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        int adjustedLength = integrityAttrOffset - HEADER + MI_ATTRIBUTE_LENGTH;
        mac.update(buf, msgOff, 2);
        mac.update((byte) (adjustedLength >>> 8));
        mac.update((byte) adjustedLength);
        mac.update(buf, msgOff + 4, integrityAttrOffset - 4);
        return mac.doFinal();
    }

    /**
     * Checks the HMAC stored in the MESSAGE-INTEGRITY attribute at {@code integrityAttrOffset}
     * against {@code key}, in constant time.
     */
    public static boolean verifyMessageIntegrity(byte[] buf, int msgOff, int integrityAttrOffset, byte[] key) {
        checkAttributeOffset(buf, msgOff, integrityAttrOffset, MI_ATTRIBUTE_LENGTH, "MESSAGE-INTEGRITY");
        byte[] expected = computeMessageIntegrity(buf, msgOff, integrityAttrOffset, key);
        byte[] actual = new byte[expected.length];
        System.arraycopy(buf, msgOff + integrityAttrOffset + 4, actual, 0, actual.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * CRC-32 of the message up to the FINGERPRINT attribute at {@code fingerprintAttrOffset}, XORed
     * with 0x5354554e. The header length field must already count the FINGERPRINT attribute (it is
     * always last, so in a received message it does).
     */
    public static int computeFingerprint(byte[] buf, int msgOff, int fingerprintAttrOffset) {
        checkAttributeOffset(buf, msgOff, fingerprintAttrOffset, 0, "FINGERPRINT");
        CRC32 crc = new CRC32();
        crc.update(buf, msgOff, fingerprintAttrOffset);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** Checks the CRC stored in the FINGERPRINT attribute at {@code fingerprintAttrOffset}. */
    public static boolean verifyFingerprint(byte[] buf, int msgOff, int fingerprintAttrOffset) {
        checkAttributeOffset(buf, msgOff, fingerprintAttrOffset, 8, "FINGERPRINT");
        int stored = (int) StunAttributeCodec.u32(buf, msgOff + fingerprintAttrOffset + 4);
        return stored == computeFingerprint(buf, msgOff, fingerprintAttrOffset);
    }

    private static void checkAttributeOffset(byte[] buf, int msgOff, int attrOffset, int attrLength, String what) {
        Objects.requireNonNull(buf, "buf");
        if (attrOffset < HEADER || attrOffset % 4 != 0) {
            throw new IllegalArgumentException(what + " offset must be a multiple of 4 and at least "
                    + HEADER + ", got " + attrOffset);
        }
        Objects.checkFromIndexSize(msgOff, attrOffset + attrLength, buf.length);
    }
}
