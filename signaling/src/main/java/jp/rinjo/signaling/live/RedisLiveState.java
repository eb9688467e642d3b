package jp.rinjo.signaling.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * Live state in Redis through Lettuce, for several signaling nodes.
 *
 * <pre>
 * rinjo:presence:{session}      hash  participantId → presence JSON
 * rinjo:bus:{session}           pub/sub channel of the session's bus messages
 * rinjo:nodes                   set   node ids that registered
 * rinjo:node:{node}:alive       string with a TTL, refreshed by the node's heartbeat
 * rinjo:node:{node}:members     set   "session|participant|connection" the node holds (for sweeping)
 * </pre>
 *
 * Put and remove are Lua scripts so that "remove only if still my connection" is atomic: a
 * participant who reconnected through another node is never removed by the old node's cleanup.
 */
public final class RedisLiveState implements LiveState {
    private static final Logger log = LoggerFactory.getLogger(RedisLiveState.class);
    private static final String NODES = "rinjo:nodes";
    private static final String PUT = """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            return old""";
    private static final String REMOVE_IF_CONNECTION = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[3])
            if v and cjson.decode(v)['connectionId'] == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
              return v
            end
            return false""";

    private final NodeId nodeId;
    private final Duration heartbeatTtl;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> async;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final ScheduledExecutorService scheduler;
    private volatile BiConsumer<SessionId, String> listener = (s, p) -> { };

    public RedisLiveState(NodeId nodeId, String redisUrl, Duration heartbeatTtl) {
        this.nodeId = nodeId;
        this.heartbeatTtl = heartbeatTtl;
        this.client = RedisClient.create(RedisURI.create(redisUrl));
        this.connection = client.connect();
        this.async = connection.async();
        this.pubSub = client.connectPubSub();
        this.pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                SessionId session = SessionId.of(channel.substring("rinjo:bus:".length()));
                try {
                    listener.accept(session, message);
                } catch (RuntimeException e) {
                    log.warn("bus listener failed for session {}", session, e);
                }
            }
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rinjo-redis-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    private static String presenceKey(SessionId s) {
        return "rinjo:presence:" + s.value();
    }

    private static String aliveKey(NodeId n) {
        return "rinjo:node:" + n.value() + ":alive";
    }

    private static String membersKey(NodeId n) {
        return "rinjo:node:" + n.value() + ":members";
    }

    private static String member(SessionId s, ParticipantId p, String connectionId) {
        return s.value() + "|" + p.value() + "|" + connectionId;
    }

    @Override
    public NodeId nodeId() {
        return nodeId;
    }

    @Override
    public CompletionStage<Void> start() {
        return CompletableFuture.runAsync(() -> {
            RedisCommands<String, String> sync = connection.sync();
            sync.sadd(NODES, nodeId.value());
            beat();
            long period = Math.max(50, heartbeatTtl.toMillis() / 3);
            scheduler.scheduleAtFixedRate(this::beatQuietly, period, period, TimeUnit.MILLISECONDS);
        }, scheduler);
    }

    private void beat() {
        connection.sync().set(aliveKey(nodeId), "1", SetArgs.Builder.px(heartbeatTtl.toMillis()));
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("heartbeat to Redis failed: {}", e.toString());
        }
    }

    @Override
    public CompletionStage<Optional<Presence>> putPresence(Presence p) {
        return async.<String>eval(PUT, ScriptOutputType.VALUE,
                        new String[] {presenceKey(p.sessionId()), membersKey(nodeId)},
                        p.participantId().value(), PresenceJson.write(p), member(p.sessionId(), p.participantId(), p.connectionId()))
                .thenApply(old -> Optional.ofNullable(old).map(PresenceJson::read)
                        .filter(o -> !o.connectionId().equals(p.connectionId())));
    }

    @Override
    public CompletionStage<Boolean> removePresence(SessionId session, ParticipantId participant, String connectionId) {
        return removeIf(session, participant, connectionId, nodeId).thenApply(Optional::isPresent);
    }

    private CompletionStage<Optional<Presence>> removeIf(SessionId session, ParticipantId participant, String connectionId,
                                                         NodeId owner) {
        return async.<String>eval(REMOVE_IF_CONNECTION, ScriptOutputType.VALUE,
                        new String[] {presenceKey(session), membersKey(owner)},
                        participant.value(), connectionId, member(session, participant, connectionId))
                .thenApply(v -> Optional.ofNullable(v).map(PresenceJson::read));
    }

    @Override
    public CompletionStage<List<Presence>> presences(SessionId session) {
        return async.hvals(presenceKey(session)).thenApply(values -> {
            List<Presence> list = new ArrayList<>();
            values.forEach(v -> list.add(PresenceJson.read(v)));
            list.sort(Comparator.comparing(Presence::joinedAt).thenComparing(p -> p.participantId().value()));
            return list;
        });
    }

    @Override
    public CompletionStage<Void> publish(SessionId session, String payload) {
        return async.publish("rinjo:bus:" + session.value(), payload).thenApply(n -> null);
    }

    @Override
    public void setListener(BiConsumer<SessionId, String> listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> subscribe(SessionId session) {
        return pubSub.async().subscribe("rinjo:bus:" + session.value()).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(SessionId session) {
        return pubSub.async().unsubscribe("rinjo:bus:" + session.value()).thenApply(v -> null);
    }

    @Override
    public CompletionStage<List<Presence>> sweepDeadNodes() {
        return CompletableFuture.supplyAsync(() -> {
            RedisCommands<String, String> sync = connection.sync();
            List<Presence> removed = new ArrayList<>();
            for (String node : sync.smembers(NODES)) {
                NodeId dead = NodeId.of(node);
                if (dead.equals(nodeId) || sync.exists(aliveKey(dead)) > 0) {
                    continue;
                }
                for (String m : sync.smembers(membersKey(dead))) {
                    String[] parts = m.split("\\|");
                    if (parts.length == 3) {
                        removeIf(SessionId.of(parts[0]), ParticipantId.of(parts[1]), parts[2], dead)
                                .toCompletableFuture().join().ifPresent(removed::add);
                    }
                }
                sync.del(membersKey(dead));
                sync.srem(NODES, node);
                log.info("swept signaling node {}: its heartbeat lapsed; {} presences removed", dead, removed.size());
            }
            return removed;
        }, scheduler);
    }

    @Override
    public CompletionStage<Boolean> ping() {
        return async.ping().handle((pong, err) -> err == null && "PONG".equals(pong));
    }

    /**
     * Stops the heartbeat and drops the connections without deregistering — exactly what a crashed
     * node leaves behind in Redis. For fault tests and chaos tooling; a normal stop is {@link #close()}.
     */
    public void haltAsIfCrashed() {
        scheduler.shutdownNow();
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            RedisCommands<String, String> sync = connection.sync();
            sync.del(aliveKey(nodeId), membersKey(nodeId));
            sync.srem(NODES, nodeId.value());
        } catch (RuntimeException e) {
            log.warn("could not deregister node {} from Redis: {}", nodeId, e.toString());
        }
        pubSub.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
