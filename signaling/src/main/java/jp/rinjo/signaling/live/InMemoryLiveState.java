package jp.rinjo.signaling.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * Live state of a single signaling node (the standalone). Bus messages are delivered on one
 * dispatcher thread, in publish order, never on the publisher's own stack — as they would be with
 * Redis — so callers cannot come to depend on synchronous delivery.
 */
public final class InMemoryLiveState implements LiveState {
    private final NodeId nodeId;
    private final Map<SessionId, Map<ParticipantId, Presence>> presences = new ConcurrentHashMap<>();
    private final Set<SessionId> subscribed = ConcurrentHashMap.newKeySet();
    private final ExecutorService dispatcher;
    private volatile BiConsumer<SessionId, String> listener = (s, p) -> { };

    public InMemoryLiveState(NodeId nodeId) {
        this.nodeId = nodeId;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rinjo-live-bus");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public NodeId nodeId() {
        return nodeId;
    }

    @Override
    public CompletionStage<Void> start() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<Presence>> putPresence(Presence p) {
        Presence[] old = {null};
        // compute() on the outer map makes put and remove atomic per session, so an emptied session
        // map is never dropped while another thread is adding to it.
        presences.compute(p.sessionId(), (k, m) -> {
            Map<ParticipantId, Presence> map = m == null ? new ConcurrentHashMap<>() : m;
            old[0] = map.put(p.participantId(), p);
            return map;
        });
        return CompletableFuture.completedFuture(Optional.ofNullable(old[0])
                .filter(o -> !o.connectionId().equals(p.connectionId())));
    }

    @Override
    public CompletionStage<Boolean> removePresence(SessionId session, ParticipantId participant, String connectionId) {
        boolean[] removed = {false};
        presences.computeIfPresent(session, (k, m) -> {
            Presence current = m.get(participant);
            if (current != null && current.connectionId().equals(connectionId)) {
                m.remove(participant);
                removed[0] = true;
            }
            return m.isEmpty() ? null : m;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletionStage<List<Presence>> presences(SessionId session) {
        List<Presence> list = new ArrayList<>(presences.getOrDefault(session, Map.of()).values());
        list.sort(java.util.Comparator.comparing(Presence::joinedAt).thenComparing(p -> p.participantId().value()));
        return CompletableFuture.completedFuture(list);
    }

    @Override
    public CompletionStage<Void> publish(SessionId session, String payload) {
        return CompletableFuture.runAsync(() -> {
            if (subscribed.contains(session)) {
                listener.accept(session, payload);
            }
        }, dispatcher);
    }

    @Override
    public void setListener(BiConsumer<SessionId, String> listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> subscribe(SessionId session) {
        subscribed.add(session);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(SessionId session) {
        subscribed.remove(session);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Presence>> sweepDeadNodes() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Boolean> ping() {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void close() {
        dispatcher.shutdown();
    }
}
