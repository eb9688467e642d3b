package jp.rinjo.media.recording.spool;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.format.Sha256;

/**
 * A recorded track's writing state. Everything except {@link #drops} and {@link #info} belongs to
 * the track's writer thread.
 */
final class TrackState {
    final TrackInfo info;
    final RecordingWriter writer;
    final DropCounter drops = new DropCounter();

    SessionSpool session;
    CodecInfo codec;
    boolean active;
    boolean registered;
    boolean ended;
    long nextSequence;
    Sha256 previousLink = Sha256.ZERO;

    SegmentWriter open;
    long openMonoNanos;
    long lastFlushNanos;
    boolean unflushed;

    /** An interruption waiting for the next packet to know when it ended. */
    long interruptedAtWall = Long.MIN_VALUE;
    String interruptionReason;

    /** Packets lost on the writer's side (spool full, write failure), written as one GAP when writing resumes. */
    long lostPackets;
    long lostBytes;
    long lostFromWall;
    long lostToWall;
    String lostReason;

    /** A failed write: no new segment until {@link #retryAtNanos}, when the broken one is repaired. */
    boolean failed;
    long retryAtNanos;
    java.nio.file.Path brokenPart;

    TrackState(TrackInfo info, CodecInfo codec, RecordingWriter writer) {
        this.info = info;
        this.codec = codec;
        this.writer = writer;
    }

    void lose(long wallMicros, int length, String reason) {
        if (lostPackets == 0) {
            lostFromWall = wallMicros;
            lostReason = reason;
        }
        lostPackets++;
        lostBytes += length;
        lostToWall = Math.max(lostToWall, wallMicros);
    }

    void lose(SegmentRecord.Gap g) {
        if (lostPackets == 0) {
            lostFromWall = g.fromWallMicros();
            lostReason = g.reason();
        }
        lostPackets += g.packetsLost();
        lostBytes += g.bytesLost();
        lostToWall = Math.max(lostToWall, g.toWallMicros());
    }

    SegmentRecord.Gap takeLost() {
        if (lostPackets == 0) {
            return null;
        }
        SegmentRecord.Gap g = new SegmentRecord.Gap(lostFromWall, lostToWall, lostPackets, lostBytes, lostReason);
        lostPackets = 0;
        lostBytes = 0;
        lostToWall = 0;
        return g;
    }

    boolean isInterrupted() {
        return interruptedAtWall != Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return "session " + info.session() + " track " + info.trackId() + " (" + info.key() + ")";
    }
}
