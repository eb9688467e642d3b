package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.Sha256;

/**
 * One segment file read twice as a stream: its SHA-256 over every byte, then its structure. Never
 * holds the file in memory.
 *
 * @param sha256  hash of the file as it is
 * @param summary what the segment holds, when it reads as a complete, intact segment
 * @param problem why it does not, otherwise
 */
record SegmentCheck(Sha256 sha256, long size, SegmentSummary summary, String problem) {

    static SegmentCheck of(Path file) throws IOException {
        MessageDigest md = Sha256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        Sha256 sha = Sha256.of(md.digest());
        try (SegmentReader r = SegmentReader.open(file)) {
            return new SegmentCheck(sha, size, r.readToEnd(), null);
        } catch (SegmentFormatException e) {
            return new SegmentCheck(sha, size, null, e.problem().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
    }

    boolean wellFormed() {
        return summary != null;
    }
}
