package jp.rinjo.media.transport.ice;

import java.security.SecureRandom;
import java.util.Objects;
import jp.rinjo.media.transport.stun.StunIntegrity;

/**
 * An ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}), validated per
 * RFC 8839 §5.4: ufrag 4–256 and pwd 22–256 ice-chars (ALPHA / DIGIT / "+" / "/").
 *
 * @param ufrag username fragment
 * @param pwd   password; the STUN short-term credential key (never logged, see {@link #toString()})
 */
public record IceCredentials(String ufrag, String pwd) {

    public static final int MIN_UFRAG_LENGTH = 4;
    public static final int MIN_PWD_LENGTH = 22;
    public static final int MAX_LENGTH = 256;

    /**
     * Generated lengths. RFC 8445 §5.3 asks for at least 24 bits of randomness in the ufrag and 128
     * in the pwd; with 62 alphanumerics per character, 8 chars give ~47 bits and 24 chars ~142 bits.
     * The ufrag is also the demultiplexing key of the UDP port, so collisions must be negligible.
     */
    static final int GENERATED_UFRAG_LENGTH = 8;
    static final int GENERATED_PWD_LENGTH = 24;

    // Alphanumerics only: a subset of ice-chars that needs no escaping anywhere (SDP, logs, URLs).
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        check("ufrag", ufrag, MIN_UFRAG_LENGTH);
        check("pwd", pwd, MIN_PWD_LENGTH);
    }

    /** Fresh random local credentials. */
    public static IceCredentials generate() {
        return new IceCredentials(random(GENERATED_UFRAG_LENGTH), random(GENERATED_PWD_LENGTH));
    }

    /** The MESSAGE-INTEGRITY key for checks addressed to the owner of these credentials. */
    public byte[] integrityKey() {
        return StunIntegrity.shortTermKey(pwd);
    }

    /** Never prints the password (DESIGN.md §7, rule 6). */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<" + pwd.length() + " chars>]";
    }

    /** RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private static void check(String what, String value, int minLength) {
        Objects.requireNonNull(value, what);
        if (value.length() < minLength || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("ICE " + what + " must be " + minLength + "-" + MAX_LENGTH
                    + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isIceChar(c)) {
                throw new IllegalArgumentException("ICE " + what + " may contain only letters, digits, '+' and '/';"
                        + " found code point " + (int) c + " at index " + i);
            }
        }
    }
}
