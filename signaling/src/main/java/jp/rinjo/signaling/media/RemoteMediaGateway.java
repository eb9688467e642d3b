package jp.rinjo.signaling.media;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * Signaling's gateway to media nodes in other processes: sessions are placed on nodes through
 * Redis ({@link MediaPlacement}), control calls go to the node's HTTP API, each request signed
 * ({@link ControlRequestSigner}), and the
 * node's subscribe offers come back on {@code rinjo:media-out:{session}}. Only the signaling node
 * holding the participant's connection passes an offer on, so it is delivered once.
 *
 * <p>A person who reconnects through another signaling node is not "left" here (they are still in
 * the session), so each join is numbered and announced: a gateway that hears of a later join of one
 * of its participants elsewhere drops them, and stops listening to the session once nobody is left.
 * <pre>
 * rinjo:media-joins:{session}:{participant}  counter: the participant's joins, kept a day after the last
 * rinjo:media-served:{session}                pub/sub: {"participant","join"}, from the gateway that now serves them
 * </pre>
 */
public final class RemoteMediaGateway extends ControlMediaGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteMediaGateway.class);
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> events;
    private final MediaPlacement placement;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ControlRequestSigner signer;
    private final ObjectMapper mapper = new ObjectMapper();
    private static final String OFFERS = "rinjo:media-out:";
    private static final String SERVED = "rinjo:media-served:";
    private static final Duration JOINS_KEPT = Duration.ofHours(24);
    private final RemoteStillCalls stills;
    /** session → participants connected to this signaling node → the number of their join here */
    private final ConcurrentHashMap<SessionId, Map<ParticipantId, Long>> local = new ConcurrentHashMap<>();

    public RemoteMediaGateway(String redisUrl, String secret) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.redis = connection.async();
        this.placement = new MediaPlacement(connection);
        this.signer = new ControlRequestSigner(secret, java.time.Clock.systemUTC());
        this.events = client.connectPubSub();
        this.stills = new RemoteStillCalls(http, signer, placement, this::toError);
        this.events.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.startsWith(SERVED)) {
                    onServed(SessionId.of(channel.substring(SERVED.length())), message);
                } else {
                    onEvent(SessionId.of(channel.substring(OFFERS.length())), message);
                }
            }
        });
    }

    private void onEvent(SessionId session, String message) {
        try {
            JsonNode n = mapper.readTree(message);
            Sink s = sink();
            if ("recording".equals(n.path("kind").asText())) {
                if (s != null && local.containsKey(session)) {
                    s.recording(session, n.path("state").asText(), n.path("detail").asText(null));
                }
                return;
            }
            ParticipantId p = ParticipantId.of(n.get("participant").asText());
            if (s != null && local.getOrDefault(session, Map.of()).containsKey(p)) {
                s.sdp(session, p, n.get("kind").asText(), n.get("sdp").asText(), n.get("purpose").asText());
            }
        } catch (Exception e) {
            log.warn("session {}: unreadable media-node event: {}", session, e.toString());
        }
    }

    /** A later join of one of our participants, through another signaling node: their connection here was replaced. */
    private void onServed(SessionId session, String message) {
        try {
            JsonNode n = mapper.readTree(message);
            ParticipantId p = ParticipantId.of(n.get("participant").asText());
            long join = n.get("join").asLong();
            forget(session, p, ours -> ours < join);
        } catch (Exception e) {
            log.warn("session {}: unreadable participant announcement: {}", session, e.toString());
        }
    }

    @Override
    public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
        String joins = "rinjo:media-joins:" + session.value() + ":" + participant.value();
        return redis.incr(joins).thenCompose(join -> redis.pexpire(joins, JOINS_KEPT.toMillis()).thenCompose(kept -> {
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            // (un)subscribing inside compute keeps the commands in the order the set was filled and emptied
            local.compute(session, (k, here) -> {
                if (here == null) {
                    here = new ConcurrentHashMap<>();
                    events.async().subscribe(OFFERS + session.value(), SERVED + session.value())
                            .whenComplete((v, e) -> complete(subscribed, e));
                } else {
                    subscribed.complete(null);
                }
                here.put(participant, join);
                return here;
            });
            // the gateway that served this person before (an earlier, lower join) drops them
            return subscribed.thenCompose(v -> redis.publish(SERVED + session.value(),
                    "{\"participant\":\"" + participant.value() + "\",\"join\":" + join + "}"));
        })).thenCompose(v -> call(session, participant, "joined", null)).thenApply(b -> null);
    }

    private static void complete(CompletableFuture<Void> f, Throwable failure) {
        if (failure == null) {
            f.complete(null);
        } else {
            f.completeExceptionally(failure);
        }
    }

    /** Drops the participant from this node's set if {@code which} says so; stops listening once the set is empty. */
    private void forget(SessionId session, ParticipantId participant, java.util.function.LongPredicate which) {
        local.computeIfPresent(session, (k, here) -> {
            here.computeIfPresent(participant, (p, ours) -> which.test(ours) ? null : ours);
            if (!here.isEmpty()) {
                return here;
            }
            events.async().unsubscribe(OFFERS + session.value(), SERVED + session.value());
            return null;
        });
    }

    @Override
    protected CompletionStage<String> publish(SessionId session, ParticipantId participant, String offer) {
        return call(session, participant, "publish", offer);
    }

    @Override
    protected CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answer) {
        return call(session, participant, "subscribe-answer", answer).thenApply(b -> null);
    }

    @Override
    public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
        forget(session, participant, ours -> true);
        // never places: a session whose node is gone has no endpoints of this participant to drop, and
        // placing it again here would move an ending session's seal away from the node that holds it
        return placement.placedNode(session).thenCompose(node -> node.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                : send(node.get(), session, participant, "left", null).thenApply(b -> null));
    }

    /**
     * Only the node the session is on can seal it (it holds the recording), so while that node is not
     * alive this fails with MEDIA_UNAVAILABLE and {@link SessionEndDelivery} asks again; it is never
     * sent to another node, which would seal an empty recording in its place.
     */
    @Override
    public CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
        String body;
        try {
            body = mapper.writeValueAsString(end);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return placement.ended(session).thenCompose(v -> placement.nodeFor(session)).thenCompose(node -> http.sendAsync(
                signer.post(URI.create(node.controlUrl() + "/internal/v1/sessions/" + session.value() + "/ended"), body)
                        .timeout(Duration.ofMinutes(5)) // sealing and renditions take a while for a long session
                        .header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))).thenCompose(response -> {
                    if (response.statusCode() / 100 == 2) {
                        return sealConfirmed(session);
                    }
                    RinjoException refused = toError(response);
                    if (refused.code() == ErrorCode.CONFLICT) { // sealed before: confirmed as well
                        return sealConfirmed(session).thenApply(v -> {
                            throw refused;
                        });
                    }
                    throw refused;
                });
    }

    @Override
    public CompletionStage<StoredStill> storeStill(SessionId session, Still still, byte[] jpeg) {
        return stills.store(session, still, jpeg);
    }

    @Override
    public CompletionStage<java.util.Optional<byte[]>> readStill(SessionId session, String stillId) {
        return stills.read(session, stillId);
    }

    /** The placement has served its purpose; a failure to say so only leaves it in Redis for longer. */
    private CompletionStage<Void> sealConfirmed(SessionId session) {
        return placement.sealed(session).exceptionally(e -> {
            log.warn("session {}: sealed, but its placement is still pinned in Redis: {}", session, e.toString());
            return null;
        });
    }

    private CompletionStage<String> call(SessionId session, ParticipantId participant, String op, String body) {
        return placement.nodeFor(session).thenCompose(node -> send(node, session, participant, op, body));
    }

    private CompletionStage<String> send(MediaNodeRef node, SessionId session, ParticipantId participant, String op, String body) {
        HttpRequest request = signer.post(URI.create(node.controlUrl() + "/internal/v1/sessions/"
                        + session.value() + "/participants/" + participant.value() + "/" + op), body)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/sdp")
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(response -> {
            if (response.statusCode() / 100 == 2) {
                return response.body();
            }
            throw toError(response);
        });
    }

    private RinjoException toError(HttpResponse<String> response) {
        return toError(response.statusCode(), response.body());
    }

    private RinjoException toError(int status, String body) {
        try {
            JsonNode e = mapper.readTree(body).path("error");
            String code = e.path("code").asText("internal").toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            return new RinjoException(ErrorCode.valueOf(code), e.path("message").asText("media node error"));
        } catch (Exception ex) {
            return new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "media node answered HTTP " + status);
        }
    }

    @Override
    public void close() {
        events.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
