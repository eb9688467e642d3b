package jp.rinjo.media.transport.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate fingerprint as carried by SDP {@code a=fingerprint} (RFC 8122 §5): a hash function
 * name from the IANA "Hash Function Textual Names" registry and the digest of the DER certificate as
 * uppercase hex pairs separated by colons, e.g. {@code sha-256 AB:CD:...}.
 *
 * <p>Only the SHA-2 family is accepted; SHA-1 and MD5 are refused as too weak to bind a DTLS key
 * to the signalled identity.
 *
 * @param hashFunction lowercase textual name, e.g. {@code sha-256}
 * @param value        uppercase colon-separated hex of the digest
 */
public record DtlsFingerprint(String hashFunction, String value) {
    private static final Map<String, String> JCA_NAMES = Map.of(
            "sha-256", "SHA-256",
            "sha-384", "SHA-384",
            "sha-512", "SHA-512");
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public DtlsFingerprint {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(value, "value");
        hashFunction = hashFunction.trim().toLowerCase(Locale.ROOT);
        value = value.trim().toUpperCase(Locale.ROOT);
        String jca = JCA_NAMES.get(hashFunction);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function '" + hashFunction
                    + "' (supported: sha-256, sha-384, sha-512)");
        }
        byte[] digest;
        try {
            digest = HEX.parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint value is not colon-separated hex: '" + value + "'", e);
        }
        int expected = newDigest(jca).getDigestLength();
        if (digest.length != expected) {
            throw new IllegalArgumentException(hashFunction + " fingerprint must have " + expected
                    + " bytes, got " + digest.length);
        }
    }

    /** Parses the value of an SDP fingerprint attribute: {@code "sha-256 AB:CD:..."} (case-insensitive). */
    public static DtlsFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "sdpValue");
        String s = sdpValue.trim();
        if (s.startsWith("a=fingerprint:")) {
            s = s.substring("a=fingerprint:".length());
        }
        String[] parts = s.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected '<hash-function> <hex:pairs>', got '" + sdpValue + "'");
        }
        return new DtlsFingerprint(parts[0], parts[1]);
    }

    /** The fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint of(String hashFunction, byte[] certificateDer) {
        Objects.requireNonNull(certificateDer, "certificateDer");
        String name = hashFunction.trim().toLowerCase(Locale.ROOT);
        String jca = JCA_NAMES.get(name);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function '" + hashFunction + "'");
        }
        return new DtlsFingerprint(name, HEX.formatHex(newDigest(jca).digest(certificateDer)));
    }

    /** The SHA-256 fingerprint of a DER-encoded certificate. */
    public static DtlsFingerprint sha256(byte[] certificateDer) {
        return of("sha-256", certificateDer);
    }

    /** True if {@code certificateDer} hashes to this fingerprint (constant-time comparison). */
    public boolean matches(byte[] certificateDer) {
        Objects.requireNonNull(certificateDer, "certificateDer");
        byte[] actual = newDigest(JCA_NAMES.get(hashFunction)).digest(certificateDer);
        return MessageDigest.isEqual(actual, HEX.parseHex(value));
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return hashFunction + " " + value;
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static MessageDigest newDigest(String jcaName) {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is mandatory in every JDK", e);
        }
    }
}
