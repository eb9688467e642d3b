package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;

/**
 * A store in front of another that passes every call through; a subclass overrides only what it
 * adds to (e.g. the retention a put asks for). Ranged reads pass through too, so the store behind
 * still reads only the range.
 */
public abstract class ForwardingEvidenceStore implements EvidenceStore {
    private final EvidenceStore store;

    protected ForwardingEvidenceStore(EvidenceStore store) {
        this.store = store;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        return store.put(key, file, sha256, options);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return store.open(key, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return store.stat(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return store.exists(key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void forEachChild(String prefix, KeyVisitor visitor) throws IOException {
        store.forEachChild(prefix, visitor);
    }

    @Override
    public StoreCapabilities capabilities() throws IOException {
        return store.capabilities();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
