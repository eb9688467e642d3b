package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.common.config.Settings;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.scheduling.annotation.SessionAnnotations;
import jp.rinjo.standalone.browser.RemoteNodeSettings;
import jp.rinjo.standalone.browser.TestServer;

/**
 * What the inspector pointed at during the call, and when, is signed with the recording: every
 * annotation relayed in the session is kept, told to the media node when the session ends (in
 * process, or over the control API to another process) and listed in the manifest's
 * {@code annotations}, each with the contractor's video it was drawn on; the verifier says how many it signs.
 */
class SealedAnnotationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    /** A participant's signaling connection, as a page opens it. */
    static final class Socket implements AutoCloseable {
        final WebSocketClient client;
        final WebSocket ws;
        final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();

        Socket(TestServer server) throws Exception {
            client = server.running().vertx().createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true)
                    .setVerifyHost(false));
            ws = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port()).setURI("/ws").setSsl(true))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
        }

        void send(JsonObject m) {
            ws.writeTextMessage(m.put("v", 1).encode());
        }

        JsonObject await(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonObject m = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && type.equals(m.getString("type"))) {
                    return m;
                }
                if (m != null && "error".equals(m.getString("type"))) {
                    throw new AssertionError("error instead of " + type + ": " + m);
                }
            }
            throw new AssertionError("no " + type + " within 10 s");
        }

        @Override
        public void close() {
            client.close();
        }
    }

    static JsonObject annotation(String target, String shape, double[]... points) {
        JsonArray list = new JsonArray();
        for (double[] p : points) {
            list.add(new JsonArray().add(p[0]).add(p[1]));
        }
        return new JsonObject().put("type", "annotation").put("shape", shape).put("points", list).put("color", "#ff3b30")
                .put("target", target);
    }

    /** The participant ids of the inspector who pointed and of the contractor whose video he pointed on. */
    record Pointed(String by, String on) {
    }

    /**
     * A contractor's phone joins from its invitation, the admin joins the session's call and points on its
     * video (a pointer, a line, clear); returns who pointed on whose video once the three are kept.
     */
    static Pointed pointDuringTheCall(TestServer server, String admin, String session) throws Exception {
        String invitation = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        try (Socket phone = new Socket(server); Socket inspector = new Socket(server)) {
            phone.send(new JsonObject().put("type", "join").put("ref", "j").put("sessionId", session).put("invitation", invitation));
            String site = phone.await("welcome").getString("participantId");
            inspector.send(new JsonObject().put("type", "join").put("ref", "j").put("sessionId", session).put("auth", admin));
            String me = inspector.await("welcome").getString("participantId");
            inspector.send(annotation(site, "pointer", new double[] {0.3, 0.6}));
            inspector.send(annotation(site, "line", new double[] {0.2, 0.2}, new double[] {0.41234, 0.3}, new double[] {0.6, 0.4}));
            inspector.send(annotation(site, "clear"));
            SessionAnnotations kept = server.running().scheduling().annotations();
            Poll.until("the three annotations are kept", Duration.ofSeconds(10),
                    () -> kept.forSession(SessionId.of(session)).annotations().size() == 3);
            return new Pointed(me, site);
        }
    }

    static void assertSigned(JsonNode manifest, Pointed pointed, Instant before) {
        JsonNode list = manifest.path("annotations");
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.findValuesAsText("shape")).containsExactly("pointer", "line", "clear");
        assertThat(list.findValuesAsText("target")).containsExactly(pointed.on(), pointed.on(), pointed.on());
        JsonNode pointer = list.get(0);
        assertThat(pointer.path("by").asText()).isEqualTo(pointed.by());
        assertThat(pointer.path("role").asText()).isEqualTo("INSPECTOR");
        assertThat(pointer.path("color").asText()).isEqualTo("#ff3b30");
        assertThat(pointer.path("points").toString()).isEqualTo("[[3000,6000]]");
        assertThat(Instant.parse(pointer.path("at").asText())).isBetween(before, Instant.now());
        assertThat(list.get(1).path("points").toString()).isEqualTo("[[2000,2000],[4123,3000],[6000,4000]]");
        assertThat(list.get(2).path("points").toString()).isEqualTo("[]");
    }

    @Test
    void theInProcessNodeSignsWhatWasPointedAtAndTheVerifierCountsIt() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "R8道路第21号");
            Instant before = Instant.now();
            Pointed inspector = pointDuringTheCall(server, admin, session);
            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);

            Path manifest = SealedInspectionTest.awaitManifest(dir, session);
            assertSigned(JSON.readTree(manifest.toFile()), inspector, before);
            VerificationReport report = new Verifier(Verifier.Options.defaults()).verify(manifest.getParent());
            assertThat(report.errors()).isEmpty();
            assertThat(report.of(Finding.Severity.INFO)).map(Finding::toString)
                    .contains("INFO    signed: annotations 3 (what was pointed at on the live video, by whom and when)");
        }
    }

    @Test
    void aRemoteNodeIsToldThemOverTheControlApi() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Settings media = RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp());
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 TestServer server = TestServer.start(dir.resolve("signaling"), Map.of("media.mode", "remote",
                         "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET))) {
                String admin = server.loginAdmin();
                String session = server.scheduleSessionNow(admin, "R7河川第9号");
                Instant before = Instant.now();
                Pointed inspector = pointDuringTheCall(server, admin, session);
                server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);

                Path manifest = dir.resolve("node/evidence/sessions").resolve(session).resolve("manifest.json");
                Poll.until("the remote node has sealed the session", Duration.ofSeconds(30), () -> Files.exists(manifest));
                assertSigned(JSON.readTree(manifest.toFile()), inspector, before);
            }
        }
    }

    @Test
    void nothingPointedAtSignsAnEmptyList() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "R8道路第22号");
            server.goLive(admin, session);
            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            JsonNode m = JSON.readTree(SealedInspectionTest.awaitManifest(dir, session).toFile());
            assertThat(m.path("annotations").isArray()).isTrue();
            assertThat(m.path("annotations")).isEmpty();
            assertThat(m.path("problems").toString()).doesNotContain("annotations");
        }
    }
}
