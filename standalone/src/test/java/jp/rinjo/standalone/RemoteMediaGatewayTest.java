package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.control.registry.RedisMediaRegistry;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.signaling.media.MediaGateway;
import jp.rinjo.signaling.media.RemoteMediaGateway;
import jp.rinjo.standalone.browser.RemoteNodeSettings;

/**
 * Two signaling nodes' gateways to one separate media node, through a real Redis: the node's
 * subscribe offers for a participant are passed on by the signaling node holding their connection,
 * and only by that one, also after the participant reconnected through another signaling node.
 */
class RemoteMediaGatewayTest {
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static MediaNodeMain.Running node;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        node = MediaNodeMain.start(RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp()));
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    @Test
    void aParticipantWhoReconnectedThroughAnotherSignalingNodeGetsEachOfferOnceFromThere() throws Exception {
        try (RemoteMediaGateway a = new RemoteMediaGateway(redis.url(), RemoteNodeSettings.SECRET);
             RemoteMediaGateway b = new RemoteMediaGateway(redis.url(), RemoteNodeSettings.SECRET)) {
            Offers passedOnByA = new Offers(a);
            Offers passedOnByB = new Offers(b);
            SessionId session = SessionId.random();
            ParticipantId inspector = ParticipantId.random();
            ParticipantId phone = ParticipantId.random();
            await(a.joined(session, inspector));
            await(a.joined(session, phone));
            node.registry().subscribeOffer(session, phone, "offer 1");
            Poll.until("A passed the first offer on", () -> passedOnByA.to(phone).contains("offer 1"));

            // the phone's connection moved to B; A only closes its replaced connection (no "left": the person is still here)
            await(b.joined(session, phone));
            node.registry().subscribeOffer(session, phone, "offer 2");
            node.registry().subscribeOffer(session, inspector, "offer for the inspector");
            Poll.until("B passed the second offer on", () -> passedOnByB.to(phone).contains("offer 2"));
            Poll.until("A passed the inspector's offer on", () -> passedOnByA.to(inspector).contains("offer for the inspector"));
            // A gets the node's messages in order: the phone's second offer came before the inspector's
            assertThat(passedOnByA.to(phone)).containsExactly("offer 1");
            assertThat(passedOnByB.to(phone)).containsExactly("offer 2");
        }
    }

    @Test
    void aSignalingNodeWhoseLastParticipantReconnectedElsewhereStopsListeningToTheSession() throws Exception {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> raw = client.connect();
             RemoteMediaGateway a = new RemoteMediaGateway(redis.url(), RemoteNodeSettings.SECRET);
             RemoteMediaGateway b = new RemoteMediaGateway(redis.url(), RemoteNodeSettings.SECRET)) {
            SessionId session = SessionId.random();
            ParticipantId phone = ParticipantId.random();
            String offers = RedisMediaRegistry.eventsChannel(session);
            await(a.joined(session, phone));
            assertThat(raw.sync().pubsubNumsub(offers)).containsEntry(offers, 1L);
            await(b.joined(session, phone));
            Poll.until("only B listens to the session's offers", Duration.ofSeconds(10),
                    () -> raw.sync().pubsubNumsub(offers).get(offers) == 1L);
        } finally {
            client.shutdown();
        }
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What a gateway hands to its signaling node's participants, per participant. */
    private static final class Offers implements MediaGateway.Sink {
        private final Map<ParticipantId, List<String>> sdps = new ConcurrentHashMap<>();

        Offers(MediaGateway gateway) {
            gateway.setSink(this);
        }

        List<String> to(ParticipantId participant) {
            return sdps.getOrDefault(participant, List.of());
        }

        @Override
        public void sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose) {
            sdps.computeIfAbsent(participant, p -> new CopyOnWriteArrayList<>()).add(sdp);
        }

        @Override
        public void recording(SessionId session, String state, String detail) {
        }
    }
}
