package jp.rinjo.media.recording.spool;

import jp.rinjo.media.recording.format.SegmentRecord;

/**
 * Packets of one track that were received but could not be queued for the writer. The media event
 * loop adds to it; whoever next writes for the track turns it into one GAP record. Synchronized
 * (uncontended in practice: a few nanoseconds), because the seal may take it from another thread.
 */
final class DropCounter {
    private long packets;
    private long bytes;
    private long fromWall;
    private long toWall;
    private String reason;

    /** @return true if this drop starts a new run (worth one loud log line) */
    synchronized boolean add(long wallMicros, int length, String why) {
        boolean first = packets == 0;
        if (first) {
            fromWall = wallMicros;
            reason = why;
        }
        packets++;
        bytes += length;
        toWall = Math.max(toWall, wallMicros);
        return first;
    }

    synchronized boolean isEmpty() {
        return packets == 0;
    }

    /** The run so far as a GAP record, resetting the counter; null if nothing was dropped. */
    synchronized SegmentRecord.Gap take() {
        if (packets == 0) {
            return null;
        }
        SegmentRecord.Gap g = new SegmentRecord.Gap(fromWall, toWall, packets, bytes, reason);
        packets = 0;
        bytes = 0;
        toWall = 0;
        return g;
    }
}
