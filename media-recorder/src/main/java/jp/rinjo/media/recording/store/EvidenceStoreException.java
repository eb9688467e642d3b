package jp.rinjo.media.recording.store;

import java.io.IOException;

/** A store operation that failed; {@link #kind()} tells the uploader whether to retry. */
public final class EvidenceStoreException extends IOException {
    public enum Kind {
        /** No object under that key. */
        NOT_FOUND,
        /** The key holds different bytes: evidence is never overwritten. Not retried. */
        CONFLICT,
        /** The local file does not match the SHA-256 it was declared with. Not retried. */
        CORRUPT_SOURCE,
        /** The store keeps the object under a lock (S3 object lock) and refuses to remove it. Not retried. */
        LOCKED,
        /** Anything else (network, server, credentials): retried with backoff. */
        UNAVAILABLE
    }

    private final Kind kind;

    public EvidenceStoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EvidenceStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.UNAVAILABLE;
    }
}
