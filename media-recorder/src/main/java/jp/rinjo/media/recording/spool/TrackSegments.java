package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;

/**
 * A track's segments on a writer thread: opening one (registering the track in its session's
 * journal the first time, writing a pending INTERRUPTION or GAP first), closing and chaining one,
 * and what happens when a write fails — reported loudly, the broken segment repaired and chained,
 * new segments refused until a retry succeeds.
 */
final class TrackSegments {
    private static final Logger log = LoggerFactory.getLogger(TrackSegments.class);
    static final long RETRY_NANOS = 2_000_000_000L;

    private final SpoolLayout layout;
    private final Sessions sessions;
    private final SegmentFinisher finisher;
    private final SpoolSpace space;
    private final String node;

    TrackSegments(SpoolLayout layout, Sessions sessions, SegmentFinisher finisher, SpoolSpace space, String node) {
        this.layout = layout;
        this.sessions = sessions;
        this.finisher = finisher;
        this.space = space;
        this.node = node;
    }

    /** @return false when no segment could be opened (spool full, or a write failed: reported) */
    boolean open(TrackState t, long wallMicros, long monoNanos) {
        if (!space.hasRoom()) {
            return false;
        }
        if (!t.registered && sessions.isSealed(t.info.session())) {
            log.warn("{}: the session is sealed; a track that starts now is not recorded", t);
            t.ended = true;
            return false;
        }
        Path part = null;
        try {
            register(t, wallMicros);
            SegmentHeader header = new SegmentHeader(t.info.session().value(), t.info.trackId(), t.info.participant(), t.info.key(),
                    t.info.kind(), t.codec, t.nextSequence, t.previousLink, wallMicros, monoNanos, node);
            part = layout.part(t.info.session(), t.info.trackId(), t.nextSequence);
            t.open = SegmentWriter.create(part, header);
            t.openMonoNanos = monoNanos;
            t.lastFlushNanos = System.nanoTime();
            if (t.isInterrupted()) {
                t.open.interruption(new SegmentRecord.Interruption(t.interruptedAtWall, Math.max(t.interruptedAtWall, wallMicros),
                        t.interruptionReason));
                t.interruptedAtWall = Long.MIN_VALUE;
                t.interruptionReason = null;
            }
            SegmentRecord.Gap lost = t.takeLost();
            if (lost != null) {
                t.open.gap(lost);
            }
            t.unflushed = true;
            return true;
        } catch (IOException e) {
            t.brokenPart = part;
            fail(t, e);
            return false;
        }
    }

    private void register(TrackState t, long wallMicros) throws IOException {
        if (t.registered) {
            return;
        }
        t.session = sessions.getOrCreate(t.info.session(), wallMicros);
        Files.createDirectories(layout.trackDir(t.info.session(), t.info.trackId()));
        t.session.addTrack(new RecordedTrack(t.info.trackId(), t.info.participant(), t.info.key(), t.info.kind(), t.codec, node));
        t.registered = true;
    }

    void close(TrackState t, String reason, long wallMicros, long monoNanos) {
        SegmentWriter w = t.open;
        t.open = null;
        try {
            SegmentSummary s = w.finish(new SegmentRecord.End(wallMicros, monoNanos, reason));
            chain(t, w, s);
        } catch (IOException e) {
            t.brokenPart = w.path();
            quietly(w);
            fail(t, e);
        }
    }

    private void chain(TrackState t, SegmentWriter w, SegmentSummary s) {
        RecordedSegment seg = RecordedSegment.of(s);
        t.previousLink = seg.link();
        t.nextSequence++;
        long seq = s.header().sequence();
        finisher.submit(t.session, w, seg, layout.part(t.info.session(), t.info.trackId(), seq),
                layout.segment(t.info.session(), t.info.trackId(), seq));
    }

    /** Reports a write failure loudly and repairs the broken segment at once if possible. */
    void fail(TrackState t, IOException e) {
        String message = t + ": writing the recording FAILED: " + e + "; packets are not recorded until writing works again";
        log.error(message);
        // announced in order after the segments closed before it (one of them may be stored only now)
        finisher.trackFailed(t.info.session(), t.session, t.info.trackId(), message);
        if (t.session != null) {
            t.session.problem(message);
        }
        if (t.open != null) {
            t.brokenPart = t.open.path();
            quietly(t.open);
            t.open = null;
        }
        t.failed = true;
        t.retryAtNanos = System.nanoTime() + RETRY_NANOS;
        if (t.brokenPart != null && Files.exists(t.brokenPart)) {
            repair(t);
        }
    }

    /** Completes the broken segment (kept records, an INTERRUPTION, END) and chains it. */
    void repair(TrackState t) {
        Path broken = t.brokenPart;
        try {
            boolean repaired = false;
            if (broken != null && Files.isRegularFile(broken) && broken.toString().endsWith(SpoolLayout.PART)) {
                SegmentRepair.Result r = SegmentRepair.complete(broken, "write failed", Clocks.wallMicros(), System.nanoTime());
                chain(t, null, r.summary());
                repaired = true;
            } else if (broken != null && Files.exists(broken)) {
                throw new IOException(broken + " is in the way");
            }
            t.failed = false;
            t.brokenPart = null;
            log.warn("{}: {}recording resumes", t, repaired ? "the segment broken by the write failure is closed and chained; " : "");
        } catch (SegmentFormatException e) {
            // not even its header reached the disk: nothing to keep, the sequence number is reused
            log.error("{}: the broken segment {} holds nothing readable ({}); removing it", t, broken, e.getMessage());
            try {
                Files.deleteIfExists(broken);
                t.failed = false;
                t.brokenPart = null;
            } catch (IOException io) {
                t.retryAtNanos = System.nanoTime() + RETRY_NANOS;
            }
        } catch (IOException e) {
            t.retryAtNanos = System.nanoTime() + RETRY_NANOS;
        }
    }

    private static void quietly(SegmentWriter w) {
        try {
            w.abandon();
        } catch (IOException e) {
            log.debug("closing a broken segment: {}", e.toString());
        }
    }
}
