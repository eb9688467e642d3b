package jp.rinjo.media.recording.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SHA-256 value, held as 64 lower-case hex digits (how it appears in manifests, logs and
 * messages; comparable with {@code equals}).
 */
public record Sha256(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** The "previous link" of the first segment of a chain: 32 zero bytes. */
    public static final Sha256 ZERO = new Sha256("0".repeat(64));

    public Sha256 {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex value: " + hex);
        }
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("SHA-256 is 32 bytes, got " + digest.length);
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    public static Sha256 digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return of(md.digest());
    }

    /** The SHA-256 of everything the stream holds, read to its end (not closed). */
    public static Sha256 of(java.io.InputStream in) throws java.io.IOException {
        MessageDigest d = newDigest();
        byte[] buf = new byte[64 * 1024];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            d.update(buf, 0, n);
        }
        return of(d.digest());
    }

    public static Sha256 ofFile(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return of(in);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** A copy of a running digest's current value, without disturbing it. */
    public static Sha256 snapshot(MessageDigest running) {
        try {
            return of(((MessageDigest) running.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    /** First 12 hex digits, for log lines. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}
