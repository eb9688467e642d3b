package jp.rinjo.media.recording.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * @param contentType  MIME type stored with the object
 * @param retainUntil  object-lock retention (compliance mode) until this instant; ignored by a store
 *                     without object lock (its capabilities say so)
 */
public record PutOptions(String contentType, Optional<Instant> retainUntil) {
    public static final String SEGMENT_TYPE = "application/vnd.rinjo.segment";

    public PutOptions {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(retainUntil, "retainUntil");
    }

    public static PutOptions of(String contentType) {
        return new PutOptions(contentType, Optional.empty());
    }

    public PutOptions retainedUntil(Instant until) {
        return new PutOptions(contentType, Optional.of(until));
    }
}
