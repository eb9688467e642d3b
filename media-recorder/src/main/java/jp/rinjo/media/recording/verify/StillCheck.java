package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * The remote stills the signed manifest lists: each must be in the folder at its path with the size and
 * SHA-256 the manifest states, like a segment. Their count is said among the {@code signed:} lines.
 */
final class StillCheck {
    private StillCheck() {
    }

    static void check(Path folder, JsonNode root, Findings f) throws IOException {
        int listed = 0;
        int verified = 0;
        for (JsonNode n : root.path("stills")) {
            listed++;
            RecordedStill still;
            try {
                still = RecordedStill.of(n);
            } catch (IllegalArgumentException e) {
                f.error(Code.MANIFEST_ENTRY_MALFORMED, ObjectKeys.MANIFEST, "manifest.json lists a still malformed: " + e.getMessage());
                continue;
            }
            if (!still.path().equals(n.path("path").asText())) {
                f.error(Code.MANIFEST_ENTRY_MALFORMED, ObjectKeys.MANIFEST, "manifest.json lists still " + still.id() + " at "
                        + Messages.printable(n.path("path").asText()) + ", not at " + still.path());
                continue;
            }
            Path file = folder.resolve(still.path());
            String when = Messages.jst(still.receivedWallMicros());
            if (!Files.isRegularFile(file)) {
                f.error(Code.STILL_MISSING, still.path(), "still " + still.id() + " (received " + when + ") is missing",
                        Finding.params("still", still.id().value(), "atMicros", still.receivedWallMicros(), "participant",
                                still.participant()));
                continue;
            }
            long size = Files.size(file);
            Sha256 sha = Sha256.ofFile(file);
            if (size != still.bytes() || !sha.equals(still.sha256())) {
                f.error(Code.STILL_ALTERED, still.path(), "still " + still.id() + " (received " + when + ") was altered or replaced: "
                        + size + " bytes, SHA-256 " + sha.hex() + "; the manifest states " + still.bytes() + " bytes, SHA-256 "
                        + still.sha256().hex(), Finding.params("still", still.id().value(), "atMicros", still.receivedWallMicros(),
                                "participant", still.participant()));
                continue;
            }
            verified++;
        }
        f.info(Code.SIGNED_STILLS, SignedSummary.SUBJECT, "stills " + listed + (listed == 0 ? "" : " (" + verified + " verified)"),
                Finding.params("count", listed, "verified", verified));
    }
}
