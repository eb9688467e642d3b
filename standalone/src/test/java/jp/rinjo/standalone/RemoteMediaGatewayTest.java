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
    void anOperatorScrapesTheNodesCountersAndRecordingStateWithoutSigning() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + node.control().port();
        long garbageBefore = counter(http, base, "rinjo_media_garbage_total");
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            byte[] junk = "not a STUN, DTLS or RTP packet".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                udp.send(new java.net.DatagramPacket(junk, junk.length, java.net.InetAddress.getLoopbackAddress(), node.node().port()));
            }
        }
        Poll.until("the five datagrams counted as garbage", () -> counter(http, base, "rinjo_media_garbage_total") >= garbageBefore + 5);

        String metrics = get(http, base + "/metrics", 200);
        assertThat(metrics).contains("# TYPE rinjo_media_packets_in_total counter")
                .contains("\nrinjo_recording_uploads_failing 0\n").contains("\nrinjo_recording_spool_full 0\n")
                .contains("\nrinjo_recording_spool_bytes ");
        assertThat(get(http, base + "/health", 200)).isEqualTo("{\"status\":\"UP\",\"degraded\":false,\"checks\":{\"recording\":\"UP\"},\"evidenceAtRisk\":[]}");
        // the operations themselves still need a signature
        get(http, base + "/internal/v1/load", 401);
    }

    private static String get(java.net.http.HttpClient http, String url, int status) throws Exception {
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(status);
        return r.body();
    }

    private static long counter(java.net.http.HttpClient http, String base, String name) {
        String metrics;
        try {
            metrics = get(http, base + "/metrics", 200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return metrics.lines().filter(l -> l.startsWith(name + " "))
                .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1))).findFirst().orElseThrow();
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
