package jp.rinjo.archive.index;

import java.time.Instant;

/** The result of the last verification of a recording. */
public record Integrity(Status status, Instant checkedAt, String detail) {
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
    }

    public static Integrity unverified() {
        return new Integrity(Status.UNVERIFIED, null, null);
    }
}
