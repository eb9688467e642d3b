package jp.rinjo.signaling.live;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * The live state shared by signaling nodes: who is present in which session, on which node, and a
 * per-session message bus between nodes. In memory for one machine, Redis for several; chosen once
 * at start-up. Asynchronous throughout: callers are on event loops.
 *
 * <p>Node failure: each node keeps a heartbeat; {@link #sweepDeadNodes()} removes the presences of
 * nodes whose heartbeat lapsed and returns them, so the caller can tell the rooms they left.
 */
public interface LiveState extends AutoCloseable {
    NodeId nodeId();

    /** Registers this node and starts its heartbeat. */
    CompletionStage<Void> start();

    /**
     * Stores the presence, replacing any earlier connection of the same participant.
     *
     * @return the replaced presence (another connection, maybe on another node), if any
     */
    CompletionStage<Optional<Presence>> putPresence(Presence presence);

    /** Removes the presence only if it still belongs to {@code connectionId}; true if removed. */
    CompletionStage<Boolean> removePresence(SessionId session, ParticipantId participant, String connectionId);

    CompletionStage<List<Presence>> presences(SessionId session);

    /** Delivers {@code payload} to the listener of every node subscribed to the session, this one included. */
    CompletionStage<Void> publish(SessionId session, String payload);

    /** The one listener of this node for bus messages; set before subscribing. */
    void setListener(BiConsumer<SessionId, String> listener);

    CompletionStage<Void> subscribe(SessionId session);

    CompletionStage<Void> unsubscribe(SessionId session);

    /** Removes presences of nodes whose heartbeat lapsed; returns what was removed (each by one sweeper only). */
    CompletionStage<List<Presence>> sweepDeadNodes();

    /** Whether the backing store answers (health check). */
    CompletionStage<Boolean> ping();

    /** Deregisters this node; its own presences must have been removed by the caller first. */
    @Override
    void close();
}
