package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;
import jp.rinjo.media.testing.SyntheticVideo;
import jp.rinjo.media.transport.ice.IceCredentials;
import jp.rinjo.media.transport.stun.StunMessageBuilder;

/**
 * A participant who leaves and joins again within the grace period keeps its subscribe endpoint at
 * the node; whatever happened to the browser meanwhile (a reloaded page, a lost offer), it must be
 * offered the room's tracks again and receive them.
 */
class RejoiningSubscriberTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    MediaNode node;
    final Map<ParticipantId, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();
    final SessionId session = SessionId.random();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(100), 0, 0));
        node.setListener((s, p, sdp) -> offers(p).add(sdp));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    LinkedBlockingQueue<String> offers(ParticipantId p) {
        return offers.computeIfAbsent(p, k -> new LinkedBlockingQueue<>());
    }

    String nextOffer(ParticipantId p) throws InterruptedException {
        String o = offers(p).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(o).as("subscribe offer for " + p).isNotNull();
        return o;
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

    /** A new peer connection (its own ICE and DTLS identity) that answers {@code offer} and connects. */
    JavaPeer answer(ParticipantId id, String offer, LinkedBlockingQueue<byte[]> rtp) throws Exception {
        JavaPeer peer = new JavaPeer();
        peer.applyRemote(offer);
        peer.onRtp((b, n) -> rtp.add(b));
        await(node.subscribeAnswer(session, id, PeerSdp.subscribeAnswer(peer, offer)));
        peer.connect();
        return peer;
    }

    /** Keyframes from the publisher until the subscriber receives something, or the deadline. */
    static void awaitForwarding(JavaPeer pub, SyntheticVideo video, LinkedBlockingQueue<byte[]> received) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (byte[] p : video.frame(true, 900)) {
                pub.sendRtp(p, video.length(p));
            }
            if (received.poll(100, TimeUnit.MILLISECONDS) != null) {
                return;
            }
        }
        throw new AssertionError("no media reached the subscriber within " + WAIT);
    }

    @Test
    void aSubscriberThatComesBackWithANewPeerConnectionReceivesMediaAgain() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        ParticipantId subId = ParticipantId.random();
        try (JavaPeer pub = publisher(pubId, 1111, 2222)) {
            SyntheticVideo video = new SyntheticVideo(1111, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            await(node.joined(session, subId));
            LinkedBlockingQueue<byte[]> before = new LinkedBlockingQueue<>();
            try (JavaPeer first = answer(subId, nextOffer(subId), before)) {
                awaitForwarding(pub, video, before);
            }
            // the page is reloaded: signaling reports the participant gone, then back
            await(node.left(session, subId));
            await(node.joined(session, subId));
            LinkedBlockingQueue<byte[]> after = new LinkedBlockingQueue<>();
            try (JavaPeer reloaded = answer(subId, nextOffer(subId), after)) {
                awaitForwarding(pub, video, after);
            }
        }
    }

    @Test
    void aSubscribeOfferLostOnTheWayIsReplacedByAFreshOneWhenTheParticipantJoinsAgain() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        ParticipantId subId = ParticipantId.random();
        try (JavaPeer pub = publisher(pubId, 1111, 2222)) {
            SyntheticVideo video = new SyntheticVideo(1111, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            await(node.joined(session, subId));
            nextOffer(subId); // signaling drops it: the participant was reconnecting
            await(node.left(session, subId));
            await(node.joined(session, subId));
            LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            try (JavaPeer sub = answer(subId, nextOffer(subId), received)) {
                awaitForwarding(pub, video, received);
            }
        }
    }

    @Test
    void afterARejoinTheBrowsersChecksWithItsNewUfragAreAnsweredBeforeItsAnswerReachesTheNode() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        ParticipantId subId = ParticipantId.random();
        try (JavaPeer pub = publisher(pubId, 1111, 2222)) {
            SyntheticVideo video = new SyntheticVideo(1111, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            await(node.joined(session, subId));
            LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            try (JavaPeer sub = answer(subId, nextOffer(subId), received)) {
                awaitForwarding(pub, video, received);
                // the phone changed networks: it joins again and is offered an ICE restart
                await(node.left(session, subId));
                await(node.joined(session, subId));
                String restart = nextOffer(subId);
                IceCredentials offered = new IceCredentials(attribute(restart, "ice-ufrag"), attribute(restart, "ice-pwd"));
                IceCredentials browsersNew = IceCredentials.generate();
                // the browser applied the offer and checks at once; its answer is still in signaling
                byte[] check = StunMessageBuilder.bindingRequest(StunMessageBuilder.newTransactionId())
                        .username(offered.ufrag() + ":" + browsersNew.ufrag())
                        .priority(1853824767L)
                        .iceControlling(0x1122334455667788L)
                        .messageIntegrity(offered.integrityKey())
                        .fingerprint()
                        .build();
                try (DatagramSocket newPath = new DatagramSocket()) {
                    newPath.setSoTimeout((int) WAIT.toMillis());
                    newPath.send(new DatagramPacket(check, check.length,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port())));
                    byte[] buf = new byte[1500];
                    DatagramPacket response = new DatagramPacket(buf, buf.length);
                    newPath.receive(response);
                    assertThat(buf[0] << 8 | buf[1] & 0xFF).as("STUN message type: Binding success, not 401")
                            .isEqualTo(0x0101);
                }
            }
        }
    }

    static String attribute(String sdp, String name) {
        Matcher m = Pattern.compile("a=" + name + ":(\\S+)").matcher(sdp);
        assertThat(m.find()).as(name + " in the offer").isTrue();
        return m.group(1);
    }
}
