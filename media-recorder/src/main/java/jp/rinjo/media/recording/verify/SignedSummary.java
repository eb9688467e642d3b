package jp.rinjo.media.recording.verify;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * What the signature covers, said to the auditor in the verifier's last lines: the contract and
 * inspection, the session, the recorded period (JST), the participants, how many annotations (指し示し)
 * and the manifest's SHA-256.
 * Every value comes from the signed manifest (printed quoted and escaped: a forged one must not garble
 * the report); the package's unsigned README may claim otherwise ({@link PackageIdentity}).
 */
final class SignedSummary {
    /** The subject of these findings; {@code verify --quiet} still prints them. */
    static final String SUBJECT = "signed";

    private SignedSummary() {
    }

    static void report(JsonNode root, List<RecordedSegment> segments, Sha256 manifestSha256, Findings f) {
        JsonNode inspection = root.path("inspection");
        Optional<String> contract = contractNo(root);
        if (inspection.isObject()) {
            f.info(Code.SIGNED_CONTRACT, SUBJECT, "contract " + text(inspection, "contractNo") + " " + text(inspection, "contractName")
                    + " (受注者 " + text(inspection, "contractor") + ", 担当課 " + text(inspection, "department") + ")",
                    values(inspection, "contractNo", "contractName", "contractor", "department"));
            Map<String, String> scheduled = values(inspection, "type", "place", "inspectorName");
            scheduled.putAll(Finding.params("scheduled", window(inspection)));
            f.info(Code.SIGNED_INSPECTION, SUBJECT, "inspection " + text(inspection, "typeLabel") + " (" + text(inspection, "type")
                    + "), scheduled " + window(inspection) + ", place " + text(inspection, "place") + ", inspector "
                    + text(inspection, "inspectorName"), scheduled);
            if (inspection.has("status")) { // manifests sealed before the outcome was signed have none of these fields
                Map<String, String> outcome = values(inspection, "status", "result", "resultLabel", "resultNote");
                outcome.putAll(Finding.params("ended", time(inspection.path("endedAt"))));
                f.info(Code.SIGNED_OUTCOME, SUBJECT, "outcome " + text(inspection, "status") + ", result " + text(inspection, "resultLabel")
                        + " (" + text(inspection, "result") + ")"
                        + (inspection.path("resultNote").isTextual() ? ", note " + text(inspection, "resultNote") : "")
                        + ", ended " + time(inspection.path("endedAt")), outcome);
            }
        } else {
            String why = inspection.isMissingNode() ? "it was sealed before manifests named it" : "whoever sealed it did not give it";
            f.info(Code.SIGNED_INSPECTION_UNNAMED, SUBJECT, "the manifest does not name the inspection (" + why + "); "
                    + contract.map(c -> "its object prefix files it under contract " + Messages.printable(c))
                    .orElse("nothing signed names its contract"), Finding.params("contractNo", contract.orElse(null)));
        }
        f.info(Code.SIGNED_SESSION, SUBJECT, "session " + text(root.path("session"), "id") + ", recorded " + period(segments),
                periodParams(root.path("session").path("id").asText(), segments));
        List<String> people = new ArrayList<>();
        root.path("participants").forEach(p -> people.add(p.path("displayName").isTextual()
                ? Messages.printable(p.path("displayName").asText()) + " (" + Messages.printable(p.path("role").asText()) + ")"
                : Messages.printable(p.path("id").asText()) + " (no name given)"));
        f.info(Code.SIGNED_PARTICIPANTS, SUBJECT, "participants " + (people.isEmpty() ? "none named" : String.join(", ", people)),
                Finding.params("count", people.size(), "names", String.join("\n", participantNames(root).values())));
        int annotations = root.path("annotations").size();
        f.info(Code.SIGNED_ANNOTATIONS, SUBJECT, "annotations " + annotations + " (what was pointed at on the live video, by whom and when)",
                Finding.params("count", annotations));
        f.info(Code.SIGNED_MANIFEST_HASH, SUBJECT, "manifest.json SHA-256 " + manifestSha256.hex() + " (what the signature and any time-stamp cover)",
                Finding.params("sha256", manifestSha256.hex()));
    }

    /** Participant id → display name, for those the signed manifest names (cut short as {@link Messages#printable} does, unquoted). */
    static Map<String, String> participantNames(JsonNode root) {
        Map<String, String> names = new LinkedHashMap<>();
        root.path("participants").forEach(p -> {
            if (p.path("id").isTextual() && p.path("displayName").isTextual()) {
                String quoted = Messages.printable(p.path("displayName").asText());
                names.put(p.path("id").asText(), quoted.substring(1, quoted.length() - 1));
            }
        });
        return names;
    }

    /** The contract the manifest signs: its inspection's, else the one its object prefix files it under. */
    static Optional<String> contractNo(JsonNode root) {
        JsonNode no = root.path("inspection").path("contractNo");
        if (no.isTextual()) {
            return Optional.of(no.asText());
        }
        String prefix = root.path("session").path("objectPrefix").asText();
        if (prefix.startsWith("contracts/") && prefix.indexOf("/sessions/") > "contracts/".length()) {
            return Optional.of(prefix.substring("contracts/".length(), prefix.indexOf("/sessions/")));
        }
        return Optional.empty();
    }

    private static Map<String, String> periodParams(String session, List<RecordedSegment> segments) {
        return Finding.params("session", session,
                "fromMicros", segments.isEmpty() ? null : segments.stream().mapToLong(RecordedSegment::startWallMicros).min().orElseThrow(),
                "toMicros", segments.isEmpty() ? null : segments.stream().mapToLong(RecordedSegment::endWallMicros).max().orElseThrow());
    }

    /** The named fields that are text, as they are (a page escapes what it shows). */
    private static Map<String, String> values(JsonNode n, String... fields) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (String field : fields) {
            if (n.path(field).isTextual()) {
                m.put(field, n.path(field).asText());
            }
        }
        return m;
    }

    private static String period(List<RecordedSegment> segments) {
        if (segments.isEmpty()) {
            return "nothing (no segments)";
        }
        long from = segments.stream().mapToLong(RecordedSegment::startWallMicros).min().orElseThrow();
        long to = segments.stream().mapToLong(RecordedSegment::endWallMicros).max().orElseThrow();
        return Messages.jst(from) + " – " + Messages.jst(to);
    }

    private static String window(JsonNode inspection) {
        return time(inspection.path("scheduledStart")) + " – " + time(inspection.path("scheduledEnd"));
    }

    private static String time(JsonNode iso) {
        if (!iso.isTextual()) {
            return "?";
        }
        try {
            return Jst.display(OffsetDateTime.parse(iso.asText()).toInstant());
        } catch (DateTimeParseException e) {
            return Messages.printable(iso.asText());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Messages.printable(v.asText()) : "(not given)";
    }
}
