package jp.rinjo.common.id;

import java.security.SecureRandom;
import java.util.regex.Pattern;

import jp.rinjo.common.error.RinjoException;

/**
 * Generation and validation of the opaque ids used across Rinjo. Ids are a short prefix naming the
 * kind plus 20 characters of Crockford base32 (100 random bits): unguessable, URL- and file-safe,
 * and readable in logs and object-store keys.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 20;

    private Ids() {
    }

    public static String random(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 1 + RANDOM_CHARS).append(prefix).append('_');
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    static String check(String value, String prefix, String kind) {
        if (value == null || !pattern(prefix).matcher(value).matches()) {
            throw RinjoException.invalid("malformed " + kind + " id");
        }
        return value;
    }

    private static Pattern pattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "_[0-9a-z]{" + RANDOM_CHARS + "}");
    }
}
