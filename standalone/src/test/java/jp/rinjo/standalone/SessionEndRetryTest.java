package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.signaling.media.RemoteMediaGateway;
import jp.rinjo.signaling.media.SessionEndDelivery;
import jp.rinjo.standalone.browser.RemoteNodeSettings;
import jp.rinjo.standalone.browser.TestServer;

/**
 * The cluster shape with the media node down when the session ends: signaling keeps telling the
 * session's end until the node is back, and the node then seals the recording. Only the session's
 * own node is told: another node holds nothing of it and would seal an empty recording.
 */
class SessionEndRetryTest {
    @TempDir
    Path dir;

    @Test
    void aSessionThatEndsWhileItsMediaNodeIsDownIsSealedOnceTheNodeIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            int controlPort = FreePort.tcp();
            Settings media = RemoteNodeSettings.of(dir, redis.url(), controlPort);
            try (TestServer server = TestServer.start(dir.resolve("signaling"), Map.of("media.mode", "remote",
                    "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET,
                    "media.end-retry.first", "200ms", "media.end-retry.max", "1s"))) {
                String admin = server.loginAdmin();
                String session = server.scheduleSessionNow(admin, "RETRY-1");
                server.goLive(admin, session);
                MediaNodeMain.start(media).close(); // the node ran, and is down when the session ends

                server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
                Path manifest = dir.resolve("node/evidence/sessions").resolve(session).resolve("manifest.json");
                assertThat(manifest).doesNotExist(); // nobody to seal it: without retries it would stay so

                try (MediaNodeMain.Running node = MediaNodeMain.start(media)) {
                    Poll.until("the node back up has sealed the session", Duration.ofSeconds(20), () -> Files.exists(manifest));
                }
                assertThat(Files.readString(manifest)).contains("\"id\":\"" + session + "\"");
            }
        }
    }

    @Test
    void aSessionWhoseNodeIsDownIsSealedByThatNodeOnceItIsBackAndNeverByAnother() throws Exception {
        ch.qos.logback.classic.Logger deliveryLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(SessionEndDelivery.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        deliveryLog.addAppender(logged);
        try (RedisServer redis = RedisServer.start();
             TestServer server = TestServer.start(dir.resolve("signaling"), Map.of("media.mode", "remote",
                     "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET,
                     "media.end-retry.first", "100ms", "media.end-retry.max", "400ms"))) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "RETRY-3");
            server.goLive(admin, session);
            Settings x = RemoteNodeSettings.of(dir.resolve("x"), redis.url(), FreePort.tcp());
            Settings y = RemoteNodeSettings.of(dir.resolve("y"), redis.url(), FreePort.tcp());
            try (MediaNodeMain.Running nodeX = MediaNodeMain.start(x);
                 RemoteMediaGateway otherSignalingNode = new RemoteMediaGateway(redis.url(), RemoteNodeSettings.SECRET)) {
                // someone joins through another signaling node: the session is placed on X, the only node
                otherSignalingNode.joined(SessionId.of(session), ParticipantId.random()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } // X goes down (restarting, or its heartbeat lapsed) with the session on it
            Path sealedByX = dir.resolve("x/node/evidence/sessions").resolve(session).resolve("manifest.json");
            Path sealedByY = dir.resolve("y/node/evidence/sessions").resolve(session).resolve("manifest.json");

            try (MediaNodeMain.Running nodeY = MediaNodeMain.start(y)) {
                server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
                Poll.until("signaling has asked X three times (or Y sealed the session)", Duration.ofSeconds(20),
                        () -> retries(logged, session) >= 3 || Files.exists(sealedByY));
                assertThat(sealedByY).as("Y holds nothing of the session: it must not seal it").doesNotExist();

                try (MediaNodeMain.Running xBack = MediaNodeMain.start(x)) {
                    Poll.until("X, back under its id, has sealed the session", Duration.ofSeconds(20), () -> Files.exists(sealedByX));
                }
                assertThat(sealedByY).doesNotExist();
            }
        } finally {
            deliveryLog.detachAppender(logged);
        }
    }

    /** The warnings an operator sees for each attempt that found the session's node not running. */
    private static long retries(ListAppender<ILoggingEvent> logged, String session) {
        // the appender adds under its own lock (AppenderBase.doAppend is synchronized), not the list's
        synchronized (logged) {
            return logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(session) && m.contains("not running") && m.contains("trying again")).count();
        }
    }

    @Test
    void signalingRestartedMeanwhileStillAsksTheNodeToSealWhenBothAreBack() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Settings media = RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp());
            Map<String, String> remote = Map.of("media.mode", "remote", "media.registry.redis-url", redis.url(),
                    "media.control.secret", RemoteNodeSettings.SECRET, "media.end-retry.first", "200ms", "media.end-retry.max", "1s");
            String session;
            try (TestServer server = TestServer.start(dir.resolve("signaling"), remote)) {
                String admin = server.loginAdmin();
                session = server.scheduleSessionNow(admin, "RETRY-2");
                server.goLive(admin, session);
                server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            } // no media node was up: signaling stops (a restart, or a power cut) before any node could be told
            Path manifest = dir.resolve("node/evidence/sessions").resolve(session).resolve("manifest.json");
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 TestServer again = TestServer.start(dir.resolve("signaling"), remote)) {
                Poll.until("the restarted signaling has asked the node to seal", Duration.ofSeconds(20), () -> Files.exists(manifest));
            }
            assertThat(Files.readString(manifest)).contains("\"id\":\"" + session + "\"");
        }
    }
}
