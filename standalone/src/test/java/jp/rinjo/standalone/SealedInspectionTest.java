package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.standalone.browser.RemoteNodeSettings;
import jp.rinjo.standalone.browser.TestServer;

/**
 * The signed manifest says which inspection it records (contract, type, scheduled window, place,
 * inspector) as the scheduling database knows it, whether the session's media node runs in process
 * or as another process; a remote node, which cannot resolve contracts, still files under
 * {@code sessions/{id}} but names the contract in what it signs.
 */
class SealedInspectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void theInProcessNodeSignsWhichInspectionItRecorded() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "R8道路第12号");
            server.goLive(admin, session); // someone joined
            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);

            Path manifest = awaitManifest(dir, session);
            assertThat(dir.relativize(manifest).toString()).contains("contracts/R8道路第12号/sessions/" + session);
            assertInspection(JSON.readTree(manifest.toFile()).path("inspection"),
                    server.running().scheduling().sessions().record(SessionId.of(session)).orElseThrow());
        }
    }

    @Test
    void aRemoteNodeSignsTheContractAlthoughItFilesUnderTheSessionAlone() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Settings media = RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp());
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 TestServer server = TestServer.start(dir.resolve("signaling"), Map.of("media.mode", "remote",
                         "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET))) {
                String admin = server.loginAdmin();
                String session = server.scheduleSessionNow(admin, "R7河川第3号");
                server.goLive(admin, session);
                server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);

                Path manifest = dir.resolve("node/evidence/sessions").resolve(session).resolve("manifest.json");
                Poll.until("the remote node has sealed the session", Duration.ofSeconds(30), () -> Files.exists(manifest));
                JsonNode m = JSON.readTree(manifest.toFile());
                assertThat(m.path("session").path("objectPrefix").asText()).isEqualTo("sessions/" + session);
                assertInspection(m.path("inspection"), server.running().scheduling().sessions().record(SessionId.of(session)).orElseThrow());
            }
        }
    }

    private static void assertInspection(JsonNode inspection, SessionService.SessionView scheduled) {
        assertThat(inspection.path("contractNo").asText()).isEqualTo(scheduled.contract().no().value());
        assertThat(inspection.path("contractName").asText()).isEqualTo("市道1号線舗装補修工事");
        assertThat(inspection.path("contractor").asText()).isEqualTo("株式会社 臨場建設");
        assertThat(inspection.path("department").asText()).isEqualTo(scheduled.contract().department());
        assertThat(inspection.path("type").asText()).isEqualTo("STAGE_CHECK");
        assertThat(inspection.path("typeLabel").asText()).isEqualTo("段階確認");
        assertThat(inspection.path("scheduledStart").asText()).isEqualTo(Jst.iso(scheduled.session().window().start())).endsWith("+09:00");
        assertThat(inspection.path("scheduledEnd").asText()).isEqualTo(Jst.iso(scheduled.session().window().end()));
        assertThat(inspection.path("place").asText()).isEqualTo("本町1丁目交差点");
        assertThat(inspection.path("inspectorName").asText()).isEqualTo(scheduled.inspectorName()).isNotBlank();
    }

    static Path awaitManifest(Path root, String session) {
        Path[] found = new Path[1];
        Poll.until("the session is sealed", Duration.ofSeconds(30), () -> {
            found[0] = find(root, session).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static Optional<Path> find(Path root, String session) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.endsWith(Path.of("sessions", session, "manifest.json"))).findFirst();
        } catch (java.io.IOException | java.io.UncheckedIOException e) { // a spool file moved while walking: look again
            return Optional.empty();
        }
    }
}
