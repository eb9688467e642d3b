package jp.rinjo.signaling.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/** One suite for every live-state implementation: in memory, and Redis with a real redis-server. */
abstract class LiveStateContract {
    LiveState live;
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final SessionId session = SessionId.random();

    abstract LiveState create(NodeId node);

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    Presence presence(ParticipantId p, String connection, NodeId node, Instant joined) {
        return new Presence(session, p, connection, node, ParticipantRole.CONTRACTOR, "現場代理人 山田", joined);
    }

    @BeforeEach
    void setUp() throws Exception {
        live = create(NodeId.random());
        live.setListener((s, payload) -> received.add(s.value() + ":" + payload));
        await(live.start());
    }

    @AfterEach
    void tearDown() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void presencesAreStoredListedInJoinOrderAndReplacedByNewerConnections() throws Exception {
        ParticipantId a = ParticipantId.random();
        ParticipantId b = ParticipantId.random();
        Instant t = Instant.parse("2026-11-26T01:00:00Z");
        assertThat(await(live.putPresence(presence(a, "c1", live.nodeId(), t)))).isEmpty();
        assertThat(await(live.putPresence(presence(b, "c2", live.nodeId(), t.plusSeconds(1))))).isEmpty();
        assertThat(await(live.presences(session))).extracting(Presence::participantId).containsExactly(a, b);
        // same connection again: not a replacement
        assertThat(await(live.putPresence(presence(a, "c1", live.nodeId(), t)))).isEmpty();
        // a reconnect replaces the old connection
        assertThat(await(live.putPresence(presence(a, "c3", live.nodeId(), t.plusSeconds(2)))))
                .hasValueSatisfying(old -> assertThat(old.connectionId()).isEqualTo("c1"));
        assertThat(await(live.presences(session))).extracting(Presence::connectionId).containsExactly("c2", "c3");
        assertThat(await(live.presences(session)).get(1).displayName()).isEqualTo("現場代理人 山田");
    }

    @Test
    void anOldConnectionCannotRemoveItsReplacement() throws Exception {
        ParticipantId a = ParticipantId.random();
        await(live.putPresence(presence(a, "old", live.nodeId(), Instant.now())));
        await(live.putPresence(presence(a, "new", live.nodeId(), Instant.now())));
        assertThat(await(live.removePresence(session, a, "old"))).isFalse();
        assertThat(await(live.presences(session))).hasSize(1);
        assertThat(await(live.removePresence(session, a, "new"))).isTrue();
        assertThat(await(live.presences(session))).isEmpty();
        assertThat(await(live.removePresence(session, a, "new"))).isFalse();
    }

    @Test
    void theBusDeliversInOrderOnlyWhileSubscribed() throws Exception {
        await(live.publish(session, "before"));
        await(live.subscribe(session));
        for (int i = 0; i < 50; i++) {
            await(live.publish(session, "m" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(session.value() + ":m" + i);
        }
        await(live.unsubscribe(session));
        await(live.publish(session, "after"));
        // a marker on another session proves delivery has caught up, without sleeping
        SessionId other = SessionId.random();
        await(live.subscribe(other));
        await(live.publish(other, "marker"));
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(other.value() + ":marker");
        assertThat(received).isEmpty();
    }

    @Test
    void pingAnswers() throws Exception {
        assertThat(await(live.ping())).isTrue();
    }

    @Test
    void sweepingFindsNothingWhileEveryNodeIsAlive() throws Exception {
        await(live.putPresence(presence(ParticipantId.random(), "c", live.nodeId(), Instant.now())));
        List<Presence> swept = await(live.sweepDeadNodes());
        assertThat(swept).isEmpty();
        assertThat(await(live.presences(session))).hasSize(1);
    }
}
