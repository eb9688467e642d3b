package jp.rinjo.archive.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import jp.rinjo.common.text.JsonStrings;

/**
 * The audit log's hash chain: {@code hash(n) = SHA-256(hash(n−1) ‖ "\n" ‖ canonical(row n))}, with
 * 64 zeros before the first row. The canonical row is one JSON-quoted field per line in a fixed
 * order (null written as {@code null}), so any change to any stored field, a removed row or rows
 * swapped make the chain fail from that row on.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Times are kept to the microsecond, which both databases store exactly. */
    public static Instant truncate(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static String canonical(long seq, Instant at, AuditEvent e) {
        return "rinjo-audit-v1\n" + seq + "\n" + q(truncate(at).toString()) + "\n" + q(e.actorId()) + "\n" + q(e.actorName()) + "\n"
                + q(e.actorRole()) + "\n" + q(e.action().name()) + "\n" + q(e.sessionId()) + "\n" + q(e.contractNo()) + "\n"
                + q(e.outcome().name()) + "\n" + q(e.detail()) + "\n";
    }

    public static String hash(String prevHash, String canonical) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            d.update((byte) '\n');
            d.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hashOf(AuditRecord r) {
        return hash(r.prevHash(), canonical(r.seq(), r.at(), r.event()));
    }

    private static String q(String s) {
        return s == null ? "null" : JsonStrings.quote(s);
    }
}
