package jp.rinjo.media.recording.format;

import java.util.ArrayList;
import java.util.List;

/** Running counts of a segment's records, kept identically by the writer and the reader. */
final class Tally {
    long rtp;
    long rtcp;
    long packetBytes;
    long records;
    long lastWallMicros = Long.MIN_VALUE;
    final List<SegmentRecord.Gap> gaps = new ArrayList<>();
    final List<SegmentRecord.Interruption> interruptions = new ArrayList<>();

    void count(SegmentRecord r) {
        records++;
        if (r instanceof SegmentRecord.Packet p) {
            packet(p.rtcp(), p.bytes().length, p.wallMicros());
        } else if (r instanceof SegmentRecord.Gap g) {
            gaps.add(g);
            lastWallMicros = Math.max(lastWallMicros, g.toWallMicros());
        } else if (r instanceof SegmentRecord.Interruption i) {
            interruptions.add(i);
            lastWallMicros = Math.max(lastWallMicros, i.toWallMicros());
        }
    }

    /** A packet record (kept apart from {@link #count} so the writer need not allocate a record). */
    void packet(boolean isRtcp, int length, long wallMicros) {
        if (isRtcp) {
            rtcp++;
        } else {
            rtp++;
        }
        packetBytes += length;
        lastWallMicros = Math.max(lastWallMicros, wallMicros);
    }

    void packetRecord(boolean isRtcp, int length, long wallMicros) {
        records++;
        packet(isRtcp, length, wallMicros);
    }

    Tally copy() {
        Tally t = new Tally();
        t.rtp = rtp;
        t.rtcp = rtcp;
        t.packetBytes = packetBytes;
        t.records = records;
        t.lastWallMicros = lastWallMicros;
        t.gaps.addAll(gaps);
        t.interruptions.addAll(interruptions);
        return t;
    }

    SegmentFooter footer(Sha256 beforeFooter) {
        return new SegmentFooter(rtp, rtcp, gaps.size(), interruptions.size(), packetBytes, records, beforeFooter);
    }
}
