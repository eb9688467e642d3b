package jp.rinjo.archive.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.recording.store.StoreCapabilities;

/**
 * A fake of S3 object lock in compliance mode in front of a real store, for where no MinIO can run
 * (no Docker here; s3proxy has no object lock). Like MinIO: each object is locked from its put until
 * the date the put names, else for the store's default retention; stat tells the date, a listing
 * does not; a deletion before the date is refused with LOCKED and keeps the object. Time is the
 * store's own clock, which tests move.
 */
public final class FakeObjectLockStore extends ForwardingEvidenceStore {
    private final Clock clock;
    private final Duration defaultRetention;
    private final ConcurrentHashMap<String, Instant> retainUntil = new ConcurrentHashMap<>();

    public FakeObjectLockStore(EvidenceStore real, Clock clock, Duration defaultRetention) {
        super(real);
        this.clock = clock;
        this.defaultRetention = defaultRetention;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        boolean isNew = !super.exists(key);
        StoredObject stored = super.put(key, file, sha256, options);
        if (isNew) {
            retainUntil.put(key, options.retainUntil().orElse(clock.instant().plus(defaultRetention)));
        }
        return withLock(stored);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Optional<StoredObject> s = super.stat(key);
        return s.isPresent() ? Optional.of(withLock(s.get())) : s;
    }

    @Override
    public void delete(String key) throws IOException {
        Instant until = retainUntil.get(key);
        if (until != null && until.isAfter(clock.instant())) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.LOCKED, "the store refuses to delete " + key
                    + ": locked until " + until + " (fake object lock)");
        }
        super.delete(key);
        retainUntil.remove(key);
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("fake-object-lock", true, "fake object lock (compliance mode) for tests");
    }

    private StoredObject withLock(StoredObject o) {
        return new StoredObject(o.key(), o.size(), o.sha256(), Optional.ofNullable(retainUntil.get(o.key())));
    }
}
