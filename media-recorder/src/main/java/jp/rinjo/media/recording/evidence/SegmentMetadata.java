package jp.rinjo.media.recording.evidence;

import java.nio.charset.StandardCharsets;

import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.format.SegmentSummary;

/**
 * What the chain commits to about a segment besides its bytes. Every field is derived from the
 * segment file itself (header, END, footer), so a verifier recomputes it from the file and then
 * checks that the manifest claims the same.
 */
public record SegmentMetadata(String sessionId, String trackId, long sequence, long size, long startWallMicros,
                              long endWallMicros, long rtpPackets, long rtcpPackets, long gaps, long interruptions,
                              String endReason) {

    public static SegmentMetadata of(SegmentSummary s) {
        return new SegmentMetadata(s.header().sessionId(), s.header().trackId(), s.header().sequence(), s.size(),
                s.header().startWallMicros(), s.end().endWallMicros(), s.footer().rtpPackets(), s.footer().rtcpPackets(),
                s.footer().gaps(), s.footer().interruptions(), s.end().reason());
    }

    /**
     * The canonical encoding (EVIDENCE.md): UTF-8 lines {@code name=value\n} in this fixed order,
     * integers in decimal.
     */
    public byte[] canonicalBytes() {
        String text = "rinjo-segment-metadata-v1\n"
                + "session=" + sessionId + "\n"
                + "track=" + trackId + "\n"
                + "sequence=" + sequence + "\n"
                + "size=" + size + "\n"
                + "startWallMicros=" + startWallMicros + "\n"
                + "endWallMicros=" + endWallMicros + "\n"
                + "rtpPackets=" + rtpPackets + "\n"
                + "rtcpPackets=" + rtcpPackets + "\n"
                + "gaps=" + gaps + "\n"
                + "interruptions=" + interruptions + "\n"
                + "endReason=" + endReason + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** This segment's link: SHA-256(previous link ‖ segment SHA-256 ‖ canonical metadata). */
    public Sha256 link(Sha256 previousLink, Sha256 segmentSha256) {
        return Sha256.digest(previousLink.bytes(), segmentSha256.bytes(), canonicalBytes());
    }
}
