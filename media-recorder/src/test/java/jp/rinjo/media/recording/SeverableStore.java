package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.file.Path;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * A shared evidence store as one media node reaches it: the node closing its view leaves the store to
 * the others, and once {@link #sever()} is called every upload fails as the store being unreachable
 * (the node's machine or link is gone), while others still reach the store, until {@link #reconnect()}.
 */
final class SeverableStore extends ForwardingEvidenceStore {
    private volatile boolean severed;

    SeverableStore(EvidenceStore store) {
        super(store);
    }

    void sever() {
        severed = true;
    }

    /** The node's link is back: uploads reach the store again. */
    void reconnect() {
        severed = false;
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        if (severed) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "the node's machine is gone");
        }
        return super.put(key, file, sha256, options);
    }

    @Override
    public void close() {
    }
}
