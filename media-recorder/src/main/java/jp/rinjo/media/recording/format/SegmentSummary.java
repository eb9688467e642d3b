package jp.rinjo.media.recording.format;

import java.util.List;

/**
 * What a closed segment holds, as its writer wrote it or a reader found it.
 *
 * @param header        the header record
 * @param end           the END record
 * @param footer        the footer record
 * @param size          file size in bytes
 * @param sha256        SHA-256 of the whole file, footer included (what {@code sha256sum} prints)
 * @param gaps          its GAP records, in order
 * @param interruptions its INTERRUPTION records, in order
 */
public record SegmentSummary(SegmentHeader header, SegmentRecord.End end, SegmentFooter footer, long size, Sha256 sha256,
                             List<SegmentRecord.Gap> gaps, List<SegmentRecord.Interruption> interruptions) {
    public SegmentSummary {
        gaps = List.copyOf(gaps);
        interruptions = List.copyOf(interruptions);
    }
}
