package jp.rinjo.media.recording.spool;

import java.nio.file.Path;

import jp.rinjo.common.id.SessionId;

/**
 * Where things are in the spool directory:
 * <pre>
 * {spool}/node-id                             this node's id, made on first start
 * {spool}/{sessionId}/journal.jsonl           one canonical JSON line per session, track and closed segment
 * {spool}/{sessionId}/tracks/{trackId}/{seq}.part   the segment being written
 * {spool}/{sessionId}/tracks/{trackId}/{seq}.seg    closed, fsynced, chained; waiting for upload
 * {spool}/{sessionId}/stills/{stillId}.jpg   a remote still, fsynced and journaled; waiting for upload
 * {spool}/{sessionId}/manifest.json|.sig|.tsr       written by the seal; kept until the whole seal is stored
 * {spool}/{sessionId}/sealed                  the seal is complete: the directory may go
 * {spool}/{sessionId}/rejected/…              objects the store refused (kept for an operator)
 * {spool}/{sessionId}.set-aside-{utc}/…       a session directory set aside for an operator ({@link SetAside}); never touched again
 * </pre>
 */
public record SpoolLayout(Path root) {
    public static final String PART = ".part";
    public static final String SEG = ".seg";

    public Path nodeIdFile() {
        return root.resolve("node-id");
    }

    public Path session(SessionId session) {
        return root.resolve(session.value());
    }

    public Path journal(SessionId session) {
        return session(session).resolve("journal.jsonl");
    }

    public Path trackDir(SessionId session, String trackId) {
        return session(session).resolve("tracks").resolve(trackId);
    }

    public Path part(SessionId session, String trackId, long seq) {
        return trackDir(session, trackId).resolve(seq + PART);
    }

    public Path segment(SessionId session, String trackId, long seq) {
        return trackDir(session, trackId).resolve(seq + SEG);
    }

    public Path stillsDir(SessionId session) {
        return session(session).resolve("stills");
    }

    public Path still(SessionId session, String stillId) {
        return stillsDir(session).resolve(stillId + ".jpg");
    }

    public Path sealedMarker(SessionId session) {
        return session(session).resolve("sealed");
    }

    public Path rejected(SessionId session) {
        return session(session).resolve("rejected");
    }

    /** The sequence number in a segment file name ({@code 12.seg} → 12), or -1. */
    public static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        try {
            return dot > 0 ? Long.parseLong(name.substring(0, dot)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
