package jp.rinjo.media.recording.spool;

import java.util.concurrent.CompletableFuture;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;

/** What the media event loop (and the seal) hand to a writer thread. */
sealed interface WriterEvent {
    /** A received packet, copied. */
    record Packet(TrackState track, boolean rtcp, byte[] bytes, long wallMicros, long monoNanos) implements WriterEvent {
    }

    /** Packets dropped before this point (in band, so the GAP lands where the hole is). */
    record Dropped(TrackState track, SegmentRecord.Gap gap) implements WriterEvent {
    }

    /** The publisher renegotiated: later packets use these codec parameters. */
    record CodecChanged(TrackState track, CodecInfo codec) implements WriterEvent {
    }

    /** The track's source stopped (republish, transport loss, left). */
    record Interrupted(TrackState track, String reason, long wallMicros) implements WriterEvent {
    }

    /** Close every track of the session for good; completes once the closed segments are stored. */
    record EndSession(SessionId session, CompletableFuture<Void> done) implements WriterEvent {
    }
}
