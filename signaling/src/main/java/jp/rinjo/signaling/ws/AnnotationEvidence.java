package jp.rinjo.signaling.ws;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.WorkerExecutor;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.scheduling.annotation.FramePoint;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.scheduling.annotation.SessionAnnotations;
import jp.rinjo.signaling.live.Presence;

/**
 * Keeps every annotation the room relays for the session's recording (what was pointed at, on which
 * contractor's video, by whom, when), on a worker thread: the database is never written from the event loop. A session past its
 * bound is said once per connection in the log; the store counts the rest for the manifest.
 */
final class AnnotationEvidence {
    private static final Logger log = LoggerFactory.getLogger(AnnotationEvidence.class);

    private final SessionAnnotations store;
    private final WorkerExecutor blocking;
    private boolean saidOverBound;

    AnnotationEvidence(SessionAnnotations store, WorkerExecutor blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    void keep(Presence p, String shape, List<double[]> points, String color, String label, ParticipantId target, Instant at) {
        // built on the worker too: one the store refuses (a label with control characters) is logged, not thrown at the sender.
        // Ordered: a pointer and the clear right after it are kept in the order they were relayed
        blocking.executeBlocking(() -> store.keep(new SessionAnnotation(p.sessionId(), at, p.participantId(), p.role(), shape,
                points.stream().map(xy -> FramePoint.of(xy[0], xy[1])).toList(), color, label, target)), true).onComplete(r -> {
            if (r.failed()) {
                log.error("session {}: an annotation by {} at {} could not be kept for the recording: {}", p.sessionId(),
                        p.participantId(), at, r.cause().toString());
            } else if (!r.result() && !saidOverBound) {
                saidOverBound = true;
                log.warn("session {}: it has kept as many annotations as it may; those of {} from now on are counted, not kept",
                        p.sessionId(), p.participantId());
            }
        });
    }
}
