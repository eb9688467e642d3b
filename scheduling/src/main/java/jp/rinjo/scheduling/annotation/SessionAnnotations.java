package jp.rinjo.scheduling.annotation;

import java.util.List;

import jp.rinjo.common.id.SessionId;

/**
 * The annotations of each session, kept for its recording's manifest. A session keeps a bounded
 * number (a stuck mouse button or a runaway page must not fill the database); what comes beyond is
 * counted, so the manifest can say that more was pointed at than it lists.
 */
public interface SessionAnnotations {
    /** How many a session keeps, unless a store is made with another bound. */
    int KEPT_PER_SESSION = 5000;

    /** What a session kept, in the order it was made (by {@code at}, then as kept), and how many more it was sent. */
    record Kept(List<SessionAnnotation> annotations, long notKept) {
        public Kept {
            annotations = List.copyOf(annotations);
        }
    }

    /** Keeps the annotation, or counts it when its session has kept its bound already; says which. */
    boolean keep(SessionAnnotation annotation);

    Kept forSession(SessionId session);
}
