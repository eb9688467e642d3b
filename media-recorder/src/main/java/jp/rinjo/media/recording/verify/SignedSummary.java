package jp.rinjo.media.recording.verify;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.format.Sha256;

/**
 * What the signature covers, said to the auditor in the verifier's last lines: the contract and
 * inspection, the session, the recorded period (JST), the participants and the manifest's SHA-256.
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
            f.info(SUBJECT, "contract " + text(inspection, "contractNo") + " " + text(inspection, "contractName") + " (受注者 "
                    + text(inspection, "contractor") + ", 担当課 " + text(inspection, "department") + ")");
            f.info(SUBJECT, "inspection " + text(inspection, "typeLabel") + " (" + text(inspection, "type") + "), scheduled "
                    + window(inspection) + ", place " + text(inspection, "place") + ", inspector " + text(inspection, "inspectorName"));
            if (inspection.has("status")) { // manifests sealed before the outcome was signed have none of these fields
                f.info(SUBJECT, "outcome " + text(inspection, "status") + ", result " + text(inspection, "resultLabel") + " ("
                        + text(inspection, "result") + ")" + (inspection.path("resultNote").isTextual() ? ", note " + text(inspection, "resultNote") : "")
                        + ", ended " + time(inspection.path("endedAt")));
            }
        } else {
            String why = inspection.isMissingNode() ? "it was sealed before manifests named it" : "whoever sealed it did not give it";
            f.info(SUBJECT, "the manifest does not name the inspection (" + why + "); "
                    + contract.map(c -> "its object prefix files it under contract " + Messages.printable(c))
                    .orElse("nothing signed names its contract"));
        }
        f.info(SUBJECT, "session " + text(root.path("session"), "id") + ", recorded " + period(segments));
        List<String> people = new ArrayList<>();
        root.path("participants").forEach(p -> people.add(p.path("displayName").isTextual()
                ? Messages.printable(p.path("displayName").asText()) + " (" + Messages.printable(p.path("role").asText()) + ")"
                : Messages.printable(p.path("id").asText()) + " (no name given)"));
        f.info(SUBJECT, "participants " + (people.isEmpty() ? "none named" : String.join(", ", people)));
        f.info(SUBJECT, "manifest.json SHA-256 " + manifestSha256.hex() + " (what the signature and any time-stamp cover)");
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
