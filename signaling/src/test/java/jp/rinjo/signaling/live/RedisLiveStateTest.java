package jp.rinjo.signaling.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.test.RedisServer;

/** The live-state suite on a real redis-server, plus what only a shared store can do: sweep a dead node. */
class RedisLiveStateTest extends LiveStateContract {
    static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    LiveState create(NodeId node) {
        return new RedisLiveState(node, redis.url(), Duration.ofMillis(600));
    }

    @Test
    void theBusCrossesNodes() throws Exception {
        try (LiveState other = create(NodeId.random())) {
            java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
            other.setListener((s, p) -> got.add(p));
            await(other.start());
            await(other.subscribe(session));
            await(live.publish(session, "hello from the first node"));
            assertThat(got.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello from the first node");
        }
    }

    @Test
    void aNodeWhoseHeartbeatLapsedIsSweptOnceAndItsPresencesReturned() throws Exception {
        NodeId deadId = NodeId.random();
        RedisLiveState dead = new RedisLiveState(deadId, redis.url(), Duration.ofMillis(300));
        await(dead.start());
        ParticipantId p = ParticipantId.random();
        await(dead.putPresence(presence(p, "conn-dead", deadId, Instant.now())));
        // Simulate a crash: stop the heartbeat process-wide without deregistering, as kill -9 would.
        dead.haltAsIfCrashed();
        assertThat(await(live.presences(session))).hasSize(1);

        List<Presence> swept = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (swept.isEmpty() && System.nanoTime() < deadline) {
            swept = await(live.sweepDeadNodes());
            if (swept.isEmpty()) {
                Thread.sleep(50); // polling for the heartbeat key to expire, bounded by the deadline
            }
        }
        assertThat(swept).extracting(Presence::participantId).containsExactly(p);
        assertThat(await(live.presences(session))).isEmpty();
        assertThat(await(live.sweepDeadNodes())).isEmpty();
    }
}
