package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.standalone.browser.TestServer;

/**
 * An inspector who closes the browser instead of pressing 終了 leaves the session live. Once its
 * invitation links have expired (12 h after its window), the system closes it without a result,
 * and its recording is sealed and filed in the archive like any other; a session still within its
 * overrun stays live.
 */
class AbandonedSessionTest {
    @TempDir
    Path dir;

    @Test
    void aLiveSessionNobodyEndedIsClosedWhenItsLinksExpireAndItsRecordingReachesTheArchive() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("sessions.abandoned-check", "200ms"))) {
            String admin = server.loginAdmin();
            String abandoned = server.scheduleSessionNow(admin, "ABANDONED-1");
            String overrunning = server.scheduleSessionNow(admin, "OVERRUN-1");
            server.goLive(admin, abandoned);
            server.goLive(admin, overrunning);
            // the first was held yesterday and nobody ended it; the second's window ended an hour ago
            Instant now = Instant.now();
            moveWindow(server, abandoned, now.minus(Duration.ofHours(14)), now.minus(Duration.ofHours(13)));
            moveWindow(server, overrunning, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));

            Poll.until("the abandoned session is closed", Duration.ofSeconds(30),
                    () -> "ENDED".equals(session(server, admin, abandoned).getString("status")));
            JsonObject closed = session(server, admin, abandoned);
            assertThat(closed.getJsonObject("result").getString("kind")).isEqualTo("LAPSED");
            assertThat(closed.getJsonObject("result").getString("label")).isEqualTo("結果未記録（自動終了）");
            assertThat(closed.getJsonObject("endedAt").getString("display")).as("when it was closed").endsWith("JST");

            Path manifest = SealedInspectionTest.awaitManifest(dir, abandoned);
            assertThat(new ObjectMapper().readTree(manifest.toFile()).path("inspection").path("contractNo").asText()).isEqualTo("ABANDONED-1");
            Poll.until("the archive lists the recording", Duration.ofSeconds(30),
                    () -> !get(server, admin, "/api/archive/recordings?q=ABANDONED-1").getJsonArray("items").isEmpty());
            JsonArray items = server.call(HttpMethod.GET, "/api/archive/recordings?q=ABANDONED-1", admin, null, 200).getJsonArray("items");
            assertThat(items.getJsonObject(0).getString("result")).isEqualTo("LAPSED");

            // the sweep has run many times by now (every 200 ms): the overrunning session is still live
            assertThat(session(server, admin, overrunning).getString("status")).isEqualTo("LIVE");
            assertThat(server.call(HttpMethod.POST, "/api/sessions/" + overrunning + "/end", admin,
                    new JsonObject().put("result", "LAPSED"), 400).getJsonObject("error").getString("message")).contains("system");
        }
    }

    @Test
    void aScheduledSessionTheContractorWaitedInAloneIsClosedAndItsRecordingReachesTheArchive() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("sessions.abandoned-check", "200ms"))) {
            String admin = server.loginAdmin();
            String waited = server.scheduleSessionNow(admin, "WAITED-1");
            String nobody = server.scheduleSessionNow(admin, "NOBODY-1");
            // yesterday the contractor joined and streamed; no inspector came, nobody moved or cancelled it
            server.running().scheduling().sessions().recordAttendance(SessionId.of(waited), jp.rinjo.common.id.ParticipantId.random(),
                    "現場代理人 山田", jp.rinjo.scheduling.invitation.ParticipantRole.CONTRACTOR);
            Instant now = Instant.now();
            for (String id : new String[] {waited, nobody}) {
                int rows = server.running().scheduling().database().jdbc().update(
                        "UPDATE inspection_sessions SET window_start = ?, window_end = ? WHERE id = ?",
                        now.minus(Duration.ofHours(14)), now.minus(Duration.ofHours(13)), SessionId.of(id).value());
                assertThat(rows).isEqualTo(1);
            }

            Poll.until("the session the contractor waited in is closed", Duration.ofSeconds(30),
                    () -> "ENDED".equals(session(server, admin, waited).getString("status")));
            assertThat(session(server, admin, waited).getJsonObject("result").getString("kind")).isEqualTo("LAPSED");
            Path manifest = SealedInspectionTest.awaitManifest(dir, waited);
            assertThat(new ObjectMapper().readTree(manifest.toFile()).path("participants").toString()).contains("現場代理人 山田");
            Poll.until("the archive lists the recording", Duration.ofSeconds(30),
                    () -> !get(server, admin, "/api/archive/recordings?q=WAITED-1").getJsonArray("items").isEmpty());
            // nobody joined the other: nothing to seal, and it can still be moved to another day
            assertThat(session(server, admin, nobody).getString("status")).isEqualTo("SCHEDULED");
        }
    }

    @Test
    void aSessionClosedWhoseSealWasNeverAskedForIsSealedByTheNextSweep() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("sessions.abandoned-check", "200ms"))) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "UNASKED-1");
            server.goLive(admin, session);
            // ended five minutes ago, and the request to seal it was never written down (a database error at the time)
            int rows = server.running().scheduling().database().jdbc().update("UPDATE inspection_sessions SET status = 'ENDED', "
                    + "result_kind = 'PASS', ended_at = ?, version = version + 1 WHERE id = ?", Instant.now().minus(Duration.ofMinutes(5)),
                    session);
            assertThat(rows).isEqualTo(1);

            Path manifest = SealedInspectionTest.awaitManifest(dir, session);
            assertThat(new ObjectMapper().readTree(manifest.toFile()).path("inspection").path("result").asText()).isEqualTo("PASS");
            assertThat(server.running().scheduling().database().jdbc().queryOne(
                    "SELECT 1 FROM session_seal_requests WHERE session_id = ?", rs -> rs.getInt(1), SessionId.of(session))).isPresent();
        }
    }

    private static JsonObject session(TestServer server, String admin, String id) {
        return get(server, admin, "/api/sessions/" + id);
    }

    private static JsonObject get(TestServer server, String admin, String path) {
        try {
            return server.call(HttpMethod.GET, path, admin, null, 200);
        } catch (Exception e) {
            throw new AssertionError(path, e);
        }
    }

    /** As if the session had been scheduled, and gone live, at another time (the API refuses windows in the past). */
    private static void moveWindow(TestServer server, String id, Instant start, Instant end) {
        int rows = server.running().scheduling().database().jdbc().update(
                "UPDATE inspection_sessions SET window_start = ?, window_end = ?, started_at = ? WHERE id = ?", start, end, start,
                SessionId.of(id).value());
        assertThat(rows).isEqualTo(1);
    }
}
