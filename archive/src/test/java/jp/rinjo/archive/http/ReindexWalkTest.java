package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.archive.testing.ListingSpy;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;

/**
 * Rebuilding the index reads the store level by level down to each session's own level: it never
 * lists the whole store nor any segment key, so its memory does not grow with the number of
 * objects (a 30-minute inspection alone is thousands of segments). It still finds every manifest
 * and every session that has segments but no manifest.
 */
class ReindexWalkTest {
    static final String SESSION_PREFIX = "(contracts/[^/]+/)?sessions/ses_[0-9a-z]{20}/";
    @TempDir
    Path dir;

    @Test
    void theReindexFindsManifestsAndUnsealedSessionsWithoutListingTheStoreOrAnySegment() throws Exception {
        ListingSpy store = new ListingSpy(new FilesystemEvidenceStore(dir.resolve("store")));
        try (ArchiveScenario sc = new ArchiveScenario(dir, store)) {
            SessionId unsealed = SessionId.random();
            byte[] bytes = {1, 2, 3};
            Path segment = Files.write(dir.resolve("orphan.seg"), bytes);
            store.put("contracts/R8河川第1号/sessions/" + unsealed.value() + "/tracks/trk_0123456789abcdefghjk/0.seg", segment,
                    Sha256.digest(bytes), PutOptions.of(PutOptions.SEGMENT_TYPE));
            sc.archive.index().delete(sc.sessionId);
            store.clear();

            JsonObject report = sc.json("POST", "/api/archive/reindex", sc.token("admin"), null, 200);
            assertThat(report.getInteger("manifests")).isEqualTo(1);
            assertThat(report.getInteger("inserted")).isEqualTo(1);
            assertThat(report.getInteger("unsealed")).isEqualTo(1);
            assertThat(report.getJsonArray("problems").encode()).contains("sessions/" + unsealed.value() + ": segments but no manifest");
            assertThat(sc.json("GET", sc.recordingPath(), sc.token("inspector1"), null, 200).getJsonArray("renditions")).hasSize(1);

            // whole listings only of one sealed session (to index it); one level at a time everywhere else
            assertThat(store.listed).isNotEmpty().allSatisfy(p -> assertThat(p).matches(SESSION_PREFIX));
            assertThat(store.children).isNotEmpty().noneSatisfy(k -> assertThat(k).endsWith(".seg"));
        }
    }
}
