package jp.rinjo.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.signaling.live.RedisLiveState;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.TestNode;
import jp.rinjo.signaling.testing.WsClient;

/**
 * Two signaling nodes on one real Redis, a participant on each: presence, chat and relayed SDP cross
 * nodes; when a node stops — gracefully or by crashing — the other node's participants are told.
 * Both nodes share the scheduling database, as a deployment's nodes share PostgreSQL.
 */
class TwoNodesOnRedisTest {
    @TempDir
    Path dir;
    RedisServer redis;
    SignalingScenario sc;
    TestNode nodeB;
    RedisLiveState liveB;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisServer.start();
        sc = new SignalingScenario(dir.resolve("a"), Map.of("live.store", "redis", "live.redis-url", redis.url()),
                new RedisLiveState(NodeId.random(), redis.url(), Duration.ofMillis(800)));
        liveB = new RedisLiveState(NodeId.random(), redis.url(), Duration.ofMillis(800));
        nodeB = TestNode.start(dir.resolve("b"), sc.f.scheduling, liveB, sc.f.clock, Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (nodeB != null) {
            try {
                nodeB.close();
            } catch (Exception ignored) {
                // already stopped by the test
            }
        }
        sc.close();
        redis.close();
    }

    @Test
    void participantsOnDifferentNodesShareOneRoom() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = nodeB.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            JsonObject w = sc.joinWithInvitation(contractor, token);
            String contractorId = w.getString("participantId");
            assertThat(w.getJsonArray("participants")).hasSize(2);
            inspector.awaitPresence("joined", contractorId);

            contractor.send(new JsonObject().put("type", "chat").put("text", "ノードBから"));
            assertThat(inspector.await("chat").getString("text")).isEqualTo("ノードBから");
            inspector.send(new JsonObject().put("type", "sdp").put("to", contractorId).put("kind", "offer").put("sdp", "v=0\r\n"));
            assertThat(contractor.await("sdp").getString("from")).isEqualTo(inspectorId);

            // graceful stop of node B: its participant is told to reconnect, the room sees them leave
            nodeB.stop();
            assertThat(contractor.await("bye").getString("reason")).isEqualTo("server-shutdown");
            assertThat(inspector.awaitPresence("left", contractorId).getString("reason")).isEqualTo("server-shutdown");
            nodeB = null;
        }
    }

    @Test
    void aRevokedGuestAndAnEndedSessionAreLetGoOnTheOtherNodeToo() throws Exception {
        JsonObject revoked = sc.invite("CONTRACTOR", "山田");
        String otherToken = SignalingScenario.tokenOf(sc.invite("OBSERVER", "立会人"));
        try (WsClient inspector = sc.node.socket(null); WsClient guest = nodeB.socket(null); WsClient observer = nodeB.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String guestId = sc.joinWithInvitation(guest, SignalingScenario.tokenOf(revoked)).getString("participantId");
            sc.joinWithInvitation(observer, otherToken);
            inspector.awaitPresence("joined", guestId);

            // revoked through node A: the guest on node B is told and let go
            sc.node.call("DELETE", "/api/invitations/" + revoked.getString("id"), SignalingScenario.bearer(sc.inspectorToken), null);
            guest.awaitError("token-revoked");
            assertThat(guest.await("bye").getString("reason")).isEqualTo("token-revoked");
            assertThat(guest.awaitClosed()).isTrue();
            assertThat(inspector.awaitPresence("left", guestId).getString("reason")).isEqualTo("token-revoked");

            // ended through node A: everyone, on both nodes, hears it and is let go
            sc.post("/api/sessions/" + sc.sessionId + "/end", sc.inspectorToken, new JsonObject().put("result", "PASS"), 200);
            for (WsClient c : new WsClient[] {observer, inspector}) {
                assertThat(c.await("session").getString("status")).isEqualTo("ENDED");
                assertThat(c.await("bye").getString("reason")).isEqualTo("session-ended");
                assertThat(c.awaitClosed()).isTrue();
            }
        }
    }

    @Test
    void whenANodeCrashesItsParticipantsAreSweptAndTheRoomIsTold() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = nodeB.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String contractorId = sc.joinWithInvitation(contractor, token).getString("participantId");
            inspector.awaitPresence("joined", contractorId);

            // crash: heartbeat and Redis connections stop without deregistering, then the sockets die
            liveB.haltAsIfCrashed();
            nodeB.vertx.close().toCompletionStage().toCompletableFuture().get();
            nodeB = null;

            JsonObject left = inspector.awaitPresence("left", contractorId);
            assertThat(left.getString("reason")).isEqualTo("node-lost");
            try (WsClient check = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(check, token).getJsonArray("participants")).hasSize(2); // inspector + this one
            }
        }
    }
}
