package jp.rinjo.media.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;

/** Fake: a real filesystem store that is down (every call UNAVAILABLE) while {@link #up} is false. */
public final class SwitchableStore extends ForwardingEvidenceStore {
    public final FilesystemEvidenceStore files;
    public volatile boolean up;

    public SwitchableStore(FilesystemEvidenceStore files, boolean up) {
        super(files);
        this.files = files;
        this.up = up;
    }

    private void check() throws EvidenceStoreException {
        if (!up) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        check();
        return super.put(key, file, sha256, options);
    }

    @Override
    public InputStream open(String key) throws IOException {
        check();
        return super.open(key);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        check();
        return super.stat(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        check();
        return super.exists(key);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        check();
        return super.list(prefix);
    }
}
