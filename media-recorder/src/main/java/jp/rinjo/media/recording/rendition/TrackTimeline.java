package jp.rinjo.media.recording.rendition;

import jp.rinjo.media.rtcp.SenderReport;
import jp.rinjo.media.rtp.TimestampUnwrapper;

/**
 * Where a track's RTP timestamps fall on the rendition's timeline (µs since its start).
 *
 * <p>With a sender report (RFC 3550 §6.4.1) the RTP clock maps to the sender's wall clock, which is
 * the same for a participant's audio and video — that is what keeps lips in sync. The sender's
 * clock is then anchored to the node's receive times by the smallest (receive − send) difference
 * of the participant ({@link #anchorOffsetMicros}). Without a sender report the first packet's
 * receive time anchors the track. Either way the video's own timestamps (variable frame rate) are
 * kept, and a pause in packets stays a pause.
 */
final class TrackTimeline {
    private final int clockRate;
    private final TimestampUnwrapper unwrapper = new TimestampUnwrapper();
    private SenderReport report;
    private long reportRtp;
    private long firstRtp = Long.MIN_VALUE;
    private long firstWall;
    private long minOffset = Long.MAX_VALUE;

    TrackTimeline(int clockRate) {
        this.clockRate = clockRate;
    }

    /** First pass: learn from every RTP packet's timestamp and receive time. */
    void observe(int rtpTimestamp, long wallMicros) {
        long rtp = unwrapper.unwrap(rtpTimestamp);
        if (firstRtp == Long.MIN_VALUE) {
            firstRtp = rtp;
            firstWall = wallMicros;
        }
        if (report != null) {
            minOffset = Math.min(minOffset, wallMicros - senderWall(rtp));
        }
    }

    /** First pass: the first sender report of the track fixes its RTP ↔ wall mapping. */
    void observeReport(SenderReport sr) {
        if (report == null) {
            report = sr;
            reportRtp = unwrapper.unwrapWithoutUpdate(sr.rtpTimestamp());
        }
    }

    boolean hasReport() {
        return report != null && minOffset != Long.MAX_VALUE;
    }

    /** receive − send, smallest seen: network delay plus the clocks' offset. */
    long anchorOffsetMicros() {
        return minOffset;
    }

    long firstWallMicros() {
        return firstWall;
    }

    /** Second pass: a fresh unwrapper state for presentation times. */
    Presenter presenter(long renditionStartMicros, Long participantOffset) {
        return new Presenter(renditionStartMicros, participantOffset);
    }

    /**
     * Second pass. Its unwrapper starts near the first pass's first timestamp, so both number the
     * RTP clock alike (they could differ only if the first packets straddled a 32-bit wrap).
     */
    final class Presenter {
        private final TimestampUnwrapper unwrap = new TimestampUnwrapper();
        private final long start;
        private final Long offset;

        private Presenter(long start, Long offset) {
            this.start = start;
            this.offset = offset;
        }

        long ptsMicros(int rtpTimestamp) {
            long rtp = unwrap.unwrap(rtpTimestamp);
            if (offset != null && report != null) {
                return senderWall(rtp) + offset - start;
            }
            return firstWall + (rtp - firstRtp) * 1_000_000L / clockRate - start;
        }
    }

    private long senderWall(long rtp) {
        return ntpToMicros(report.ntpTimestamp()) + (rtp - reportRtp) * 1_000_000L / clockRate;
    }

    static long ntpToMicros(long ntp) {
        long seconds = (ntp >>> 32) - 2_208_988_800L;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * 1_000_000L + (fraction * 1_000_000L >>> 32);
    }
}
