package jp.rinjo.archive.index;

import java.time.Instant;
import java.util.List;

import jp.rinjo.media.recording.verify.Finding;

/**
 * The result of the last verification of a recording.
 *
 * @param detail   what it found, as text (the errors' lines, or how many segments verified)
 * @param findings its errors and warnings with their codes, so that a page shows the reason in its reader's language
 *                 after a reload; empty for results stored before findings were kept (the detail then says it). The
 *                 index keeps as many as fit its column, the first ones
 * @param errors   how many errors it found, also those the index could not keep
 */
public record Integrity(Status status, Instant checkedAt, String detail, List<Finding> findings, int errors) {
    public enum Status {
        /** not verified since it was indexed */
        UNVERIFIED,
        /** the verifier found nothing wrong */
        OK,
        /** the verifier found the evidence altered, incomplete or unreadable */
        FAILED
    }

    public Integrity {
        jp.rinjo.common.error.Require.present(status, "integrity status");
        detail = detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "…";
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** Every finding given: the errors are counted among them. */
    public Integrity(Status status, Instant checkedAt, String detail, List<Finding> findings) {
        this(status, checkedAt, detail, findings, errorsIn(findings));
    }

    public static int errorsIn(List<Finding> findings) {
        return findings == null ? 0 : (int) findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    }

    /** The manifest in the store is not the one indexed at seal: the archive's own check, when verifying and when reindexing. */
    public static Finding manifestNotIndexed(String storedSha256, String indexedSha256) {
        return new Finding(Finding.Severity.ERROR, Finding.Code.MANIFEST_NOT_INDEXED, jp.rinjo.media.recording.store.ObjectKeys.MANIFEST,
                "manifest.json (SHA-256 " + storedSha256 + ") is not the manifest indexed when the session was sealed (" + indexedSha256 + ")",
                Finding.params("sha256", storedSha256, "indexedSha256", indexedSha256));
    }

    public Integrity(Status status, Instant checkedAt, String detail) {
        this(status, checkedAt, detail, List.of());
    }

    /** A result found without the verifier, said by one finding (the detail is its message). */
    public static Integrity failed(Instant checkedAt, Finding finding) {
        return new Integrity(Status.FAILED, checkedAt, finding.message(), List.of(finding));
    }

    public static Integrity unverified() {
        return new Integrity(Status.UNVERIFIED, null, null);
    }
}
