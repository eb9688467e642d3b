package jp.rinjo.media.recording.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.common.id.StillId;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * A remote still as the spool journal and the manifest's {@code stills} list state it (EVIDENCE.md):
 * a JPEG the contractor's phone took at full camera resolution, stored as received.
 *
 * @param id                 {@code stl_…}; the file is {@code stills/{id}.jpg} below the session prefix
 * @param receivedWallMicros when the server received it (the node's wall clock): the time the evidence states
 * @param phoneCapturedAt    when the phone says it took it (ISO-8601, as reported, not checked): its own clock
 * @param participant        who took it ({@code par_…}) and their {@code role} in the session
 * @param request            the inspector's request it answers, or empty when the contractor took it unasked
 */
public record RecordedStill(StillId id, Sha256 sha256, long bytes, long receivedWallMicros, Optional<String> phoneCapturedAt,
                            String participant, String role, Optional<Integer> width, Optional<Integer> height,
                            Optional<String> request) {
    public RecordedStill {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(phoneCapturedAt, "phoneCapturedAt");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(request, "request");
    }

    /** Its file's path below the session prefix (also in an exported folder). */
    public String path() {
        return ObjectKeys.stillPath(id.value());
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.value());
        m.put("path", path());
        m.put("contentType", "image/jpeg");
        m.put("sha256", sha256.hex());
        m.put("bytes", bytes);
        m.put("takenAt", Map.of("wallMicros", receivedWallMicros, "utc", Manifest.utc(receivedWallMicros),
                "clock", "received by the server"));
        m.put("phoneCapturedAt", phoneCapturedAt.orElse(null));
        m.put("by", Map.of("participant", participant, "role", role));
        m.put("width", width.map(Integer::longValue).orElse(null));
        m.put("height", height.map(Integer::longValue).orElse(null));
        m.put("request", request.orElse(null));
        return m;
    }

    /** @throws IllegalArgumentException naming what is missing or malformed */
    public static RecordedStill of(JsonNode n) {
        StillId id;
        try {
            id = StillId.of(EvidenceJson.text(n, "id"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("field 'id' is not a still id");
        }
        JsonNode by = EvidenceJson.field(n, "by");
        return new RecordedStill(id, EvidenceJson.sha(n, "sha256"), EvidenceJson.number(n, "bytes"),
                EvidenceJson.number(EvidenceJson.field(n, "takenAt"), "wallMicros"), optionalText(n, "phoneCapturedAt"),
                EvidenceJson.text(by, "participant"), EvidenceJson.text(by, "role"), optionalInt(n, "width"), optionalInt(n, "height"),
                optionalText(n, "request"));
    }

    private static Optional<String> optionalText(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(EvidenceJson.text(n, name));
    }

    private static Optional<Integer> optionalInt(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of((int) EvidenceJson.number(n, name));
    }
}
