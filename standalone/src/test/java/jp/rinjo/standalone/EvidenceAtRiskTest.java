package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.standalone.browser.RemoteNodeSettings;

/**
 * A session folder set aside in a recorder's spool (files in no seal and not in the evidence store)
 * is what an operator sees on {@code /health} and {@code /metrics} of a separate media node and of
 * the standalone, from the folders in the spool: one left by an earlier run, one set aside while it
 * runs, and gone once the operator has moved it away. Readiness stays UP: new sessions are recorded.
 */
class EvidenceAtRiskTest {
    private static final String NOTE = "the recorder could not recover this session directory at start: journal empty";

    @TempDir
    Path dir;

    @Test
    void aSeparateMediaNodeNamesItsSetAsideFoldersUntilTheOperatorMovesThemAway() throws Exception {
        String earlier = SessionId.random().value();
        Path spool = dir.resolve("node/spool");
        Path aside = setAside(spool, earlier, "20260105T013000250Z", NOTE);
        ListAppender<ILoggingEvent> logged = capture();
        try (RedisServer redis = RedisServer.start();
             MediaNodeMain.Running node = MediaNodeMain.start(RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp()))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + node.control().port();

            JsonObject health = new JsonObject(get(http, base + "/health"));
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getBoolean("degraded")).isTrue();
            assertThat(health.getJsonObject("checks").getString("recording")).isEqualTo("UP");
            JsonArray atRisk = health.getJsonArray("evidenceAtRisk");
            assertThat(atRisk).hasSize(1);
            JsonObject entry = atRisk.getJsonObject(0);
            assertThat(entry.getString("session")).isEqualTo(earlier);
            assertThat(entry.getString("where")).isEqualTo(aside.toAbsolutePath().toString());
            assertThat(entry.getJsonObject("since").getString("utc")).isEqualTo("2026-01-05T01:30:00.250Z");
            assertThat(entry.getJsonObject("since").getString("jst")).isEqualTo("2026-01-05T10:30:00.25+09:00");
            assertThat(entry.getJsonObject("since").getString("display")).isEqualTo("2026-01-05 10:30 JST");
            assertThat(entry.getString("why")).isEqualTo(NOTE);
            assertThat(get(http, base + "/metrics")).contains("\nrinjo_recording_set_aside_sessions 1\n");
            synchronized (logged) {
                assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                        .as("the start names it once, with what to do").filteredOn(m -> m.contains(earlier)).singleElement()
                        .asString().contains(aside.toString()).contains(NOTE).contains("./rinjo seal-lost " + earlier);
            }

            // set aside while the node runs (by a seal that kept files the store refused): the spool is read, not the start's memory
            String running = SessionId.random().value();
            setAside(spool, running, "20260105T020000000Z", "session " + running + " is sealed, but 1 of its spool files never "
                    + "reached the evidence store");
            Poll.until("the second folder on /health", () -> atRisk(http, base).size() == 2);
            assertThat(atRisk(http, base).stream().map(o -> ((JsonObject) o).getString("session"))).containsExactly(earlier, running);
            assertThat(get(http, base + "/metrics")).contains("\nrinjo_recording_set_aside_sessions 2\n");

            // the operator keeps both where evidence is kept: nothing is at risk any more
            Path kept = Files.createDirectories(dir.resolve("kept"));
            try (var folders = Files.list(spool)) {
                for (Path p : folders.filter(p -> p.getFileName().toString().contains(".set-aside-")).toList()) {
                    Files.move(p, kept.resolve(p.getFileName()));
                }
            }
            Poll.until("nothing at risk on /health", () -> atRisk(http, base).isEmpty());
            assertThat(new JsonObject(get(http, base + "/health")).getBoolean("degraded")).isFalse();
            assertThat(get(http, base + "/metrics")).contains("\nrinjo_recording_set_aside_sessions 0\n");
        } finally {
            release(logged);
        }
    }

    @Test
    void theStandaloneTellsItOnItsHealthAndMetricsAndStaysReady() throws Exception {
        String session = SessionId.random().value();
        Path aside = setAside(dir.resolve("spool"), session, "20260105T013000250Z", NOTE);
        Settings settings = Settings.load(null, Map.of(), new Properties(), StandaloneOptions.DEFAULTS)
                .with("media.udp-port", "0").with("data.dir", dir.toString()).with("http.port", "0");
        Main.Running running = Main.start(settings, Clock.systemUTC());
        try {
            var response = StandaloneTest.get(running, "/health", null);
            assertThat(response.statusCode()).as("still ready: it records new sessions").isEqualTo(200);
            JsonObject health = response.bodyAsJsonObject();
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getBoolean("degraded")).isTrue();
            JsonObject entry = health.getJsonArray("evidenceAtRisk").getJsonObject(0);
            assertThat(entry.getString("session")).isEqualTo(session);
            assertThat(entry.getString("where")).isEqualTo(aside.toAbsolutePath().toString());
            assertThat(entry.getJsonObject("since").getString("utc")).isEqualTo("2026-01-05T01:30:00.250Z");
            assertThat(entry.getJsonObject("since").getString("display")).isEqualTo("2026-01-05 10:30 JST");
            assertThat(entry.getString("why")).isEqualTo(NOTE);
            assertThat(StandaloneTest.get(running, "/metrics", null).bodyAsString()).contains("\nrinjo_recording_set_aside_sessions 1.0\n");

            deleteTree(aside);
            Poll.until("nothing at risk on /health", () -> {
                try {
                    return StandaloneTest.get(running, "/health", null).bodyAsJsonObject().getJsonArray("evidenceAtRisk").isEmpty();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(StandaloneTest.get(running, "/health", null).bodyAsJsonObject().getBoolean("degraded")).isFalse();
            assertThat(StandaloneTest.get(running, "/metrics", null).bodyAsString()).contains("\nrinjo_recording_set_aside_sessions 0.0\n");
        } finally {
            running.stop();
        }
    }

    /** A folder as the spool sets one aside: named with the UTC time, with the note saying why, and a file it kept. */
    private static Path setAside(Path spool, String session, String stamp, String why) throws Exception {
        Path aside = Files.createDirectories(spool.resolve(session + ".set-aside-" + stamp));
        Files.writeString(aside.resolve("SET-ASIDE.txt"), why + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(aside.resolve("tracks/trk_1"));
        Files.write(aside.resolve("tracks/trk_1/0.seg"), new byte[] {1, 2, 3});
        return aside;
    }

    private static JsonArray atRisk(java.net.http.HttpClient http, String base) {
        try {
            return new JsonObject(get(http, base + "/health")).getJsonArray("evidenceAtRisk");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String get(java.net.http.HttpClient http, String url) throws Exception {
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("jp.rinjo.media.recording.spool.SetAsideWatch")).addAppender(logged);
        return logged;
    }

    private static void release(ListAppender<ILoggingEvent> logged) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("jp.rinjo.media.recording.spool.SetAsideWatch")).detachAppender(logged);
    }

    private static void deleteTree(Path p) throws Exception {
        try (var all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
