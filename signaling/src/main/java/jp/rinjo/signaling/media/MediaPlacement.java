package jp.rinjo.signaling.media;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;

/**
 * Which media node a session is on. The first signaling node to ask places the session on the
 * least-loaded live node with SET NX, so every signaling node agrees; a session whose node died is
 * placed again.
 *
 * <p>Load is the endpoints a node last reported, plus the sessions placed on it within the last
 * {@link #RECENT} (counted in Redis, so across signaling nodes). A node reports every couple of
 * seconds, and its endpoints appear only once participants have joined: without the recent
 * placements, inspections that all start at 10:00 would all land on the one node that looked
 * emptiest a moment before.
 *
 * <pre>
 * rinjo:placement:{session}              string: the node id, 24 h
 * rinjo:media-node:{id}:placed-recently  sorted set: session ids scored by placement time (ms)
 * </pre>
 */
public final class MediaPlacement {
    private static final String NODES = "rinjo:media-nodes";
    private static final Duration PLACEMENT_TTL = Duration.ofHours(24);
    /** Longer than a heartbeat period plus the time participants take to join. */
    static final Duration RECENT = Duration.ofSeconds(10);
    /** What a session placed but not yet reported weighs: a contractor and an inspector, each publishing and subscribing. */
    static final int ENDPOINTS_PER_NEW_SESSION = 4;
    private final RedisAsyncCommands<String, String> redis;
    private final ObjectMapper mapper = new ObjectMapper();

    public MediaPlacement(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
    }

    static String placementKey(SessionId s) {
        return "rinjo:placement:" + s.value();
    }

    static String aliveKey(String nodeId) {
        return "rinjo:media-node:" + nodeId + ":alive";
    }

    static String recentKey(String nodeId) {
        return "rinjo:media-node:" + nodeId + ":placed-recently";
    }

    public CompletionStage<MediaNodeRef> nodeFor(SessionId session) {
        return liveNodes().thenCompose(nodes -> redis.get(placementKey(session)).thenCompose(placed -> {
            Optional<MediaNodeRef> current = nodes.stream().filter(n -> n.id().equals(placed)).findFirst();
            if (current.isPresent()) {
                return CompletableFuture.completedFuture(current.get());
            }
            if (nodes.isEmpty()) {
                throw new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "no media node is running");
            }
            return recentPlacements(nodes).thenCompose(recent -> {
                int best = 0;
                for (int i = 1; i < nodes.size(); i++) {
                    if (load(nodes.get(i), recent[i]) < load(nodes.get(best), recent[best])) {
                        best = i;
                    }
                }
                MediaNodeRef chosen = nodes.get(best);
                SetArgs args = placed == null ? SetArgs.Builder.nx().px(PLACEMENT_TTL.toMillis()) : SetArgs.Builder.px(PLACEMENT_TTL.toMillis());
                return redis.set(placementKey(session), chosen.id(), args)
                        .thenCompose(ok -> redis.get(placementKey(session)))
                        .thenCompose(winner -> {
                            MediaNodeRef node = nodes.stream().filter(n -> n.id().equals(winner)).findFirst().orElse(chosen);
                            // idempotent: the session id is the member, so the signaling node that lost the race adds nothing
                            return redis.zadd(recentKey(node.id()), System.currentTimeMillis(), session.value())
                                    .thenCompose(added -> redis.pexpire(recentKey(node.id()), 2 * RECENT.toMillis()))
                                    .thenApply(expiring -> node);
                        });
            });
        }));
    }

    private static long load(MediaNodeRef node, long recentSessions) {
        return node.endpoints() + ENDPOINTS_PER_NEW_SESSION * recentSessions;
    }

    /** For each node, the sessions placed on it within {@link #RECENT}; older entries are dropped on the way. */
    private CompletionStage<long[]> recentPlacements(List<MediaNodeRef> nodes) {
        long since = System.currentTimeMillis() - RECENT.toMillis();
        CompletableFuture<?>[] counts = nodes.stream()
                .map(n -> redis.zremrangebyscore(recentKey(n.id()), Range.create(Double.NEGATIVE_INFINITY, (double) since))
                        .thenCompose(removed -> redis.zcard(recentKey(n.id()))).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(counts).thenApply(v -> {
            long[] recent = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                recent[i] = (Long) counts[i].join();
            }
            return recent;
        });
    }

    /** Registered nodes whose heartbeat is alive. */
    public CompletionStage<List<MediaNodeRef>> liveNodes() {
        return redis.hgetall(NODES).thenCompose(all -> {
            List<MediaNodeRef> nodes = all.values().stream().map(this::read).flatMap(Optional::stream).toList();
            CompletableFuture<?>[] checks = nodes.stream().map(n -> redis.exists(aliveKey(n.id())).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(checks).thenApply(v -> {
                List<MediaNodeRef> alive = new java.util.ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    if (((Long) checks[i].join()) > 0) {
                        alive.add(nodes.get(i));
                    }
                }
                return alive;
            });
        });
    }

    private Optional<MediaNodeRef> read(String json) {
        try {
            JsonNode n = mapper.readTree(json);
            return Optional.of(new MediaNodeRef(n.get("id").asText(), n.get("controlUrl").asText(), n.path("endpoints").asInt()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
