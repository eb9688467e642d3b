package jp.rinjo.media.recording;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.media.recording.evidence.EvidenceJson;
import jp.rinjo.media.recording.evidence.TimestampCheck;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * The answer of a seal that a previous process signed and spooled but did not finish uploading,
 * read back from its manifest (and time-stamp): a request that joins that seal after a restart
 * gets what the first request would have got. Reading is not verifying; the verifier does that.
 */
final class SpooledSeal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpooledSeal() {
    }

    /** @param files the seal files in the spool, by object name ({@link ObjectKeys#MANIFEST} …) */
    static SealResult read(Map<String, byte[]> files) throws IOException {
        byte[] manifest = files.get(ObjectKeys.MANIFEST);
        if (manifest == null) {
            throw new IOException("the spool holds seal files " + files.keySet() + " but no " + ObjectKeys.MANIFEST);
        }
        JsonNode root = JSON.readTree(manifest);
        JsonNode session = EvidenceJson.field(root, "session");
        List<String> problems = new ArrayList<>();
        EvidenceJson.field(root, "problems").forEach(p -> problems.add(p.asText()));
        Optional<Instant> stampedAt = Optional.empty();
        byte[] tsr = files.get(ObjectKeys.TIMESTAMP);
        if (tsr != null) {
            try {
                stampedAt = Optional.of(TimestampCheck.verify(tsr, manifest, Optional.empty()).genTime());
            } catch (TimestampCheck.Failure e) {
                problems.add("the spooled time-stamp does not match the manifest: " + e.getMessage());
            }
        }
        return new SealResult(EvidenceJson.text(session, "id"), EvidenceJson.text(session, "objectPrefix"), Sha256.digest(manifest),
                EvidenceJson.sha(EvidenceJson.field(root, "chain"), "head"), EvidenceJson.field(root, "tracks").size(),
                EvidenceJson.field(root, "segments").size(), EvidenceJson.field(root, "gaps").size(), stampedAt, problems);
    }
}
