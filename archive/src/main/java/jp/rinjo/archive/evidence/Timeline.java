package jp.rinjo.archive.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jp.rinjo.archive.index.ParticipantEntry;
import jp.rinjo.media.recording.evidence.NothingReceived;

/**
 * A recording drawn over time: per track the spans that were recorded (consecutive segments
 * merged; a hole where the track sent nothing, e.g. the publisher had left), the gaps and
 * interruptions the segments themselves record, and the markers, stills and annotations (what was pointed
 * at on the live video) of the manifest. Times are the media node's receive times in µs since the epoch;
 * an annotation's is signaling's, which relayed it.
 */
public record Timeline(long startWallMicros, long endWallMicros, List<Lane> lanes, List<ManifestSummary.Gap> gaps, List<Mark> markers,
                       List<Mark> stills, List<SignedAnnotation> annotations) {
    /** Segments further apart than this are drawn as a hole: the verifier's NOTHING RECEIVED, by the same threshold. */
    static final long JOIN_MICROS = NothingReceived.MIN_MICROS;

    public record Lane(String trackId, String participantId, String participantName, String kind, List<Span> recorded) {
    }

    public record Span(long fromWallMicros, long toWallMicros) {
    }

    /** @param atWallMicros 0 when the item names no time the archive understands */
    public record Mark(long atWallMicros, String label, Map<String, Object> data) {
    }

    public static Timeline of(ManifestSummary m) {
        long start = micros(m.recordedFrom());
        long end = micros(m.recordedTo());
        List<Lane> lanes = new ArrayList<>();
        for (ManifestSummary.Track t : m.tracks()) {
            List<Span> spans = new ArrayList<>();
            m.segments().stream().filter(s -> s.track().equals(t.id()))
                    .sorted(Comparator.comparingLong(ManifestSummary.Segment::sequence))
                    .forEach(s -> {
                        Span last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
                        if (last != null && s.startWallMicros() - last.toWallMicros() <= JOIN_MICROS) {
                            spans.set(spans.size() - 1, new Span(last.fromWallMicros(), Math.max(last.toWallMicros(), s.endWallMicros())));
                        } else {
                            spans.add(new Span(s.startWallMicros(), s.endWallMicros()));
                        }
                    });
            String name = m.participants().stream().filter(p -> p.id().equals(t.participant())).map(ParticipantEntry::displayName)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            lanes.add(new Lane(t.id(), t.participant(), name, t.kind(), spans));
        }
        lanes.sort(Comparator.comparing(Lane::participantId).thenComparing(Lane::kind, Comparator.reverseOrder()).thenComparing(Lane::trackId));
        return new Timeline(start, end, lanes, m.gaps(), marks(m.markers()), marks(m.stills()),
                SignedAnnotation.of(m.annotations(), start, m.participants()));
    }

    private static List<Mark> marks(List<Map<String, Object>> items) {
        return items.stream().map(i -> new Mark(time(i), label(i), i)).toList();
    }

    /** Markers and stills are written by the in-call tools; their time is taken from the fields those use. */
    private static long time(Map<String, Object> item) {
        // a remote still: when the server received it (EVIDENCE.md, Remote stills)
        if (item.get("takenAt") instanceof Map<?, ?> taken && taken.get("wallMicros") instanceof Number n) {
            return n.longValue();
        }
        for (String k : List.of("atWallMicros", "wallMicros", "timeWallMicros")) {
            if (item.get(k) instanceof Number n) {
                return n.longValue();
            }
        }
        for (String k : List.of("at", "time", "utc")) {
            if (item.get(k) instanceof String s) {
                try {
                    return micros(Instant.parse(s));
                } catch (java.time.format.DateTimeParseException e) {
                    // not a time: keep looking
                }
            }
        }
        return 0;
    }

    private static String label(Map<String, Object> item) {
        for (String k : List.of("label", "text", "note", "title", "name")) {
            if (item.get(k) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
