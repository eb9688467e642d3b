package jp.rinjo.media.recording.evidence;

import java.util.List;
import java.util.Objects;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.Sha256;

/**
 * A closed, chained segment as the journal and the manifest list it. Everything here is derived
 * from the segment file and its predecessor's link, so the verifier can recompute every field.
 *
 * @param wallMonoOffsetMicros start wall µs − start monotonic µs: its change between segments of one
 *                             node process is how far the wall clock moved against the monotonic one
 */
public record RecordedSegment(String trackId, long sequence, long size, Sha256 sha256, Sha256 previousLink, Sha256 link,
                              long startWallMicros, long endWallMicros, long wallMonoOffsetMicros, long rtpPackets,
                              long rtcpPackets, long packetBytes, List<SegmentRecord.Gap> gaps,
                              List<SegmentRecord.Interruption> interruptions, String endReason, CodecInfo codec,
                              String node) {
    public RecordedSegment {
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(previousLink, "previousLink");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(node, "node");
        gaps = List.copyOf(gaps);
        interruptions = List.copyOf(interruptions);
    }

    /** The entry for a segment just closed; its link follows from the header's previous link. */
    public static RecordedSegment of(SegmentSummary s) {
        SegmentMetadata meta = SegmentMetadata.of(s);
        Sha256 link = meta.link(s.header().previousLink(), s.sha256());
        return new RecordedSegment(s.header().trackId(), s.header().sequence(), s.size(), s.sha256(), s.header().previousLink(), link,
                s.header().startWallMicros(), s.end().endWallMicros(),
                s.header().startWallMicros() - s.header().startMonoNanos() / 1000, s.footer().rtpPackets(),
                s.footer().rtcpPackets(), s.footer().packetBytes(), s.gaps(), s.interruptions(), s.end().reason(),
                s.header().codec(), s.header().writerNodeId());
    }

    public SegmentMetadata metadata(String sessionId) {
        return new SegmentMetadata(sessionId, trackId, sequence, size, startWallMicros, endWallMicros, rtpPackets, rtcpPackets,
                gaps.size(), interruptions.size(), endReason);
    }
}
