package jp.rinjo.archive.retention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoreCapabilities;
import jp.rinjo.media.recording.store.StoredObject;

/** A spy in front of a real store: notes the options of each put, then stores through it. */
final class PutSpy implements EvidenceStore {
    private final EvidenceStore real;
    private final List<PutOptions> puts;

    PutSpy(EvidenceStore real, List<PutOptions> puts) {
        this.real = real;
        this.puts = puts;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        puts.add(options);
        return real.put(key, file, sha256, options);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return real.open(key);
    }

    @Override
    public void delete(String key) throws IOException {
        real.delete(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return real.stat(key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        return real.list(prefix);
    }

    @Override
    public StoreCapabilities capabilities() throws IOException {
        return real.capabilities();
    }

    @Override
    public void close() throws IOException {
        real.close();
    }
}
