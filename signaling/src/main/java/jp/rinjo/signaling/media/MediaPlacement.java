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
 * least-loaded live node with SET NX, so every signaling node agrees. A live session whose node died
 * is placed again, so the inspection can go on; a session that has ended never is: its node alone
 * holds the recording to seal, and is waited for (a node that restarts registers under the same id).
 * The placement is kept for the session's whole life, however long, and for a day after its seal.
 *
 * <p>Load is the endpoints a node last reported, plus the sessions placed on it within the last
 * {@link #RECENT} (counted in Redis, so across signaling nodes). A node reports every couple of
 * seconds, and its endpoints appear only once participants have joined: without the recent
 * placements, inspections that all start at 10:00 would all land on the one node that looked
 * emptiest a moment before.
 *
 * <pre>
 * rinjo:placement:{session}              string: the node id; no expiry until the seal, then 24 h
 * rinjo:placement:{session}:ended        string: the session ended, its node is not replaced; same expiry
 * rinjo:media-node:{id}:placed-recently  sorted set: session ids scored by placement time (ms)
 * </pre>
 */
public final class MediaPlacement {
    private static final String NODES = "rinjo:media-nodes";
    /** How long a sealed session's placement is kept: late calls for it (a participant leaving) still find its node. */
    static final Duration KEPT_AFTER_SEAL = Duration.ofHours(24);
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

    static String endedKey(SessionId s) {
        return placementKey(s) + ":ended";
    }

    static String aliveKey(String nodeId) {
        return "rinjo:media-node:" + nodeId + ":alive";
    }

    static String recentKey(String nodeId) {
        return "rinjo:media-node:" + nodeId + ":placed-recently";
    }

    /**
     * The node the session is on, placing it first if it is not placed yet, or again if its node is not
     * alive and the session has not ended.
     *
     * @throws RinjoException MEDIA_UNAVAILABLE when no node is running, or when the node of an ended
     *                        session is not (ask again later: nothing else can seal its recording)
     */
    public CompletionStage<MediaNodeRef> nodeFor(SessionId session) {
        return liveNodes().thenCompose(nodes -> redis.get(placementKey(session)).thenCompose(placed -> {
            Optional<MediaNodeRef> current = nodes.stream().filter(n -> n.id().equals(placed)).findFirst();
            if (current.isPresent()) {
                return CompletableFuture.completedFuture(current.get());
            }
            if (placed == null) {
                return place(session, nodes, null);
            }
            return redis.exists(endedKey(session)).thenCompose(ended -> {
                if (ended > 0) {
                    throw new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "session " + session.value() + " ended on media node "
                            + placed + ", which is not running now");
                }
                return place(session, nodes, placed);
            });
        }));
    }

    /** The live node the session is on; empty if it was never placed or its node is not alive. Never places. */
    public CompletionStage<Optional<MediaNodeRef>> placedNode(SessionId session) {
        return redis.get(placementKey(session)).thenCompose(placed -> placed == null
                ? CompletableFuture.completedFuture(Optional.<MediaNodeRef>empty())
                : liveNodes().thenApply(nodes -> nodes.stream().filter(n -> n.id().equals(placed)).findFirst()));
    }

    /** The session ended: from now on it stays on its node, alive or not, until {@link #sealed}. */
    public CompletionStage<Void> ended(SessionId session) {
        return redis.set(endedKey(session), "1").thenApply(ok -> null);
    }

    /** The session's node confirmed the seal: its placement may go (after {@link #KEPT_AFTER_SEAL}). */
    public CompletionStage<Void> sealed(SessionId session) {
        return redis.pexpire(placementKey(session), KEPT_AFTER_SEAL.toMillis())
                .thenCompose(kept -> redis.pexpire(endedKey(session), KEPT_AFTER_SEAL.toMillis()))
                .thenApply(kept -> null);
    }

    /** On the least-loaded of {@code nodes}; {@code previous} is the node it was on, if any (it died). */
    private CompletionStage<MediaNodeRef> place(SessionId session, List<MediaNodeRef> nodes, String previous) {
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
            // no expiry: a session can stay live, or wait for its node to seal it, longer than any fixed time
            CompletionStage<String> set = previous == null ? redis.set(placementKey(session), chosen.id(), SetArgs.Builder.nx())
                    : redis.set(placementKey(session), chosen.id());
            return set
                    .thenCompose(ok -> redis.get(placementKey(session)))
                    .thenCompose(winner -> {
                        MediaNodeRef node = nodes.stream().filter(n -> n.id().equals(winner)).findFirst().orElse(chosen);
                        // idempotent: the session id is the member, so the signaling node that lost the race adds nothing
                        return redis.zadd(recentKey(node.id()), System.currentTimeMillis(), session.value())
                                .thenCompose(added -> redis.pexpire(recentKey(node.id()), 2 * RECENT.toMillis()))
                                .thenApply(expiring -> node);
                    });
        });
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
