package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.store.FileSync;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.PutOptions;

/**
 * Makes closed segments durable, off the writer threads (an fsync can take milliseconds): fsync the
 * file, append its entry to the session journal (fsynced), rename {@code .part} to {@code .seg},
 * fsync the directory, then hand it to the uploader. Only then is the segment "stored". One thread,
 * first in first out, so a track's segments are journaled in order. A writer's failure passes through
 * the same queue, so what participants are told follows the order things happened: 記録中 is
 * announced when a segment is stored while none of the session's tracks is failing (the first time
 * since this start, and again after a failure or a full spool); a failure is announced in its place
 * in that order.
 */
final class SegmentFinisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SegmentFinisher.class);
    private static final int ATTEMPTS = 3;

    private sealed interface Item {
    }

    private record Closed(SessionSpool session, SegmentWriter writer, RecordedSegment segment, Path part, Path target) implements Item {
    }

    private record Barrier(CompletableFuture<Void> done) implements Item {
    }

    /** @param session null when the track's session could not even be created */
    private record TrackFailed(SessionId sessionId, SessionSpool session, String trackId, String message) implements Item {
    }

    private record Stop() implements Item {
    }

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final SpoolUploader uploader;
    private final SpoolSpace space;
    private final RecordingListener listener;
    private final Thread thread;

    SegmentFinisher(SpoolUploader uploader, SpoolSpace space, RecordingListener listener) {
        this.uploader = uploader;
        this.space = space;
        this.listener = listener;
        this.thread = new Thread(this::run, "rinjo-recording-fsync");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(SessionSpool session, SegmentWriter writer, RecordedSegment segment, Path part, Path target) {
        queue.add(new Closed(session, writer, segment, part, target));
    }

    /** A writer's failure on the track: announced after the segments submitted before it, and the track counts as failing. */
    void trackFailed(SessionId sessionId, SessionSpool session, String trackId, String message) {
        queue.add(new TrackFailed(sessionId, session, trackId, message));
    }

    /** Completes once everything submitted before it is stored (or has failed loudly). */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Barrier(f));
        return f;
    }

    private void run() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (item instanceof Stop) {
                return;
            } else if (item instanceof Barrier b) {
                b.done().complete(null);
            } else if (item instanceof Closed c) {
                finish(c);
            } else if (item instanceof TrackFailed f) {
                if (f.session() != null) {
                    f.session().trackFailed(f.trackId());
                }
                listener.recorderFailed(f.sessionId(), f.trackId(), f.message());
            }
        }
    }

    private void finish(Closed c) {
        RecordedSegment seg = c.segment();
        String where = "session " + c.session().id() + " track " + seg.trackId() + " segment " + seg.sequence();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                store(c, attempt);
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                log.error("{}: storing in the spool failed (attempt {} of {}): {}", where, attempt, ATTEMPTS, e.toString());
                pause(attempt * 500L);
            }
        }
        if (last != null) {
            // the file stays: a restart recovers it; a seal never deletes it (Spool.finishSeal sets it aside for an operator)
            String message = where + " could not be made durable: " + last.getMessage() + "; it is not uploaded. Its file stays in the "
                    + "spool: recovered by a restart of the node, else kept for an operator when the session is sealed";
            log.error(message);
            c.session().problem(message);
            c.session().trackFailed(seg.trackId());
            listener.recorderFailed(c.session().id(), seg.trackId(), message);
            return;
        }
        listener.segmentStored(c.session().id(), seg.trackId(), seg.sequence());
        if (c.session().segmentStored(seg.trackId(), space.hasRoom(), space.timesFull())) {
            log.info("session {}: a segment is durably stored and no track is failing — recording", c.session().id());
            listener.recordingStarted(c.session().id());
        }
    }

    /** Idempotent, so a failed attempt can be repeated. */
    private void store(Closed c, int attempt) throws IOException {
        RecordedSegment seg = c.segment();
        if (Files.exists(c.part())) {
            if (c.writer() == null) {
                // completed by SegmentRepair, which synced it
                FileSync.file(c.part());
            } else if (attempt == 1) {
                c.writer().syncAndClose();
            } else {
                FileSync.file(c.part());
            }
            if (!c.session().hasSegment(seg.trackId(), seg.sequence())) {
                c.session().addSegment(seg);
            }
            Files.move(c.part(), c.target(), StandardCopyOption.ATOMIC_MOVE);
        }
        FileSync.directory(c.target().getParent());
        space.add(seg.size());
        c.session().uploadQueued();
        uploader.submit(new SpooledObject(c.session(), c.target(), c.session().objectPrefix() + "/"
                + ObjectKeys.segmentPath(seg.trackId(), seg.sequence()), seg.sha256(), seg.size(), PutOptions.SEGMENT_TYPE,
                seg.trackId(), seg.sequence()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        queue.add(new Stop());
        thread.join(10_000);
    }
}
