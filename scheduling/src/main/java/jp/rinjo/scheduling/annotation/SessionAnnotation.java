package jp.rinjo.scheduling.annotation;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/**
 * A mark someone made on the live video (指し示し: a pointer, a line, a circle, an arrow; or clear, which takes the marks
 * away), as the room relayed it: kept as evidence of what was pointed at, by whom, and when.
 *
 * @param target the contractor whose video it was drawn on (a clear: whose marks it took away); null only for
 *               marks kept before marks named their video (V11), which were drawn on whichever contractor's
 *               video the inspector had then
 */
public record SessionAnnotation(SessionId sessionId, Instant at, ParticipantId by, ParticipantRole role, String shape,
                                List<FramePoint> points, String color, String label, ParticipantId target) {
    public static final Set<String> SHAPES = Set.of("pointer", "line", "arrow", "circle", "rect", "text", "clear");
    public static final int MAX_POINTS = 500;
    /** Shapes drawn from exactly two points: a circle from the corners of its box, an arrow from its tail to its head. */
    public static final Set<String> TWO_POINT_SHAPES = Set.of("circle", "arrow");

    public SessionAnnotation {
        Require.present(sessionId, "sessionId");
        Require.present(at, "at");
        Require.present(by, "by");
        Require.present(role, "role");
        Require.that(SHAPES.contains(shape), "annotation shape must be one of " + SHAPES);
        points = List.copyOf(points);
        Require.that(points.size() <= MAX_POINTS, "an annotation has at most " + MAX_POINTS + " points");
        Require.that(!TWO_POINT_SHAPES.contains(shape) || points.size() == 2, "an annotation of shape " + shape + " has exactly 2 points");
        Require.that(color == null || color.matches("#(?:[0-9a-fA-F]{3}){1,2}"), "annotation color must be #rgb or #rrggbb");
        label = Require.optionalText(label, "label", 200);
    }
}
