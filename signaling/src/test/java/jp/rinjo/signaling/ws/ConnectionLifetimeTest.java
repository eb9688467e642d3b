package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import jp.rinjo.signaling.metrics.SignalingMetrics;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/**
 * Connections the node ends by itself, over a real WebSocket: a peer too slow to read what it is sent,
 * one that has not joined by the deadline, one that has gone silent.
 */
class ConnectionLifetimeTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aParticipantWhoStopsReadingIsClosedBeforeTheNodeHoldsMoreThanTheBoundForThem() throws Exception {
        // a short close grace: the phone does not read, so it is cut off only once the grace has run out
        try (SignalingScenario sc = new SignalingScenario(dir, Map.of("ws.rate-per-second", "100", "ws.rate-burst", "100",
                "ws.close-grace", "200ms"))) {
            String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
            SignalingMetrics metrics = sc.node.server.metrics();
            try (WsClient inspector = sc.node.socket(null);
                 WsClient phone = WsClient.connectWithReceiveBuffer(sc.node.vertx, sc.node.port(), 4096)) {
                sc.joinWithLogin(inspector, sc.inspectorToken);
                String phoneId = sc.joinWithInvitation(phone, token).getString("participantId");
                inspector.awaitPresence("joined", phoneId);
                phone.stopReading();

                // 60 KB offers relayed to the phone, about 3 MB/s, until the node gives up on it
                JsonObject offer = new JsonObject().put("type", "sdp").put("to", phoneId).put("kind", "offer")
                        .put("sdp", "v=0\r\na=x-filler:" + "y".repeat(60_000) + "\r\n");
                long mostHeld = 0;
                JsonObject left = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (left == null && System.nanoTime() < deadline) {
                    inspector.send(offer.copy());
                    mostHeld = Math.max(mostHeld, metrics.outboundQueuedBytes());
                    left = inspector.poll(m -> isLeft(m, phoneId), Duration.ofMillis(20));
                }

                assertThat(left).as("the phone that stopped reading leaves the room").isNotNull();
                assertThat(left.getString("reason")).isEqualTo("slow-consumer");
                // the bound, plus the bye that says why
                assertThat(mostHeld).isLessThanOrEqualTo(MIB + 1024);
                awaitTrue(() -> metrics.outboundQueuedBytes() == 0, "what was held for the phone is let go");
                String scraped = sc.node.call("GET", "/metrics", null, null).bodyAsString();
                assertThat(scraped).contains("rinjo_ws_server_closes_total{reason=\"slow-consumer\"} 1.0");
                assertThat(sc.node.server.hub().localConnectionCount()).isEqualTo(1);
                // reading again, the phone finds its connection closed (the page would join again)
                phone.resumeReading();
                assertThat(phone.awaitClosed()).isTrue();
                inspector.assertAlive();
            }
        }
    }

    @Test
    void aParticipantWhoseBacklogStaysStuckUnderTheBoundIsClosedAfterTheStallTimeout() throws Exception {
        // a bound of 8 MiB, so the queue (2 MiB) fills and stays full well under it
        try (SignalingScenario sc = new SignalingScenario(dir, Map.of("ws.max-queued-bytes", Integer.toString(8 * MIB),
                "ws.queue-stall-timeout", "1s", "ws.close-grace", "200ms"))) {
            String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
            SignalingMetrics metrics = sc.node.server.metrics();
            try (WsClient inspector = sc.node.socket(null);
                 WsClient phone = WsClient.connectWithReceiveBuffer(sc.node.vertx, sc.node.port(), 4096)) {
                sc.joinWithLogin(inspector, sc.inspectorToken);
                String phoneId = sc.joinWithInvitation(phone, token).getString("participantId");
                inspector.awaitPresence("joined", phoneId);
                phone.stopReading();
                // 60 KB offers until the phone's queue is full (the network and the phone's socket take
                // a few MB first), then nothing more: the backlog stays where it is, under the bound
                JsonObject offer = new JsonObject().put("type", "sdp").put("to", phoneId).put("kind", "offer")
                        .put("sdp", "v=0\r\na=x-filler:" + "y".repeat(60_000) + "\r\n");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (metrics.outboundQueuedBytes() < 2 * MIB && System.nanoTime() < deadline) {
                    inspector.send(offer.copy());
                    Thread.sleep(20);
                }
                JsonObject left = inspector.poll(m -> isLeft(m, phoneId), Duration.ofSeconds(30));
                assertThat(left).as("the phone whose backlog stays stuck leaves the room").isNotNull();
                assertThat(left.getString("reason")).isEqualTo("slow-consumer");
                phone.resumeReading();
                assertThat(phone.awaitClosed()).isTrue();
            }
        }
    }

    @Test
    void aJoinStillBeingCheckedAtTheDeadlineThatFailsClosesTheConnection() throws Exception {
        // one blocking thread, held busy like a slow database: the join waits for it past the deadline
        try (SignalingScenario sc = new SignalingScenario(dir, Map.of("blocking.pool-size", "1"))) {
            WorkerExecutor pool = sc.node.vertx.createSharedWorkerExecutor("rinjo-blocking", 1);
            CountDownLatch databaseBack = new CountDownLatch(1);
            pool.executeBlocking(() -> databaseBack.await(30, java.util.concurrent.TimeUnit.SECONDS));
            try (WsClient slow = sc.node.socket(null); WsClient idle = sc.node.socket(null)) {
                slow.send(new JsonObject().put("type", "join").put("ref", "j").put("invitation", "i1.AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
                // opened after the slow one: once it is closed for the deadline, the slow one's deadline has passed too
                assertThat(idle.await("bye").getString("reason")).isEqualTo("join-timeout");
                assertThat(slow.isClosed()).isFalse();
                databaseBack.countDown();
                assertThat(slow.awaitError("token-invalid").getString("ref")).isEqualTo("j");
                assertThat(slow.await("bye").getString("reason")).isEqualTo("join-timeout");
                assertThat(slow.awaitClosed()).isTrue();
            } finally {
                databaseBack.countDown();
                pool.close();
            }
        }
    }

    @Test
    void aParticipantFromWhomNothingIsHeardIsClosedAndLeavesWhileOnesWhoPingStay() throws Exception {
        Duration idle = Duration.ofSeconds(1);
        try (SignalingScenario sc = new SignalingScenario(dir, Map.of("ws.idle-timeout", idle.toMillis() + "ms", "ws.join-timeout", "10s"))) {
            String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
            try (WsClient inspector = sc.node.socket(null); WsClient phone = sc.node.socket(null)) {
                sc.joinWithLogin(inspector, sc.inspectorToken);
                String phoneId = sc.joinWithInvitation(phone, token).getString("participantId");
                // the inspector pings (ten times per idle timeout, far more often than the pages do); the
                // phone says nothing. Until the phone is told goodbye, and the inspector has pinged through
                // three idle timeouts (or for at most 30 s)
                JsonObject bye = null;
                long start = System.nanoTime();
                long stayedLongEnough = start + 3 * idle.toNanos();
                long giveUp = start + Duration.ofSeconds(30).toNanos();
                while ((bye == null || System.nanoTime() < stayedLongEnough) && System.nanoTime() < giveUp) {
                    inspector.send(new JsonObject().put("type", "ping"));
                    if (bye == null) {
                        bye = phone.poll(m -> "bye".equals(m.getString("type")), Duration.ofMillis(100));
                    } else {
                        Thread.sleep(100);
                    }
                }
                assertThat(bye).as("the silent phone is told goodbye").isNotNull();
                assertThat(bye.getString("reason")).isEqualTo("idle-timeout");
                assertThat(phone.awaitClosed()).isTrue();
                assertThat(inspector.awaitPresence("left", phoneId).getString("reason")).isEqualTo("idle-timeout");
                inspector.assertAlive();
                assertThat(sc.node.server.hub().localConnectionCount()).isEqualTo(1);
            }
        }
    }

    private static boolean isLeft(JsonObject m, String participantId) {
        return "presence".equals(m.getString("type")) && "left".equals(m.getString("event"))
                && participantId.equals(m.getJsonObject("participant").getString("participantId"));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WsClient.WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
