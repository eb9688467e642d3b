package jp.rinjo.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.http.MediaControlHttpServer;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;

/** The media node's control API over HTTP: authentication, operations, and clear errors. */
class MediaControlHttpServerTest {
    static final String SECRET = "control-secret-for-tests";
    MediaNode node;
    MediaControlHttpServer control;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(100), 0, 0));
        control = MediaControlHttpServer.start(node, "127.0.0.1", 0, SECRET);
    }

    @AfterEach
    void stop() {
        control.close();
        node.close();
    }

    HttpResponse<String> post(String path, String secret, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port() + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publishingThroughTheApiReturnsTheNodesAnswer() throws Exception {
        SessionId s = SessionId.random();
        ParticipantId p = ParticipantId.random();
        String base = "/internal/v1/sessions/" + s + "/participants/" + p;
        assertThat(post(base + "/joined", SECRET, null).statusCode()).isEqualTo(204);
        try (JavaPeer peer = new JavaPeer()) {
            HttpResponse<String> answer = post(base + "/publish", SECRET, PeerSdp.publishOffer(peer, 1, 2));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).startsWith("v=0").contains("a=ice-lite");
        }
        HttpResponse<String> load = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port()
                + "/internal/v1/load")).header("Authorization", "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(load.body()).contains("\"publishedTracks\":2");
        assertThat(post(base + "/left", SECRET, null).statusCode()).isEqualTo(204);
    }

    @Test
    void callsWithoutTheSecretOrWithBadInputAreRefusedWithJsonErrors() throws Exception {
        String base = "/internal/v1/sessions/" + SessionId.random() + "/participants/" + ParticipantId.random();
        HttpResponse<String> noAuth = post(base + "/joined", null, null);
        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(noAuth.body()).contains("\"code\":\"unauthenticated\"");
        assertThat(post(base + "/joined", "wrong-secret-wrong-secret", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bogus = post(base + "/publish", SECRET, "not an sdp");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.body()).contains("validation-failed").contains("publish offer");
        assertThat(post("/internal/v1/sessions/x/participants/y/joined", SECRET, null).statusCode()).isEqualTo(400);
        assertThat(post(base + "/teleport", SECRET, null).statusCode()).isEqualTo(404);
        assertThat(post(base + "/publish", SECRET, "v=0\r\n" + "a=x\r\n".repeat(20_000)).statusCode()).isEqualTo(413);
    }

    @Test
    void sessionsBeingSealedDoNotHoldUpTheOtherSessionsOperations() throws Exception {
        CompletableFuture<Void> sealing = new CompletableFuture<>(); // seals and renditions still running
        try (MediaControlHttpServer sealingNode = MediaControlHttpServer.start(new SlowSealsControl(node, sealing),
                "127.0.0.1", 0, SECRET)) {
            List<CompletableFuture<HttpResponse<String>>> seals = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // as many sessions end at once as the API has threads
                seals.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sealingNode.port()
                        + "/internal/v1/sessions/" + SessionId.random() + "/ended"))
                        .header("Authorization", "Bearer " + SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + sealingNode.port() + "/internal/v1/sessions/" + SessionId.random() + "/participants/"
                    + ParticipantId.random() + "/joined")).timeout(Duration.ofSeconds(30)) // far above any real answer
                    .header("Authorization", "Bearer " + SECRET)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(joined.statusCode()).as("joined for another session, 8 seals pending").isEqualTo(204);
            assertThat(seals).noneMatch(CompletableFuture::isDone);

            sealing.complete(null);
            for (CompletableFuture<HttpResponse<String>> seal : seals) {
                assertThat(seal.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                        .as("each seal is answered once it completes").isEqualTo(204);
            }
        }
    }

    /** The real node, except that sealing a session completes only when the test says so. */
    record SlowSealsControl(MediaNode node, CompletableFuture<Void> sealing) implements MediaControl {
        @Override
        public void setListener(Listener listener) {
            node.setListener(listener);
        }

        @Override
        public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
            return node.joined(session, participant);
        }

        @Override
        public CompletionStage<String> publish(SessionId session, ParticipantId participant, String offerSdp) {
            return node.publish(session, participant, offerSdp);
        }

        @Override
        public CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answerSdp) {
            return node.subscribeAnswer(session, participant, answerSdp);
        }

        @Override
        public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
            return node.left(session, participant);
        }

        @Override
        public CompletionStage<Void> sessionEnded(SessionId session, List<Attendee> attendees) {
            return sealing;
        }

        @Override
        public NodeLoad load() {
            return node.load();
        }
    }
}
