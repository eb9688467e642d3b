package jp.rinjo.archive.evidence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jp.rinjo.archive.index.ParticipantEntry;

/**
 * What someone pointed at on the live video (指し示し) as the recording's manifest signs it (media-recorder's
 * EVIDENCE.md, {@code annotations}), placed on the recording's time so that a player can draw it over the
 * video at its moment. Only what the manifest says: the archive shows evidence, not the live session's table.
 *
 * @param at           the signed instant, as written (ISO-8601, UTC); null when the manifest has none
 * @param atWallMicros that instant in µs since the epoch; 0 when the manifest names no time the archive reads
 * @param offsetMicros from the recording's start (its first recorded packet) to {@code atWallMicros}; null
 *                     without a time, negative for a mark made before anything was recorded
 * @param byName       the display name the manifest gives the participant {@code by}, or null
 * @param shape        {@code pointer}, {@code line}, {@code arrow}, {@code circle}, {@code rect}, {@code text} or
 *                     {@code clear} (which took the marks before it away)
 * @param points       [x, y] in ten-thousandths of the video frame's width and height from its top-left corner, as
 *                     signed; a pair that is not two integers 0..10000 is left out (none for {@code clear})
 * @param target       the participant id of the contractor whose video it was drawn on (a clear: whose marks it took
 *                     away), or null: a manifest sealed before marks named their video, whose marks a player draws over
 *                     the first contractor's video as the call then did
 * @param targetName   the display name the manifest gives {@code target}, or null
 */
public record SignedAnnotation(String at, long atWallMicros, Long offsetMicros, String by, String byName, String role, String shape,
                               List<List<Integer>> points, String color, String label, String target, String targetName) {
    static final int FRAME = 10_000;

    static List<SignedAnnotation> of(List<Map<String, Object>> items, long recordingStartWallMicros, List<ParticipantEntry> participants) {
        List<SignedAnnotation> out = new ArrayList<>(items.size());
        for (Map<String, Object> i : items) {
            String at = text(i.get("at"));
            long wall = wallMicros(at);
            String by = text(i.get("by"));
            String target = text(i.get("target"));
            out.add(new SignedAnnotation(at, wall, wall == 0 ? null : wall - recordingStartWallMicros, by, nameOf(by, participants),
                    text(i.get("role")), text(i.get("shape")), points(i.get("points")), text(i.get("color")), text(i.get("label")), target,
                    nameOf(target, participants)));
        }
        return List.copyOf(out);
    }

    private static String nameOf(String id, List<ParticipantEntry> participants) {
        return id == null ? null : participants.stream().filter(p -> p.id().equals(id)).map(ParticipantEntry::displayName)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    private static long wallMicros(String at) {
        if (at == null) {
            return 0;
        }
        try {
            return Timeline.micros(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return 0; // listed without a moment: the page shows it but cannot place it
        }
    }

    private static List<List<Integer>> points(Object v) {
        List<List<Integer>> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof List<?> xy && xy.size() == 2 && inFrame(xy.get(0)) && inFrame(xy.get(1))) {
                    out.add(List.of(((Number) xy.get(0)).intValue(), ((Number) xy.get(1)).intValue()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean inFrame(Object v) {
        return (v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= 0 && ((Number) v).longValue() <= FRAME;
    }
}
