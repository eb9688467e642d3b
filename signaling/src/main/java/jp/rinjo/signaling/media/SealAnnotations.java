package jp.rinjo.signaling.media;

import java.util.List;

import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.scheduling.annotation.SessionAnnotations;

/** A session's kept annotations as its media node is told them when the session ends. */
public final class SealAnnotations {
    private SealAnnotations() {
    }

    /** The session's end with what was pointed at during it. */
    public static MediaGateway.SessionEnd with(MediaGateway.SessionEnd end, SessionAnnotations.Kept kept) {
        return new MediaGateway.SessionEnd(end.attendees(), end.inspection(),
                kept.annotations().stream().map(SealAnnotations::annotation).toList(), kept.notKept());
    }

    static MediaGateway.Annotation annotation(SessionAnnotation a) {
        return new MediaGateway.Annotation(a.at().toString(), a.by().value(), a.role().name(), a.shape(),
                a.points().stream().map(p -> List.of(p.x(), p.y())).toList(), a.color(), a.label(),
                a.target() == null ? null : a.target().value());
    }
}
