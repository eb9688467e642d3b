package jp.rinjo.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.control.RequestSignature;
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
    static final java.util.concurrent.atomic.AtomicLong NONCES = new java.util.concurrent.atomic.AtomicLong();
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
        return http.send(signedPost(control, path, secret, body, Instant.now()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST signed as signaling signs it, with the given secret (none: unsigned) and time. */
    static HttpRequest.Builder signedPost(MediaControlHttpServer server, String path, String secret, String body,
            Instant at) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b));
        return secret == null ? request : sign(request, "POST", path, secret, b, at);
    }

    static HttpRequest.Builder sign(HttpRequest.Builder request, String method, String path, String secret, byte[] body,
            Instant at) {
        String nonce = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(System.nanoTime()).putLong(NONCES.getAndIncrement()).array());
        return request.header(RequestSignature.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()))
                .header(RequestSignature.NONCE_HEADER, nonce)
                .header("Authorization", RequestSignature.SCHEME + " " + RequestSignature.sign(
                        secret.getBytes(StandardCharsets.UTF_8), method, path, at.getEpochSecond(), nonce, body));
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
        HttpResponse<String> load = http.send(sign(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port()
                + "/internal/v1/load")), "GET", "/internal/v1/load", SECRET, new byte[0], Instant.now()).build(),
                HttpResponse.BodyHandlers.ofString());
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
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port()
                + base + "/joined")).header("Authorization", "Bearer " + SECRET)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).as("the secret itself is no longer a credential").isEqualTo(401);
        HttpResponse<String> bogus = post(base + "/publish", SECRET, "not an sdp");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.body()).contains("validation-failed").contains("publish offer");
        assertThat(post("/internal/v1/sessions/x/participants/y/joined", SECRET, null).statusCode()).isEqualTo(400);
        assertThat(post(base + "/teleport", SECRET, null).statusCode()).isEqualTo(404);
        assertThat(post(base + "/publish", SECRET, "v=0\r\n" + "a=x\r\n".repeat(20_000)).statusCode()).isEqualTo(413);
    }

    @Test
    void aCapturedRequestCannotBeSentAgainAlteredOrLate() throws Exception {
        SessionId s = SessionId.random();
        String joined = "/internal/v1/sessions/" + s + "/participants/" + ParticipantId.random() + "/joined";
        HttpRequest captured = signedPost(control, joined, SECRET, null, Instant.now()).build();
        assertThat(http.send(captured, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(post(joined, SECRET, null).statusCode()).as("the same join again, signed anew").isEqualTo(204);
        HttpResponse<String> replayed = http.send(captured, HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("\"code\":\"unauthenticated\"").contains("replayed");

        // signed for one SDP, sent with another
        String publish = "/internal/v1/sessions/" + s + "/participants/" + ParticipantId.random() + "/publish";
        HttpRequest signedFor = signedPost(control, publish, SECRET, "v=0\r\n", Instant.now()).build();
        HttpRequest.Builder altered = HttpRequest.newBuilder(signedFor.uri())
                .POST(HttpRequest.BodyPublishers.ofString("v=0\r\ns=injected\r\n"));
        signedFor.headers().map().forEach((name, values) -> values.forEach(v -> altered.header(name, v)));
        assertThat(http.send(altered.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // and sent to another path
        HttpRequest.Builder moved = HttpRequest.newBuilder(URI.create(signedFor.uri().toString().replace("/publish",
                "/subscribe-answer"))).POST(HttpRequest.BodyPublishers.ofString("v=0\r\n"));
        signedFor.headers().map().forEach((name, values) -> values.forEach(v -> moved.header(name, v)));
        assertThat(http.send(moved.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        for (Instant at : List.of(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120))) {
            HttpResponse<String> stale = http.send(signedPost(control, joined, SECRET, null, at).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stale.statusCode()).as("signed at %s", at).isEqualTo(401);
            assertThat(stale.body()).contains("timestamp");
        }
    }

    @Test
    void theSignatureCoversMethodPathTimestampAndBodyHash() {
        // the same value pins signaling's ControlRequestSigner (checked there with openssl's figure)
        assertThat(RequestSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), "POST",
                "/internal/v1/sessions/s1/participants/p1/publish", 1_700_000_000L, "00112233445566778899aabbccddeeff",
                "v=0\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("07340e90e0c5a538242bfda6b0201fa0f7a7b36d9208821828b71bd7559d5e5f");
    }

    @Test
    void sessionsBeingSealedDoNotHoldUpTheOtherSessionsOperations() throws Exception {
        CompletableFuture<Void> sealing = new CompletableFuture<>(); // seals and renditions still running
        try (MediaControlHttpServer sealingNode = MediaControlHttpServer.start(new SlowSealsControl(node, sealing),
                "127.0.0.1", 0, SECRET)) {
            List<CompletableFuture<HttpResponse<String>>> seals = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // as many sessions end at once as the API has threads
                seals.add(http.sendAsync(signedPost(sealingNode, "/internal/v1/sessions/" + SessionId.random() + "/ended",
                        SECRET, "[]", Instant.now()).build(), HttpResponse.BodyHandlers.ofString()));
            }
            HttpResponse<String> joined = http.send(signedPost(sealingNode, "/internal/v1/sessions/" + SessionId.random()
                    + "/participants/" + ParticipantId.random() + "/joined", SECRET, null, Instant.now())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()); // far above any real answer
            assertThat(joined.statusCode()).as("joined for another session, 8 seals pending").isEqualTo(204);
            assertThat(seals).noneMatch(CompletableFuture::isDone);

            sealing.complete(null);
            for (CompletableFuture<HttpResponse<String>> seal : seals) {
                assertThat(seal.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode())
                        .as("each seal is answered once it completes").isEqualTo(204);
            }
        }
    }

    @Test
    void theEndOfASessionBringsTheInspectionForTheManifestAndAnOlderSignalingsAttendeeArrayStillSeals() throws Exception {
        SlowSealsControl sealed = new SlowSealsControl(node, CompletableFuture.completedFuture(null));
        try (MediaControlHttpServer server = MediaControlHttpServer.start(sealed, "127.0.0.1", 0, SECRET)) {
            String body = "{\"attendees\":[{\"participantId\":\"par_a\",\"displayName\":\"監督員 山田\",\"role\":\"INSPECTOR\"}],"
                    + "\"inspection\":{\"contractNo\":\"R8道路第12号\",\"contractName\":\"国道8号舗装補修工事\",\"contractor\":\"北陸建設\","
                    + "\"department\":\"道路課\",\"type\":\"STAGE_CHECK\",\"typeLabel\":\"段階確認\","
                    + "\"scheduledStart\":\"2026-11-27T14:00:00+09:00\",\"scheduledEnd\":\"2026-11-27T15:00:00+09:00\","
                    + "\"place\":\"第3工区\",\"inspectorName\":\"監督員 山田\",\"status\":\"ENDED\",\"result\":\"PASS\","
                    + "\"resultLabel\":\"合格\",\"resultNote\":null,\"endedAt\":\"2026-11-27T15:05:00+09:00\","
                    + "\"addedByANewerSignaling\":\"left out, not refused\"}}";
            assertThat(http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/ended", SECRET, body, Instant.now())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            assertThat(http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/ended", SECRET,
                    "[{\"participantId\":\"par_b\",\"displayName\":\"現場代理人\",\"role\":\"CONTRACTOR\"}]", Instant.now())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            HttpResponse<String> malformed = http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/ended",
                    SECRET, "\"par_c\"", Instant.now()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("malformed-json").contains("{attendees, inspection}");
            // a still whose first line is not its description is told what its body must start with
            server.serveStills(new jp.rinjo.media.control.StillControl() {
                @Override
                public java.util.concurrent.CompletionStage<Stored> store(SessionId session, Still still, byte[] jpeg) {
                    throw new AssertionError("a malformed still reached the recorder");
                }

                @Override
                public java.util.concurrent.CompletionStage<java.util.Optional<byte[]>> read(SessionId session, jp.rinjo.common.id.StillId still) {
                    throw new AssertionError("not read");
                }
            });
            HttpResponse<String> badStill = http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/stills",
                    SECRET, "{not json\n\u00ff\u00d8", Instant.now()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(badStill.statusCode()).isEqualTo(400);
            assertThat(badStill.body()).contains("malformed-json").contains("the still's description");

            assertThat(sealed.ends()).hasSize(2);
            assertThat(sealed.ends().get(0).attendees()).containsExactly(new Attendee("par_a", "監督員 山田", "INSPECTOR"));
            assertThat(sealed.ends().get(0).inspection()).isEqualTo(new Inspection("R8道路第12号", "国道8号舗装補修工事", "北陸建設", "道路課",
                    "STAGE_CHECK", "段階確認", "2026-11-27T14:00:00+09:00", "2026-11-27T15:00:00+09:00", "第3工区", "監督員 山田",
                    "ENDED", "PASS", "合格", null, "2026-11-27T15:05:00+09:00"));
            assertThat(sealed.ends().get(1).attendees()).containsExactly(new Attendee("par_b", "現場代理人", "CONTRACTOR"));
            assertThat(sealed.ends().get(1).inspection()).isNull();
        }
    }

    @Test
    void theEndOfASessionBringsWhatWasPointedAtAndHowManyMarksWereNotKept() throws Exception {
        SlowSealsControl sealed = new SlowSealsControl(node, CompletableFuture.completedFuture(null));
        try (MediaControlHttpServer server = MediaControlHttpServer.start(sealed, "127.0.0.1", 0, SECRET)) {
            String body = "{\"attendees\":[],\"inspection\":null,\"annotations\":["
                    + "{\"at\":\"2026-11-27T05:03:00.123Z\",\"by\":\"par_a\",\"role\":\"INSPECTOR\",\"shape\":\"line\","
                    + "\"points\":[[3000,6000],[3100,6050]],\"color\":\"#ff3b30\",\"label\":null,\"target\":\"par_b\"},"
                    + "{\"at\":\"2026-11-27T05:03:09Z\",\"by\":\"par_a\",\"role\":\"INSPECTOR\",\"shape\":\"clear\",\"points\":[],"
                    + "\"color\":null,\"label\":null}],\"annotationsNotKept\":7}";
            assertThat(http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/ended", SECRET, body, Instant.now())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
            assertThat(http.send(signedPost(server, "/internal/v1/sessions/" + SessionId.random() + "/ended", SECRET,
                    "{\"attendees\":[],\"inspection\":null}", Instant.now()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(204);

            assertThat(sealed.ends().get(0).annotations()).containsExactly(
                    new Annotation("2026-11-27T05:03:00.123Z", "par_a", "INSPECTOR", "line", List.of(List.of(3000, 6000), List.of(3100, 6050)),
                            "#ff3b30", null, "par_b"),
                    // from a signaling before marks named their video: no target
                    new Annotation("2026-11-27T05:03:09Z", "par_a", "INSPECTOR", "clear", List.of(), null, null, null));
            assertThat(sealed.ends().get(0).annotationsNotKept()).isEqualTo(7);
            // from a signaling that does not send them: none, and none missing
            assertThat(sealed.ends().get(1).annotations()).isEmpty();
            assertThat(sealed.ends().get(1).annotationsNotKept()).isZero();
        }
    }

    /** The real node, except that sealing a session completes only when the test says so. */
    record SlowSealsControl(MediaNode node, CompletableFuture<Void> sealing, List<SessionEnd> ends) implements MediaControl {
        SlowSealsControl(MediaNode node, CompletableFuture<Void> sealing) {
            this(node, sealing, new java.util.concurrent.CopyOnWriteArrayList<>());
        }

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
        public CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
            ends.add(end);
            return sealing;
        }

        @Override
        public NodeLoad load() {
            return node.load();
        }
    }
}
