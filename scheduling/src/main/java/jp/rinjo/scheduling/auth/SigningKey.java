package jp.rinjo.scheduling.auth;

import java.security.SecureRandom;
import java.util.Base64;

import jp.rinjo.common.error.RinjoException;

/**
 * The HMAC key every signaling node signs tokens with. All nodes of a deployment share it
 * (configuration), so a token issued by one node is accepted by another.
 */
public record SigningKey(byte[] bytes) {
    public SigningKey {
        if (bytes == null || bytes.length < 32) {
            throw RinjoException.invalid("token signing key must be at least 32 bytes (256 bits)");
        }
        bytes = bytes.clone();
    }

    public static SigningKey random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new SigningKey(b);
    }

    public static SigningKey fromBase64(String base64) {
        try {
            return new SigningKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw RinjoException.invalid("token signing key is not valid base64");
        }
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && java.security.MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }
}
