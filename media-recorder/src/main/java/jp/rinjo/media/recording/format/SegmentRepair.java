package jp.rinjo.media.recording.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Closes a segment that its writer never finished (the process was killed, the machine lost power,
 * a write failed): keeps every intact record, cuts the file after the last one, and appends an
 * INTERRUPTION record saying what happened, END and the footer. What is lost is exactly the cut
 * tail (an incomplete last record, or bytes that fail their CRC) plus whatever the writer had not
 * yet handed to the operating system, and the INTERRUPTION record says how many bytes were cut.
 */
public final class SegmentRepair {
    /** The END reason of a segment completed by repair. */
    public static final String END_REASON = "recovered";

    private SegmentRepair() {
    }

    /**
     * @param summary        the segment as it now is (complete, hashable)
     * @param alreadyComplete the file was intact and had its footer: nothing was changed
     * @param discardedBytes bytes cut off the end
     * @param problem        what the reader found, or null if the file was complete
     */
    public record Result(SegmentSummary summary, boolean alreadyComplete, long discardedBytes, String problem) {
    }

    /**
     * @param why       why the segment was left open, for the INTERRUPTION record
     * @param nowWall   recovery time, wall µs (the interruption ends here)
     * @param nowMono   recovery time, monotonic ns
     * @throws SegmentFormatException when not even the header is intact (nothing to keep)
     */
    public static Result complete(Path file, String why, long nowWall, long nowMono) throws IOException {
        long size = Files.size(file);
        SegmentReader reader = SegmentReader.open(file);
        SegmentFormatException problem;
        try {
            return new Result(reader.readToEnd(), true, 0, null);
        } catch (SegmentFormatException e) {
            problem = e;
        } finally {
            reader.close();
        }
        SegmentReader.RepairPoint cut = reader.repairPoint();
        SegmentHeader header = reader.header();
        long lastWall = cut.tally().lastWallMicros;
        long from = lastWall == Long.MIN_VALUE ? header.startWallMicros() : lastWall;
        long discarded = size - cut.length();
        String reason = why + "; kept " + (cut.tally().rtp + cut.tally().rtcp) + " packets (" + cut.length()
                + " bytes), discarded " + discarded + " bytes after offset " + cut.length() + " (" + problem.getMessage() + ")";
        try (SegmentWriter w = SegmentWriter.resume(file, header, cut.length(), cut.sha(), cut.tally())) {
            w.interruption(new SegmentRecord.Interruption(from, Math.max(from, nowWall), reason));
            SegmentSummary summary = w.finish(new SegmentRecord.End(nowWall, nowMono, END_REASON));
            w.syncAndClose();
            return new Result(summary, false, discarded, problem.getMessage());
        }
    }
}
