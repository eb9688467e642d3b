package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.control.registry.RedisMediaRegistry;
import jp.rinjo.signaling.media.MediaNodeRef;
import jp.rinjo.signaling.media.MediaPlacement;

/**
 * Several media nodes (as on one machine with a node per core, or a cluster) registered in a real
 * Redis by the real registry, and signaling's placement choosing among them. The nodes' reported
 * load is set by each test, as a node's own count of endpoints would be.
 */
class MediaPlacementTest {
    private static final Duration HEARTBEAT_TTL = Duration.ofSeconds(3); // a beat every second; a stalled thread on a busy machine does not lapse it
    private static RedisServer redis;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private RedisClient client;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void connect() {
        client = RedisClient.create(redis.url());
        client.connect().sync().flushall();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        client.shutdown();
    }

    @Test
    void aBurstOfNewSessionsIsSpreadOverTheNodesBeforeTheirLoadReportsCatchUp() throws Exception {
        Node a = node();
        Node b = node();
        MediaPlacement placement = placement();
        Map<String, Long> perNode = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            perNode.merge(place(placement, SessionId.random()).id(), 1L, Long::sum);
        }
        // both nodes still report no endpoints: without counting recent placements all six would go to one
        assertThat(perNode).containsOnly(Map.entry(a.id(), 3L), Map.entry(b.id(), 3L));
    }

    @Test
    void aNewSessionGoesToTheNodeReportingFewerEndpoints() throws Exception {
        Node busy = node();
        Node quiet = node();
        busy.reports(40);
        quiet.reports(6);
        MediaPlacement placement = placement();
        awaitReported(placement, Map.of(busy.id(), 40, quiet.id(), 6));
        assertThat(place(placement, SessionId.random()).id()).isEqualTo(quiet.id());
        // 6 + 4 per recently placed session: the quiet node stays the choice until it nears the busy one
        for (int i = 0; i < 8; i++) {
            assertThat(place(placement, SessionId.random()).id()).as("session %d", i + 2).isEqualTo(quiet.id());
        }
        assertThat(place(placement, SessionId.random()).id()).as("quiet node at 6 + 36 endpoints").isEqualTo(busy.id());
    }

    @Test
    void everySignalingNodeAgreesWhereASessionIs() throws Exception {
        node();
        node();
        node();
        List<MediaPlacement> signalingNodes = List.of(placement(), placement(), placement(), placement());
        for (int round = 0; round < 5; round++) {
            SessionId session = SessionId.random();
            List<CompletableFuture<MediaNodeRef>> asked = signalingNodes.stream()
                    .map(p -> p.nodeFor(session).toCompletableFuture()).toList();
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(asked.stream().map(f -> f.join().id()).distinct()).as("round %d", round).hasSize(1);
            assertThat(place(placement(), session).id()).isEqualTo(asked.get(0).join().id());
        }
    }

    @Test
    void aSessionWhoseNodeStoppedIsPlacedAgainOnALiveNode() throws Exception {
        Node a = node();
        Node b = node();
        MediaPlacement placement = placement();
        SessionId session = SessionId.random();
        MediaNodeRef first = place(placement, session);
        Node lost = first.id().equals(a.id()) ? a : b;
        Node remaining = lost == a ? b : a;
        lost.registry().close(); // deregisters, as a node that shuts down does
        closeAfter.remove(lost.registry());
        assertThat(place(placement, session).id()).isEqualTo(remaining.id());
        assertThat(place(placement(), session).id()).as("and the other signaling nodes follow").isEqualTo(remaining.id());
    }

    @Test
    void aNodeWhoseHeartbeatLapsedIsNotChosen() throws Exception {
        Node alive = node();
        MediaPlacement placement = placement();
        // registered once and then silent, as a node that crashed without deregistering
        StatefulRedisConnection<String, String> raw = client.connect();
        String crashed = NodeId.random().value();
        raw.sync().hset(RedisMediaRegistry.NODES, crashed,
                "{\"id\":\"" + crashed + "\",\"controlUrl\":\"http://127.0.0.1:1\",\"sessions\":0,\"endpoints\":0}");
        for (int i = 0; i < 4; i++) {
            assertThat(place(placement, SessionId.random()).id()).isEqualTo(alive.id());
        }
        raw.close();
    }

    @Test
    void anEndedSessionWaitsForItsOwnNodeWhoseHeartbeatLapsedInsteadOfMovingToAnother() throws Exception {
        StatefulRedisConnection<String, String> raw = client.connect();
        closeAfter.add(raw::close);
        String x = crashableNode(raw);
        MediaPlacement placement = placement();
        SessionId session = SessionId.random();
        assertThat(place(placement, session).id()).isEqualTo(x);
        Node y = node();
        raw.sync().del(RedisMediaRegistry.aliveKey(x)); // X's heartbeat lapses; it is still registered

        placement.ended(session).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (MediaPlacement signalingNode : List.of(placement, placement())) {
            assertThatThrownBy(() -> place(signalingNode, session))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RinjoException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE);
                        assertThat(e.getMessage()).contains(x);
                    });
        }
        assertThat(placement.placedNode(session).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(liveNodeIds(placement)).containsExactly(y.id());

        raw.sync().set(RedisMediaRegistry.aliveKey(x), "1"); // X is back
        assertThat(place(placement, session).id()).isEqualTo(x);
        assertThat(place(placement(), session).id()).isEqualTo(x);
    }

    @Test
    void aPlacementIsKeptForTheSessionsWholeLifeAndADayAfterItsSeal() throws Exception {
        node();
        MediaPlacement placement = placement();
        SessionId session = SessionId.random();
        place(placement, session);
        StatefulRedisConnection<String, String> raw = client.connect();
        closeAfter.add(raw::close);
        String key = "rinjo:placement:" + session.value();
        assertThat(raw.sync().pttl(key)).as("no expiry while the session lives").isEqualTo(-1L);
        placement.ended(session).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(raw.sync().pttl(key)).as("nor while its node has not sealed it").isEqualTo(-1L);
        placement.sealed(session).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (String k : List.of(key, key + ":ended")) {
            assertThat(raw.sync().pttl(k)).as(k).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
        }
    }

    @Test
    void withNoLiveNodeAPlacementFailsWithAClearError() {
        MediaPlacement placement = placement();
        assertThatThrownBy(() -> place(placement, SessionId.random()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RinjoException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("no media node");
                });
    }

    // ------------------------------------------------------------------ helpers

    /** A registered node whose reported endpoints the test sets. */
    private record Node(String id, RedisMediaRegistry registry, AtomicReference<NodeLoad> load) {
        void reports(int endpoints) {
            load.set(new NodeLoad(endpoints / 4, endpoints, endpoints / 2, 0));
        }
    }

    private Node node() {
        String id = NodeId.random().value();
        AtomicReference<NodeLoad> load = new AtomicReference<>(new NodeLoad(0, 0, 0, 0));
        RedisMediaRegistry registry = new RedisMediaRegistry(redis.url(), NodeId.of(id), "http://127.0.0.1:9/" + id,
                HEARTBEAT_TTL, load::get);
        closeAfter.add(registry);
        return new Node(id, registry, load);
    }

    /** Registered as the real registry does, with a heartbeat the test stops and restarts by hand. */
    private static String crashableNode(StatefulRedisConnection<String, String> raw) {
        String id = NodeId.random().value();
        raw.sync().hset(RedisMediaRegistry.NODES, id,
                "{\"id\":\"" + id + "\",\"controlUrl\":\"http://127.0.0.1:9/" + id + "\",\"sessions\":0,\"endpoints\":0}");
        raw.sync().set(RedisMediaRegistry.aliveKey(id), "1");
        return id;
    }

    private static List<String> liveNodeIds(MediaPlacement placement) throws Exception {
        return placement.liveNodes().toCompletableFuture().get(5, TimeUnit.SECONDS).stream().map(MediaNodeRef::id).toList();
    }

    private MediaPlacement placement() {
        StatefulRedisConnection<String, String> connection = client.connect();
        closeAfter.add(connection::close);
        return new MediaPlacement(connection);
    }

    private static MediaNodeRef place(MediaPlacement placement, SessionId session) throws Exception {
        try {
            return placement.nodeFor(session).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // thrown inside the placement's chain: unwrap the CompletionException around the cause
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            throw new ExecutionException(cause);
        }
    }

    /** Until the nodes' heartbeats have carried the given endpoint counts (they beat every second). */
    private static void awaitReported(MediaPlacement placement, Map<String, Integer> endpoints) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = placement.liveNodes().toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                    .collect(Collectors.toMap(MediaNodeRef::id, MediaNodeRef::endpoints));
            if (seen.entrySet().containsAll(endpoints.entrySet())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the nodes never reported " + endpoints + "; last seen " + seen);
    }
}
