package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;
import jp.rinjo.media.testing.SyntheticVideo;

/**
 * Consent freshness (RFC 7675) at the node, with a consent timeout of one second instead of 30 so
 * that waiting past it takes a moment.
 */
class ConsentTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration CONSENT = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofMillis(500);
    MediaNode node;
    final Map<ParticipantId, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();
    final SessionId session = SessionId.random();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                CONSENT, GRACE, Duration.ofMillis(100), 0, 0));
        node.setListener((s, p, sdp) -> offers.computeIfAbsent(p, k -> new LinkedBlockingQueue<>()).add(sdp));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    JavaPeer publisher(ParticipantId id, long videoSsrc, long audioSsrc) throws Exception {
        await(node.joined(session, id));
        JavaPeer peer = new JavaPeer();
        peer.applyRemote(await(node.publish(session, id, PeerSdp.publishOffer(peer, videoSsrc, audioSsrc))));
        peer.connect();
        return peer;
    }

    @Test
    void aViewerWhoWaitedLongerThanTheConsentTimeoutForTheFirstTrackGetsItsFirstKeyframe() throws Exception {
        ParticipantId viewerId = ParticipantId.random();
        await(node.joined(session, viewerId)); // the inspector waits for the contractor...
        Thread.sleep(CONSENT.toMillis() + 500); // ...longer than the consent timeout
        try (JavaPeer pub = publisher(ParticipantId.random(), 1111, 2222)) {
            String offer = offers.get(viewerId).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(offer).as("subscribe offer once a track is published").isNotNull();
            LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            try (JavaPeer viewer = new JavaPeer()) {
                viewer.applyRemote(offer);
                viewer.onRtp((b, n) -> received.add(b));
                await(node.subscribeAnswer(session, viewerId, PeerSdp.subscribeAnswer(viewer, offer)));
                viewer.connect();
                // the one keyframe the publisher sends: nothing asks it again, so it must get through
                SyntheticVideo video = new SyntheticVideo(1111, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
                for (boolean keyframe : new boolean[] {true, false, false}) {
                    for (byte[] p : video.frame(keyframe, 900)) {
                        pub.sendRtp(p, video.length(p));
                    }
                }
                byte[] first = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(first).as("a forwarded packet").isNotNull();
                assertThat(first[12 + 8] & 0x1F).as("the keyframe's STAP-A carrying SPS/PPS").isEqualTo(24);
            }
        }
    }

    @Test
    void participantsWhoseBrowsersVanishedWithoutALeftAreRemovedOnceConsentAndTheGraceHaveRunOut() throws Exception {
        for (int i = 0; i < 3; i++) {
            // ICE and DTLS done, then the browser vanishes and signaling's "left" never comes
            publisher(ParticipantId.random(), 1000 + i, 2000 + i).close();
        }
        try (JavaPeer alive = publisher(ParticipantId.random(), 3000, 4000)) {
            assertThat(node.load().publishedTracks()).isEqualTo(8);
            long deadline = System.nanoTime() + CONSENT.plus(GRACE).toNanos() + WAIT.toNanos();
            NodeLoad load = node.load();
            while (load.publishedTracks() > 2 && System.nanoTime() < deadline) {
                alive.keepAlive(); // a browser that is still there keeps consenting
                Thread.sleep(100);
                load = node.load();
            }
            assertThat(load.publishedTracks()).as("only the live publisher's tracks are left").isEqualTo(2);
            assertThat(load.endpoints()).as("the live participant's publish and subscribe endpoints").isEqualTo(2);
        }
        long deadline = System.nanoTime() + CONSENT.plus(GRACE).toNanos() + WAIT.toNanos();
        while (!node.load().equals(new NodeLoad(0, 0, 0, 0)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(node.load()).as("nothing left of the session once its last browser vanished too")
                .isEqualTo(new NodeLoad(0, 0, 0, 0));
    }
}
