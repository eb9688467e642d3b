package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Where evidence objects live for years: write-once objects under {@code /}-separated keys (layout
 * in {@link ObjectKeys}). Two implementations, chosen once at start-up: {@link FilesystemEvidenceStore}
 * (standalone) and {@link MinioEvidenceStore} (S3/MinIO, with object lock where the bucket has it).
 * One contract-test suite runs against both.
 *
 * <p>Evidence is never overwritten: {@link #put} of a key that already holds the same bytes is a
 * no-op, of a key that holds other bytes is a {@link EvidenceStoreException.Kind#CONFLICT}.
 * Methods block (disk, network): never call them on an event loop.
 */
public interface EvidenceStore extends AutoCloseable {

    /**
     * Stores {@code file} under {@code key}. The store checks the file against {@code sha256} while
     * sending it and confirms what it stored (size, and the hash the server computed where it
     * computes one) before returning.
     */
    StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException;

    /** The object's bytes; {@link EvidenceStoreException.Kind#NOT_FOUND} if there is none. */
    InputStream open(String key) throws IOException;

    /**
     * At most {@code length} bytes of the object from {@code offset} (fewer at its end, none from
     * at or past its end): what playback with HTTP range requests reads. Implementations read only
     * the range (a file position, an S3 ranged GET); this default skips, for stores that cannot.
     */
    default InputStream open(String key, long offset, long length) throws IOException {
        RangeInputStream.check(offset, length);
        InputStream in = open(key);
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            in.close();
            return InputStream.nullInputStream();
        }
        return new RangeInputStream(in, length);
    }

    /**
     * Removes the object (no-op when there is none). Only the archive's deletion after retention
     * calls this. A store holding the object under a lock (S3 object lock in compliance mode)
     * refuses with {@link EvidenceStoreException.Kind#LOCKED} and keeps it.
     */
    void delete(String key) throws IOException;

    /** The object's size and SHA-256, or empty if there is none. */
    Optional<StoredObject> stat(String key) throws IOException;

    default boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    /**
     * Every object whose key starts with {@code prefix}, in key order (sizes; hashes only where cheap).
     * Held whole in memory: for one session's objects, not for the store (see {@link #forEachChild}).
     */
    List<StoredObject> list(String prefix) throws IOException;

    /** Takes the names of a listing one at a time; what it throws ends the listing. */
    @FunctionalInterface
    interface KeyVisitor {
        void visit(String key) throws IOException;
    }

    /**
     * One level of the store below {@code prefix} (empty, or ending in {@code /}), one name at a time:
     * the key of each object directly under it, and each level further down as its prefix, ending in
     * {@code /} (an S3 listing with a delimiter). Nothing below is read, and the stores hold at most
     * one page of the listing, so walking a store of millions of sessions level by level takes the
     * memory of a page per level. In no particular order. This default lists the whole prefix, for
     * stores small enough to hold it (test fakes).
     */
    default void forEachChild(String prefix, KeyVisitor visitor) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        String last = null;
        for (StoredObject o : list(prefix)) {
            int slash = o.key().indexOf('/', prefix.length());
            String child = slash < 0 ? o.key() : o.key().substring(0, slash + 1);
            if (!child.equals(last)) { // in key order, the keys below one level are next to each other
                visitor.visit(child);
                last = child;
            }
        }
    }

    /** What this store can guarantee; may contact the store the first time. */
    StoreCapabilities capabilities() throws IOException;

    @Override
    void close() throws IOException;
}
