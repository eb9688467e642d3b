package jp.rinjo.signaling.media;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;

/**
 * Which media node a session is on. The first signaling node to ask places the session on the
 * least-loaded live node (fewest endpoints) with SET NX, so every signaling node agrees; a session
 * whose node died is placed again.
 */
public final class MediaPlacement {
    private static final String NODES = "rinjo:media-nodes";
    private static final Duration PLACEMENT_TTL = Duration.ofHours(24);
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

    public CompletionStage<MediaNodeRef> nodeFor(SessionId session) {
        return liveNodes().thenCompose(nodes -> redis.get(placementKey(session)).thenCompose(placed -> {
            Optional<MediaNodeRef> current = nodes.stream().filter(n -> n.id().equals(placed)).findFirst();
            if (current.isPresent()) {
                return CompletableFuture.completedFuture(current.get());
            }
            MediaNodeRef best = nodes.stream().min(Comparator.comparingInt(MediaNodeRef::endpoints)).orElseThrow(() ->
                    new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "no media node is running"));
            SetArgs args = placed == null ? SetArgs.Builder.nx().px(PLACEMENT_TTL.toMillis()) : SetArgs.Builder.px(PLACEMENT_TTL.toMillis());
            return redis.set(placementKey(session), best.id(), args)
                    .thenCompose(ok -> redis.get(placementKey(session)))
                    .thenApply(winner -> nodes.stream().filter(n -> n.id().equals(winner)).findFirst().orElse(best));
        }));
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
