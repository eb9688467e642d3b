package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;

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
    /**
     * Pause when the queue is empty; producers never wake the writer. 10 ms rather than less: each
     * timed wake-up is a system call and a context switch, and at 2 ms they were a quarter of the
     * writer's CPU; records reach the OS only every {@code recording.flush-interval} anyway.
     */
    private static final long IDLE_NANOS = 10_000_000L;
    private static final int MAX_BATCH = 1024;

    private final SpoolConfig config;
    private final SegmentFinisher finisher;
    private final SpoolSpace space;
    private final RecordingListener listener;
    private final TrackSegments segments;
    final RecordingQueue queue;
    private final List<TrackState> active = new ArrayList<>();
    private final Thread thread;
    private final AtomicLong packetsWritten = new AtomicLong();
    private volatile boolean stopping;

    RecordingWriter(String name, SpoolConfig config, SpoolLayout layout, Sessions sessions, SegmentFinisher finisher, SpoolSpace space,
                    RecordingListener listener, String node) {
        this.config = config;
        this.finisher = finisher;
        this.space = space;
        this.listener = listener;
        this.segments = new TrackSegments(layout, sessions, finisher, space, node);
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
            int handled = 0;
            WriterEvent e;
            while (handled < MAX_BATCH && (e = queue.poll()) != null) {
                try {
                    handle(e);
                } catch (RuntimeException ex) {
                    log.error("recording writer: unexpected failure handling {}", e.getClass().getSimpleName(), ex);
                }
                handled++;
            }
            if (handled == 0 && stopping) {
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
            if (handled == 0) {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
        // a graceful stop closes what is open; the next start closes each chain with an interruption
        for (TrackState t : List.copyOf(active)) {
            if (t.open != null) {
                segments.close(t, "recorder-stopped", Clocks.wallMicros(), System.nanoTime());
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
                segments.close(c.track(), "codec-changed", Clocks.wallMicros(), System.nanoTime());
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
            segments.close(t, "rolled", p.wallMicros(), p.monoNanos());
        }
        if (t.open == null && !segments.open(t, p.wallMicros(), p.monoNanos())) {
            t.lose(p.wallMicros(), len, t.failed ? "write failed" : "spool full");
            return;
        }
        try {
            t.open.packet(p.rtcp(), p.wallMicros(), p.monoNanos(), p.bytes(), 0, len);
            t.unflushed = true;
            packetsWritten.incrementAndGet();
        } catch (IOException ex) {
            segments.fail(t, ex);
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
        if (t.failed || (t.open == null && !segments.open(t, g.toWallMicros(), System.nanoTime()))) {
            t.lose(g);
            return;
        }
        try {
            t.open.gap(g);
            t.unflushed = true;
        } catch (IOException ex) {
            segments.fail(t, ex);
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
            segments.close(t, "source-interrupted: " + i.reason(), i.wallMicros(), System.nanoTime());
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
                segments.repair(t);
            }
            if (t.lostPackets > 0 && t.open == null && !t.failed && !segments.open(t, t.lostToWall, System.nanoTime())) {
                String message = t + ": " + t.lostPackets + " packets at the end were not recorded (" + t.lostReason
                        + ") and no segment could be written to say so";
                log.error(message);
                t.session.problem(message);
            }
            if (t.open != null) {
                segments.close(t, "sealed", Clocks.wallMicros(), System.nanoTime());
            }
            t.ended = true;
            active.remove(t);
        }
        finisher.barrier().whenComplete((v, ex) -> end.done().complete(null));
    }

    private void housekeeping(long now) {
        for (TrackState t : List.copyOf(active)) {
            if (t.failed && now - t.retryAtNanos >= 0) {
                segments.repair(t);
            }
            if (t.open == null) {
                continue;
            }
            long limit = (t.open.header().sequence() == 0 ? config.firstSegmentDuration() : config.segmentDuration()).toNanos();
            if (now - t.openMonoNanos >= limit) {
                segments.close(t, "rolled", Clocks.wallMicros(), now);
            } else if (t.unflushed && now - t.lastFlushNanos >= config.flushInterval().toNanos()) {
                try {
                    t.open.flush();
                    t.unflushed = false;
                    t.lastFlushNanos = now;
                } catch (IOException e) {
                    segments.fail(t, e);
                }
            }
        }
    }

    /** Drains the queue, closes the open segments ("recorder-stopped") and stops. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
