package jp.rinjo.media.recording.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;

/**
 * An object in the store.
 *
 * @param sha256      the content's SHA-256 where known (always after put and stat; a listing may omit it)
 * @param retainUntil the object-lock retention date, when the object is locked
 */
public record StoredObject(String key, long size, Optional<Sha256> sha256, Optional<Instant> retainUntil) {
    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(retainUntil, "retainUntil");
    }
}
