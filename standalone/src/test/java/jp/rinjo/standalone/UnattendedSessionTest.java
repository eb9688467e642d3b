package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.standalone.browser.TestServer;

/**
 * A session nobody conducted (cancelled, or ended with a result found on site before anyone led the
 * call) leaves no signed "recording" in the archive: an auditor would take it for evidence of an
 * inspection that never took place, and retention would keep it for ten years.
 */
class UnattendedSessionTest {
    @TempDir
    Path dir;

    @Test
    void aCancelledSessionAndOneEndedBeforeItWentLiveLeaveNothingInTheArchive() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String cancelled = server.scheduleSessionNow(admin, "UNATTENDED-1");
            String endedOnSite = server.scheduleSessionNow(admin, "UNATTENDED-2");
            String conducted = server.scheduleSessionNow(admin, "CONDUCTED-1");
            server.goLive(admin, conducted);

            server.call(HttpMethod.POST, "/api/sessions/" + cancelled + "/cancel", admin, null, 200);
            JsonObject ended = server.call(HttpMethod.POST, "/api/sessions/" + endedOnSite + "/end", admin,
                    new JsonObject().put("result", "PASS").put("note", "現地で確認"), 200);
            assertThat(ended.getValue("startedAt")).as("it never started").isNull();
            server.call(HttpMethod.POST, "/api/sessions/" + conducted + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            // the one that went live is put to its media node, which answers (sealed, or nothing recorded)
            Poll.until("the media node has answered for the session that went live", Duration.ofSeconds(30),
                    () -> sealOutcome(server, conducted).isPresent());

            for (String session : new String[] {cancelled, endedOnSite}) {
                assertThat(sealRequested(server, session)).as("a seal was asked for %s", session).isFalse();
            }
            assertThat(dir.resolve("evidence/contracts/UNATTENDED-1")).doesNotExist();
            assertThat(dir.resolve("evidence/contracts/UNATTENDED-2")).doesNotExist();
            assertThat(server.call(HttpMethod.GET, "/api/archive/recordings?q=UNATTENDED", admin, null, 200).getJsonArray("items"))
                    .isEmpty();
        }
    }

    /** Whether signaling ever asked a media node to seal the session (it notes that before asking). */
    private static boolean sealRequested(TestServer server, String session) {
        return server.running().scheduling().database().jdbc().queryOne("SELECT 1 FROM session_seal_requests WHERE session_id = ?",
                rs -> rs.getInt(1), jp.rinjo.common.id.SessionId.of(session)).isPresent();
    }

    /** The finished seal request's outcome; empty while none was made or it is still open. */
    private static Optional<String> sealOutcome(TestServer server, String session) {
        return server.running().scheduling().database().jdbc().queryOne(
                "SELECT outcome FROM session_seal_requests WHERE session_id = ? AND finished_at IS NOT NULL",
                rs -> rs.getString(1), jp.rinjo.common.id.SessionId.of(session));
    }
}
