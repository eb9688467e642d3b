package jp.rinjo.media.control.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;

/**
 * A media node in a cluster: registers itself with its control URL and load, keeps a heartbeat,
 * and hands its messages for participants (subscribe offers) to signaling through Redis.
 *
 * <pre>
 * rinjo:media-nodes               hash  nodeId → {"id","controlUrl","sessions","endpoints","publishedTracks","updatedAt"}
 * rinjo:media-node:{id}:alive     string with a TTL, refreshed by the heartbeat
 * rinjo:media-out:{session}       pub/sub: {"participant","kind":"offer","purpose":"subscribe","sdp"}
 * </pre>
 */
public final class RedisMediaRegistry implements MediaControl.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisMediaRegistry.class);
    public static final String NODES = "rinjo:media-nodes";

    private final NodeId nodeId;
    private final String controlUrl;
    private final Duration ttl;
    private final Supplier<NodeLoad> load;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final ScheduledExecutorService heartbeat;

    public RedisMediaRegistry(String redisUrl, NodeId nodeId, String controlUrl, Duration ttl, Supplier<NodeLoad> load) {
        this.nodeId = nodeId;
        this.controlUrl = controlUrl;
        this.ttl = ttl;
        this.load = load;
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rinjo-media-registry");
            t.setDaemon(true);
            return t;
        });
        beat();
        long period = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::beatQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    public static String aliveKey(String nodeId) {
        return "rinjo:media-node:" + nodeId + ":alive";
    }

    public static String eventsChannel(SessionId session) {
        return "rinjo:media-out:" + session.value();
    }

    private void beat() {
        NodeLoad l = load.get();
        String json = "{\"id\":\"" + nodeId + "\",\"controlUrl\":" + JsonStrings.quote(controlUrl) + ",\"sessions\":" + l.sessions() + ",\"endpoints\":"
                + l.endpoints() + ",\"publishedTracks\":" + l.publishedTracks() + ",\"updatedAt\":\"" + Instant.now() + "\"}";
        connection.sync().hset(NODES, nodeId.value(), json);
        connection.sync().set(aliveKey(nodeId.value()), "1", SetArgs.Builder.px(ttl.toMillis()));
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn("media node heartbeat to Redis failed: {}", e.toString());
        }
    }

    @Override
    public void subscribeOffer(SessionId session, ParticipantId participant, String sdp) {
        String json = "{\"participant\":\"" + participant + "\",\"kind\":\"offer\",\"purpose\":\"subscribe\",\"sdp\":"
                + JsonStrings.quote(sdp) + "}";
        connection.async().publish(eventsChannel(session), json).exceptionally(e -> {
            log.warn("session {}: could not hand a subscribe offer for {} to signaling: {}", session, participant, e.toString());
            return 0L;
        });
    }

    @Override
    public void recording(SessionId session, String state, String detail) {
        String json = "{\"kind\":\"recording\",\"state\":" + JsonStrings.quote(state) + ",\"detail\":"
                + JsonStrings.quote(detail == null ? "" : detail) + "}";
        connection.async().publish(eventsChannel(session), json);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            connection.sync().hdel(NODES, nodeId.value());
            connection.sync().del(aliveKey(nodeId.value()));
        } catch (RuntimeException e) {
            log.warn("could not deregister media node {}: {}", nodeId, e.toString());
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
