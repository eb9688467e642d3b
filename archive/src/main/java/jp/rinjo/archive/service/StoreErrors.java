package jp.rinjo.archive.service;

import java.io.IOException;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.media.recording.store.EvidenceStoreException;

/** An evidence store failure as the API reports it: missing object, object lock, or the store being down. */
public final class StoreErrors {
    private StoreErrors() {
    }

    public static RinjoException of(IOException e) {
        if (e instanceof EvidenceStoreException s) {
            return switch (s.kind()) {
                case NOT_FOUND -> new RinjoException(ErrorCode.NOT_FOUND, "the evidence store has no such object: " + s.getMessage(), e);
                case LOCKED -> new RinjoException(ErrorCode.OBJECT_LOCKED, s.getMessage(), e);
                default -> new RinjoException(ErrorCode.STORE_UNAVAILABLE, "the evidence store is unavailable; try again later", e);
            };
        }
        return new RinjoException(ErrorCode.STORE_UNAVAILABLE, "reading the evidence failed: " + e.getMessage(), e);
    }
}
