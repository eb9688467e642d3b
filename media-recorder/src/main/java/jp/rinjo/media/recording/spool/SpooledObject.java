package jp.rinjo.media.recording.spool;

import java.nio.file.Path;

import jp.rinjo.media.recording.format.Sha256;

/**
 * A file in the spool waiting for upload.
 *
 * @param trackId  the segment's track, or null for the manifest files and stills
 * @param sequence the segment's number, -1 for the manifest files, {@link #STILL} for a remote still
 */
record SpooledObject(SessionSpool session, Path file, String key, Sha256 sha256, long size, String contentType,
                     String trackId, long sequence) {
    /** A remote still: like a segment, deleted from the spool once the store has it (the journal lists it for the seal). */
    static final long STILL = -2;

    /**
     * A seal file stays in the spool after its upload, until the whole seal is stored: as long as a
     * session's spool directory holds its manifest, a restart knows the session is sealed.
     */
    boolean keptUntilSealed() {
        return trackId == null && sequence != STILL;
    }
}
