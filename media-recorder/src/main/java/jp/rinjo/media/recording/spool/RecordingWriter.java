package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;

/**
 * A writer thread: takes packets from its queue and appends them to each track's open segment,
 * closes a segment when it reaches its duration or size (or the source stops), and passes closed
 * segments to the {@link SegmentFinisher}. Segments open lazily on a track's next packet, so an
 * idle track has none open. A write error is never swallowed: the track's segment is repaired and
 * chained, the failure reported, and what arrives meanwhile becomes a GAP when writing resumes.
 */
public final class RecordingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);
    private static final long HOUSEKEEPING_NANOS = 50_000_000L;
    private static final long SPACE_REFRESH_NANOS = 1_000_000_000L;
    private static final long RETRY_NANOS = 2_000_000_000L;

    private final SpoolConfig config;
    private final SpoolLayout layout;
    private final Sessions sessions;
    private final SegmentFinisher finisher;
    private final SpoolSpace space;
    private final RecordingListener listener;
    private final String node;
    final RecordingQueue queue;
    private final List<TrackState> active = new ArrayList<>();
    private final Thread thread;
    private final AtomicLong packetsWritten = new AtomicLong();
    private volatile boolean stopping;

    RecordingWriter(String name, SpoolConfig config, SpoolLayout layout, Sessions sessions, SegmentFinisher finisher, SpoolSpace space,
                    RecordingListener listener, String node) {
        this.config = config;
        this.layout = layout;
        this.sessions = sessions;
        this.finisher = finisher;
        this.space = space;
        this.listener = listener;
        this.node = node;
        this.queue = new RecordingQueue(config.queueMaxPackets(), config.queueMaxBytes());
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A new track for this writer (called on the media event loop: no I/O here). */
    TrackState newTrack(TrackInfo info, CodecInfo codec) {
        return new TrackState(info, codec, this);
    }

    long packetsWritten() {
        return packetsWritten.get();
    }

    /** Closes the session's tracks for good; completes once their last segments are stored. */
    CompletableFuture<Void> endSession(SessionId session) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.offerControl(new WriterEvent.EndSession(session, done));
        return done;
    }

    private void run() {
        long nextHousekeeping = 0;
        long nextSpaceRefresh = 0;
        while (true) {
            WriterEvent e;
            try {
                e = queue.poll(20);
            } catch (InterruptedException ie) {
                break;
            }
            if (e != null) {
                try {
                    handle(e);
                } catch (RuntimeException ex) {
                    log.error("recording writer: unexpected failure handling {}", e.getClass().getSimpleName(), ex);
                }
            } else if (stopping) {
                break;
            }
            long now = System.nanoTime();
            if (now - nextHousekeeping >= 0) {
                housekeeping(now);
                nextHousekeeping = now + HOUSEKEEPING_NANOS;
            }
            if (now - nextSpaceRefresh >= 0) {
                space.refresh();
                nextSpaceRefresh = now + SPACE_REFRESH_NANOS;
            }
        }
        // a graceful stop closes what is open; the next start closes each chain with an interruption
        for (TrackState t : List.copyOf(active)) {
            if (t.open != null) {
                close(t, "recorder-stopped", Clocks.wallMicros(), System.nanoTime());
            }
        }
    }

    private void handle(WriterEvent e) {
        if (e instanceof WriterEvent.Packet p) {
            packet(p);
        } else if (e instanceof WriterEvent.Dropped d) {
            activate(d.track());
            gap(d.track(), d.gap());
        } else if (e instanceof WriterEvent.CodecChanged c) {
            activate(c.track());
            c.track().codec = c.codec();
            if (c.track().open != null) {
                close(c.track(), "codec-changed", Clocks.wallMicros(), System.nanoTime());
            }
        } else if (e instanceof WriterEvent.Interrupted i) {
            interrupted(i);
        } else if (e instanceof WriterEvent.EndSession end) {
            endSession(end);
        }
    }

    private void activate(TrackState t) {
        if (!t.active && !t.ended) {
            t.active = true;
            active.add(t);
        }
    }

    private void packet(WriterEvent.Packet p) {
        TrackState t = p.track();
        int len = p.bytes().length;
        if (t.ended) {
            log.debug("{}: packet after the session was sealed, not recorded", t);
            return;
        }
        activate(t);
        if (t.failed) {
            t.lose(p.wallMicros(), len, "write failed");
            return;
        }
        if (t.open != null && shouldRoll(t, p.monoNanos(), len)) {
            close(t, "rolled", p.wallMicros(), p.monoNanos());
        }
        if (t.open == null && !open(t, p.wallMicros(), p.monoNanos())) {
            t.lose(p.wallMicros(), len, t.failed ? "write failed" : "spool full");
            return;
        }
        try {
            t.open.packet(p.rtcp(), p.wallMicros(), p.monoNanos(), p.bytes(), 0, len);
            t.unflushed = true;
            packetsWritten.incrementAndGet();
        } catch (IOException ex) {
            fail(t, ex);
            t.lose(p.wallMicros(), len, "write failed");
        }
    }

    private boolean shouldRoll(TrackState t, long monoNanos, int len) {
        long limit = (t.open.header().sequence() == 0 ? config.firstSegmentDuration() : config.segmentDuration()).toNanos();
        return monoNanos - t.openMonoNanos >= limit || t.open.size() + len + 64 > config.segmentMaxBytes();
    }

    private void gap(TrackState t, SegmentRecord.Gap g) {
        if (t.ended) {
            return;
        }
        log.error("{}: {} packets ({} bytes) received {} – {} were NOT recorded: {}", t, g.packetsLost(), g.bytesLost(),
                Clocks.utc(g.fromWallMicros()), Clocks.utc(g.toWallMicros()), g.reason());
        listener.gap(t.info.session(), t.info.trackId(), g.packetsLost(), g.reason());
        if (t.failed || (t.open == null && !open(t, g.toWallMicros(), System.nanoTime()))) {
            t.lose(g);
            return;
        }
        try {
            t.open.gap(g);
            t.unflushed = true;
        } catch (IOException ex) {
            fail(t, ex);
        }
    }

    private void interrupted(WriterEvent.Interrupted i) {
        TrackState t = i.track();
        if (t.ended || !t.registered) {
            return; // nothing recorded yet: nothing to interrupt
        }
        SegmentRecord.Gap dropped = t.drops.take();
        if (dropped != null) {
            gap(t, dropped);
        }
        if (t.open != null) {
            close(t, "source-interrupted: " + i.reason(), i.wallMicros(), System.nanoTime());
        }
        if (!t.isInterrupted()) {
            t.interruptedAtWall = i.wallMicros();
            t.interruptionReason = i.reason();
        } else {
            t.interruptionReason = t.interruptionReason + "; " + i.reason();
        }
    }

    private void endSession(WriterEvent.EndSession end) {
        for (TrackState t : List.copyOf(active)) {
            if (!t.info.session().equals(end.session())) {
                continue;
            }
            SegmentRecord.Gap dropped = t.drops.take();
            if (dropped != null) {
                gap(t, dropped);
            }
            if (t.failed) {
                repair(t);
            }
            if (t.lostPackets > 0 && t.open == null && !t.failed && !open(t, t.lostToWall, System.nanoTime())) {
                String message = t + ": " + t.lostPackets + " packets at the end were not recorded (" + t.lostReason
                        + ") and no segment could be written to say so";
                log.error(message);
                t.session.problem(message);
            }
            if (t.open != null) {
                close(t, "sealed", Clocks.wallMicros(), System.nanoTime());
            }
            t.ended = true;
            active.remove(t);
        }
        finisher.barrier().whenComplete((v, ex) -> end.done().complete(null));
    }

    private boolean open(TrackState t, long wallMicros, long monoNanos) {
        if (!space.hasRoom()) {
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

    private void close(TrackState t, String reason, long wallMicros, long monoNanos) {
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
    private void fail(TrackState t, IOException e) {
        String message = t + ": writing the recording FAILED: " + e + "; packets are not recorded until writing works again";
        log.error(message);
        listener.recorderFailed(t.info.session(), t.info.trackId(), message);
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
    private void repair(TrackState t) {
        Path broken = t.brokenPart;
        try {
            if (broken != null && Files.exists(broken) && broken.toString().endsWith(SpoolLayout.PART)) {
                SegmentRepair.Result r = SegmentRepair.complete(broken, "write failed", Clocks.wallMicros(), System.nanoTime());
                chain(t, null, r.summary());
            }
            t.failed = false;
            t.brokenPart = null;
            log.warn("{}: the segment broken by a write failure is closed and chained; recording resumes", t);
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

    private void housekeeping(long now) {
        for (TrackState t : List.copyOf(active)) {
            if (t.failed && now - t.retryAtNanos >= 0) {
                repair(t);
            }
            if (t.open == null) {
                continue;
            }
            long limit = (t.open.header().sequence() == 0 ? config.firstSegmentDuration() : config.segmentDuration()).toNanos();
            if (now - t.openMonoNanos >= limit) {
                close(t, "rolled", Clocks.wallMicros(), now);
            } else if (t.unflushed && now - t.lastFlushNanos >= config.flushInterval().toNanos()) {
                try {
                    t.open.flush();
                    t.unflushed = false;
                    t.lastFlushNanos = now;
                } catch (IOException e) {
                    fail(t, e);
                }
            }
        }
    }

    private static void quietly(SegmentWriter w) {
        try {
            w.abandon();
        } catch (IOException e) {
            log.debug("closing a broken segment: {}", e.toString());
        }
    }

    /** Drains the queue, closes the open segments ("recorder-stopped") and stops. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
