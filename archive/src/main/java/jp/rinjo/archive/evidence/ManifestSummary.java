package jp.rinjo.archive.evidence;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.archive.index.ParticipantEntry;
import jp.rinjo.media.recording.evidence.Manifest;

/**
 * What the archive reads from a sealed session's {@code manifest.json} (format in
 * media-recorder's EVIDENCE.md): enough to index it and draw its timeline. Reading is not
 * verifying: {@code Verifier} does that.
 */
public record ManifestSummary(String sessionId, String objectPrefix, Instant created, Instant sealed, List<ParticipantEntry> participants,
                              List<Track> tracks, List<Segment> segments, List<Gap> gaps, List<Map<String, Object>> markers,
                              List<Map<String, Object>> stills, String signingKeyId, boolean timestamped,
                              Optional<SignedInspection> inspection, List<Map<String, Object>> annotations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The manifest's signed {@code inspection} object (absent from manifests sealed before it existed, or
     * by {@code seal-lost}); any field but the contract number may be null.
     */
    public record SignedInspection(String contractNo, String contractName, String contractor, String department, String type,
                                   String scheduledStart, String scheduledEnd, String place, String inspectorName, String result) {
    }

    public record Track(String id, String participant, String kind, String codec, long firstWallMicros, long lastWallMicros, long segments) {
    }

    public record Segment(String track, long sequence, long startWallMicros, long endWallMicros) {
    }

    /** @param type {@code gap} (packets not recorded) or {@code interruption} (recorder stopped) */
    public record Gap(String type, String track, long fromWallMicros, long toWallMicros, String reason) {
    }

    public static ManifestSummary parse(byte[] manifest) throws IOException {
        JsonNode root = JSON.readTree(manifest);
        if (root == null || !Manifest.FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a Rinjo manifest (format " + (root == null ? "none" : root.path("format").asText()) + ")");
        }
        List<ParticipantEntry> participants = new ArrayList<>();
        root.path("participants").forEach(p -> participants.add(new ParticipantEntry(p.path("id").asText(),
                p.path("displayName").isTextual() ? p.path("displayName").asText() : null,
                p.path("role").isTextual() ? p.path("role").asText() : null)));
        List<Track> tracks = new ArrayList<>();
        root.path("tracks").forEach(t -> tracks.add(new Track(t.path("id").asText(), t.path("participant").asText(), t.path("kind").asText(),
                t.path("codec").path("name").asText(), t.path("firstWallMicros").asLong(), t.path("lastWallMicros").asLong(),
                t.path("segments").asLong())));
        List<Segment> segments = new ArrayList<>();
        root.path("segments").forEach(s -> segments.add(new Segment(s.path("track").asText(), s.path("sequence").asLong(),
                s.path("startWallMicros").asLong(), s.path("endWallMicros").asLong())));
        List<Gap> gaps = new ArrayList<>();
        root.path("gaps").forEach(g -> gaps.add(new Gap(g.path("type").asText(), g.path("track").asText(), g.path("fromWallMicros").asLong(),
                g.path("toWallMicros").asLong(), g.path("reason").asText(""))));
        return new ManifestSummary(root.path("session").path("id").asText(), root.path("session").path("objectPrefix").asText(),
                micros(root.path("session").path("createdWallMicros").asLong()), micros(root.path("sealedAt").path("wallMicros").asLong()),
                participants, tracks, segments, gaps, list(root.path("markers")), list(root.path("stills")),
                root.path("signature").path("keyId").asText(""), root.path("timestamp").isObject(), inspection(root.path("inspection")),
                list(root.path("annotations"))); // absent from manifests sealed before annotations were kept: none
    }

    private static Optional<SignedInspection> inspection(JsonNode i) {
        if (!i.isObject() || !i.path("contractNo").isTextual() || i.path("contractNo").asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SignedInspection(i.path("contractNo").asText(), text(i, "contractName"), text(i, "contractor"),
                text(i, "department"), text(i, "type"), text(i, "scheduledStart"), text(i, "scheduledEnd"), text(i, "place"),
                text(i, "inspectorName"), text(i, "result")));
    }

    private static String text(JsonNode object, String field) {
        return object.path(field).isTextual() ? object.path(field).asText() : null;
    }

    /** The first and last recorded packet over all tracks; the session's creation and seal when nothing was recorded. */
    public Instant recordedFrom() {
        return tracks.stream().filter(t -> t.segments() > 0).mapToLong(Track::firstWallMicros).min().stream()
                .mapToObj(ManifestSummary::micros).findFirst().orElse(created);
    }

    public Instant recordedTo() {
        Instant to = tracks.stream().filter(t -> t.segments() > 0).mapToLong(Track::lastWallMicros).max().stream()
                .mapToObj(ManifestSummary::micros).findFirst().orElse(sealed);
        return to.isBefore(recordedFrom()) ? recordedFrom() : to;
    }

    public static Instant micros(long wallMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(wallMicros, 1_000_000L), Math.floorMod(wallMicros, 1_000_000L) * 1000L);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(JsonNode array) {
        List<Map<String, Object>> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isObject() ? JSON.convertValue(n, Map.class) : Map.of("value", JSON.convertValue(n, Object.class))));
        return out;
    }
}
