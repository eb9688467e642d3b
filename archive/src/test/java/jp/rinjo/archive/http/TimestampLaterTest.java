package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;

/**
 * The time-stamping authority is down when the session is sealed: the manifest names it but has
 * no token, and the recording fails verification. Once an authority answers, an admin has the
 * sealed manifest time-stamped and the recording verifies; nobody else may, and not twice.
 */
class TimestampLaterTest {
    @TempDir
    Path dir;

    /** An authority nobody answers for: the port was free a moment ago and nothing listens there. */
    static TimestampClient down() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return new TimestampClient(URI.create("http://127.0.0.1:" + closedPort + "/tsa"), Duration.ofSeconds(1));
    }

    @Test
    void anAuthorityStillDownIsNamedAsTheCauseAndNothingIsStored() throws Exception {
        try (ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.of(down()),
                Optional.of(down()))) {
            String admin = sc.token("admin");
            var r = sc.call("POST", sc.recordingPath() + "/timestamp", admin, null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("timestamp-unavailable");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("time-stamping authority");
            assertThat(sc.folder().resolve("manifest.tsr")).doesNotExist();
            assertThat(sc.call("GET", "/api/archive/audit?session=" + sc.sessionId.value(), admin, null).bodyAsString())
                    .contains("\"TIMESTAMP\"").contains("\"FAILED\"");
        }
    }

    @Test
    void aManifestSealedWhileTheAuthorityWasDownIsTimeStampedLaterAndThenVerifies() throws Exception {
        TimestampClient down = down();
        try (TestTsa tsa = new TestTsa();
             ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.of(down),
                     Optional.of(tsa.client()))) {
            assertThat(sc.recorded.sealed.timestampTime()).isEmpty();
            String admin = sc.token("admin");
            String inspector = sc.token("inspector1");
            JsonObject before = sc.json("POST", sc.recordingPath() + "/verify", admin, null, 200);
            assertThat(before.getString("status")).as(before.encodePrettily()).isEqualTo("FAILED");
            assertThat(before.encode()).contains("manifest.tsr");

            assertThat(sc.call("POST", sc.recordingPath() + "/timestamp", inspector, null).statusCode()).isEqualTo(403);
            assertThat(tsa.requests()).isZero();

            JsonObject stamped = sc.json("POST", sc.recordingPath() + "/timestamp", admin, null, 200);
            assertThat(stamped.getString("authority")).isEqualTo(tsa.url().toString());
            assertThat(stamped.getString("stampedAt")).isNotBlank();
            assertThat(tsa.requests()).isEqualTo(1);
            assertThat(sc.folder().resolve("manifest.tsr")).exists();

            JsonObject after = sc.json("POST", sc.recordingPath() + "/verify", admin, null, 200);
            assertThat(after.getString("status")).as(after.encodePrettily()).isEqualTo("OK");
            assertThat(sc.call("POST", sc.recordingPath() + "/timestamp", admin, null).statusCode()).isEqualTo(409);
            assertThat(tsa.requests()).isEqualTo(1);
            assertThat(sc.call("GET", "/api/archive/audit?session=" + sc.sessionId.value(), admin, null).bodyAsString())
                    .contains("\"TIMESTAMP\"").contains("\"DENIED\"");
        }
    }

    @Test
    void aTokenAddedHoursAfterTheSealVerifiesAndTheOnlineVerificationSaysItCameLater() throws Exception {
        // stamped 3 h after the seal (half a minute more: genTime is whole seconds), what an outage that long leaves
        try (TestTsa later = new TestTsa("Rinjo Test TSA", false, Duration.ofHours(3).plusSeconds(30));
             ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.of(down()),
                     Optional.of(later.client()), Optional.of(later.certificate()))) {
            String admin = sc.token("admin");
            sc.json("POST", sc.recordingPath() + "/timestamp", admin, null, 200);
            JsonObject after = sc.json("POST", sc.recordingPath() + "/verify", admin, null, 200);
            assertThat(after.getString("status")).as(after.encodePrettily()).isEqualTo("OK");
            List<JsonObject> warnings = after.getJsonArray("findings").stream().map(JsonObject.class::cast)
                    .filter(f -> f.getString("severity").equals("WARNING") && f.getString("subject").equals("manifest.tsr")).toList();
            assertThat(warnings).as(after.encodePrettily()).singleElement().satisfies(f -> assertThat(f.getString("message"))
                    .startsWith("STAMPED LATER: the TSA stamped the manifest at ").contains("3 h 00 min after its sealedAt"));
        }
    }
}
