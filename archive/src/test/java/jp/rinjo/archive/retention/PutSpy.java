package jp.rinjo.archive.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;

/** A spy in front of a real store: notes the options of each put, then stores through it. */
final class PutSpy extends ForwardingEvidenceStore {
    private final List<PutOptions> puts;

    PutSpy(EvidenceStore real, List<PutOptions> puts) {
        super(real);
        this.puts = puts;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        puts.add(options);
        return super.put(key, file, sha256, options);
    }
}
