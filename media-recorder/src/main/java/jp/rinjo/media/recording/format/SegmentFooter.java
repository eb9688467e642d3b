package jp.rinjo.media.recording.format;

/**
 * The last record of a closed segment.
 *
 * @param rtpPackets          RTP records in the segment
 * @param rtcpPackets         RTCP records
 * @param gaps                GAP records
 * @param interruptions       INTERRUPTION records
 * @param packetBytes         sum of the packet lengths of the RTP and RTCP records
 * @param records             every record between header and footer, END and unknown types included
 * @param sha256BeforeFooter  SHA-256 of the file from byte 0 up to the footer record's first byte
 */
public record SegmentFooter(long rtpPackets, long rtcpPackets, long gaps, long interruptions, long packetBytes,
                            long records, Sha256 sha256BeforeFooter) {
}
