package jp.rinjo.signaling.room;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.live.Presence;
import jp.rinjo.signaling.protocol.ProtocolCodec;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * This node's side of every live session: the connections it holds, presence in the shared live
 * state, and the bus that carries presence changes and messages between nodes. Every message to a
 * participant goes over the bus, even when the recipient is on this node: one path, tested once,
 * the same on one node and on ten.
 */
public final class RoomHub {
    private static final Logger log = LoggerFactory.getLogger(RoomHub.class);
    private final LiveState live;
    private final ProtocolCodec codec;
    private final ObjectMapper mapper = new ObjectMapper();
    /** session → participant → this node's connection of that participant */
    private final Map<SessionId, Map<ParticipantId, Member>> local = new ConcurrentHashMap<>();
    /**
     * Sessions this node heard are over (ended or cancelled), and when (nanoTime): a join that was
     * authorised just before the end but reaches the room after it is refused. The database refuses
     * any later join, so a session is remembered only for {@link #OVER_MEMORY_NANOS}.
     */
    private final Map<SessionId, Long> over = new ConcurrentHashMap<>();
    private static final long OVER_MEMORY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    private record Member(Presence presence, LocalConnection connection) {
    }

    public RoomHub(LiveState live, ProtocolCodec codec) {
        this.live = live;
        this.codec = codec;
        live.setListener(this::onBus);
    }

    public LiveState live() {
        return live;
    }

    /**
     * Adds the participant, taking over from an older connection of the same person (on any node),
     * and tells the room.
     *
     * @return everyone present after the join, the joiner included
     */
    public CompletionStage<List<Presence>> join(Presence p, LocalConnection connection) {
        if (isOver(p.sessionId())) {
            return CompletableFuture.failedFuture(new RinjoException(ErrorCode.SESSION_CLOSED, "the session is over"));
        }
        Map<ParticipantId, Member> room = local.computeIfAbsent(p.sessionId(), k -> new ConcurrentHashMap<>());
        boolean firstHere = room.isEmpty();
        Member previous = room.put(p.participantId(), new Member(p, connection));
        if (previous != null && !previous.connection().id().equals(connection.id())) {
            previous.connection().close("replaced");
        }
        CompletionStage<Void> subscribed = firstHere ? live.subscribe(p.sessionId()) : CompletableFuture.completedFuture(null);
        return subscribed
                .thenCompose(v -> live.putPresence(p))
                .thenCompose(replaced -> publish(p.sessionId(), new BusMessage.Joined(p.participantId().value(),
                        p.connectionId(), p.displayName(), p.role().name(), p.joinedAt().toString())))
                .thenCompose(v -> live.presences(p.sessionId()));
    }

    /**
     * Removes the participant if this connection is still theirs, and tells the room.
     *
     * @return whether the participant left (false when a newer connection had already replaced this one)
     */
    public CompletionStage<Boolean> leave(Presence p, String reason) {
        local.computeIfPresent(p.sessionId(), (k, room) -> {
            room.computeIfPresent(p.participantId(), (pk, m) -> m.connection().id().equals(p.connectionId()) ? null : m);
            return room.isEmpty() ? null : room;
        });
        boolean noneLeftHere = !local.containsKey(p.sessionId());
        return live.removePresence(p.sessionId(), p.participantId(), p.connectionId())
                .thenCompose(removed -> (removed ? publishLeft(p, reason) : CompletableFuture.<Void>completedFuture(null))
                        .thenCompose(v -> noneLeftHere && !local.containsKey(p.sessionId())
                                ? live.unsubscribe(p.sessionId()) : CompletableFuture.<Void>completedFuture(null))
                        .thenApply(v -> removed));
    }

    /** Sends a protocol message to one participant of the session, wherever they are connected. */
    public CompletionStage<Void> sendTo(SessionId session, ParticipantId to, ServerMessage message) {
        return publish(session, new BusMessage.Deliver(to.value(), null, codec.write(message)));
    }

    /** Sends a protocol message to everyone in the session except {@code except} (may be null). */
    public CompletionStage<Void> broadcast(SessionId session, ParticipantId except, ServerMessage message) {
        return publish(session, new BusMessage.Deliver(null, except == null ? null : except.value(), codec.write(message)));
    }

    /**
     * Remembers that the session is over (ended or cancelled): from now on this node refuses what its
     * participants still say in it and joins that reach the room late. Other nodes learn it from the
     * session-wide {@link #dismiss}.
     */
    public void markOver(SessionId session) {
        long now = System.nanoTime();
        over.values().removeIf(at -> now - at > OVER_MEMORY_NANOS);
        over.put(session, now);
    }

    public boolean isOver(SessionId session) {
        return over.containsKey(session);
    }

    /**
     * Closes the connections of one participant of the session, wherever they are connected, or of
     * everyone in it when {@code who} is null (the session is over): {@code notice} first (may be
     * null), then a bye with {@code reason}. Each leaves the room as on any close.
     */
    public CompletionStage<Void> dismiss(SessionId session, ParticipantId who, ServerMessage notice, String reason) {
        return publish(session, new BusMessage.Dismiss(who == null ? null : who.value(),
                notice == null ? null : codec.write(notice), reason));
    }

    /**
     * Sends to this node's own participants of the session, not over the bus: for news every node
     * hears by itself (a media node's events), so that each participant gets it once.
     */
    public void broadcastLocal(SessionId session, ServerMessage message) {
        Map<ParticipantId, Member> room = local.get(session);
        if (room != null) {
            String json = codec.write(message);
            room.values().forEach(m -> m.connection().send(json));
        }
    }

    public CompletionStage<List<Presence>> presences(SessionId session) {
        return live.presences(session);
    }

    /** Whether the participant is connected to this node with this connection. */
    public boolean isLocal(SessionId session, ParticipantId participant, String connectionId) {
        Member m = local.getOrDefault(session, Map.of()).get(participant);
        return m != null && m.connection().id().equals(connectionId);
    }

    /** Tells the rooms of dead nodes' participants that they left. */
    public CompletionStage<Integer> sweepDeadNodes() {
        return live.sweepDeadNodes().thenCompose(removed -> {
            CompletableFuture<?>[] all = removed.stream()
                    .map(p -> publishLeft(p, "node-lost").toCompletableFuture()).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(all).thenApply(v -> removed.size());
        });
    }

    /**
     * Graceful stop: every local participant leaves (their clients reconnect to another node). The
     * leave comes first and the connection is closed after it: closing first would race the
     * socket's own close handler, which leaves as "disconnected", and the room might hear that
     * instead of {@code reason}. The media node is not told that they left: their media keeps
     * flowing while their clients reconnect to another signaling node and join again.
     */
    public CompletionStage<Void> leaveAll(String reason) {
        List<Member> members = local.values().stream().flatMap(room -> room.values().stream()).toList();
        CompletableFuture<?>[] all = members.stream()
                .map(m -> leave(m.presence(), reason).toCompletableFuture()
                        .whenComplete((removed, error) -> m.connection().close(reason)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    public int localConnectionCount() {
        return local.values().stream().mapToInt(Map::size).sum();
    }

    private CompletionStage<Void> publishLeft(Presence p, String reason) {
        return publish(p.sessionId(), new BusMessage.Left(p.participantId().value(), p.connectionId(), p.displayName(),
                p.role().name(), p.joinedAt().toString(), reason));
    }

    private CompletionStage<Void> publish(SessionId session, BusMessage m) {
        try {
            return live.publish(session, mapper.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void onBus(SessionId session, String payload) {
        Map<ParticipantId, Member> room = local.get(session);
        if (room == null) {
            return;
        }
        BusMessage m;
        try {
            m = mapper.readValue(payload, BusMessage.class);
        } catch (JsonProcessingException e) {
            log.warn("unreadable bus message in session {}", session);
            return;
        }
        if (m instanceof BusMessage.Deliver d) {
            deliver(room, d);
        } else if (m instanceof BusMessage.Dismiss d) {
            dismiss(session, room, d);
        } else if (m instanceof BusMessage.Joined j) {
            ParticipantId who = ParticipantId.of(j.participantId());
            Member mine = room.get(who);
            if (mine != null && !mine.connection().id().equals(j.connectionId())) {
                // the person reconnected elsewhere: this older connection is finished
                room.remove(who, mine);
                mine.connection().close("replaced");
            }
            sendToAllBut(room, j.connectionId(), codec.write(new ServerMessage.PresenceChange("joined",
                    participant(j.participantId(), j.displayName(), j.role(), j.joinedAt()), null)));
        } else if (m instanceof BusMessage.Left l) {
            sendToAllBut(room, l.connectionId(), codec.write(new ServerMessage.PresenceChange("left",
                    participant(l.participantId(), l.displayName(), l.role(), l.joinedAt()), l.reason())));
        }
    }

    private static void sendToAllBut(Map<ParticipantId, Member> room, String connectionId, String json) {
        room.forEach((pid, member) -> {
            if (!member.connection().id().equals(connectionId)) {
                member.connection().send(json);
            }
        });
    }

    private void dismiss(SessionId session, Map<ParticipantId, Member> room, BusMessage.Dismiss d) {
        if (d.to() == null) {
            markOver(session);
        }
        room.forEach((pid, member) -> {
            if (d.to() == null || d.to().equals(pid.value())) {
                if (d.notice() != null) {
                    member.connection().send(d.notice());
                }
                member.connection().close(d.reason());
            }
        });
    }

    private static void deliver(Map<ParticipantId, Member> room, BusMessage.Deliver d) {
        if (d.to() != null) {
            Member target = room.get(ParticipantId.of(d.to()));
            if (target != null) {
                target.connection().send(d.message());
            }
            return;
        }
        room.forEach((pid, member) -> {
            if (d.except() == null || !d.except().equals(pid.value())) {
                member.connection().send(d.message());
            }
        });
    }

    public static ServerMessage.Participant participant(Presence p) {
        return participant(p.participantId().value(), p.displayName(), p.role().name(), p.joinedAt().toString());
    }

    static ServerMessage.Participant participant(String id, String name, String role, String joinedAt) {
        ParticipantRole r = ParticipantRole.valueOf(role);
        return new ServerMessage.Participant(id, name, r.name(), r.label(), joinedAt);
    }

    public Optional<Presence> localPresence(SessionId session, ParticipantId participant) {
        return Optional.ofNullable(local.getOrDefault(session, Map.of()).get(participant)).map(Member::presence);
    }
}
