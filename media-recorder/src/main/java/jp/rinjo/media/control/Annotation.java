package jp.rinjo.media.control;

import java.util.List;

/**
 * A mark someone made on the live video during the session (指し示し), as signaling kept it, for the
 * recording's manifest: {@code at} an ISO-8601 instant, {@code by} the participant id and {@code role}
 * its role, {@code shape} pointer, line, … or clear, {@code points} [x, y] pairs in ten-thousandths of
 * the video frame from its top-left corner; {@code color} and {@code label} may be null. {@code target} is the
 * participant id of the contractor whose video it was drawn on (a clear: whose marks it took away); null from
 * an older signaling and for marks kept before marks named their video.
 */
public record Annotation(String at, String by, String role, String shape, List<List<Integer>> points, String color, String label,
                         String target) {
    public Annotation {
        points = points == null ? List.of() : List.copyOf(points);
    }
}
