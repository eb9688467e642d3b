package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;

/** What one participant's publish may add to a session: bounded, so that it cannot crowd out the others. */
class PublishLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    MediaNode node;
    final Map<ParticipantId, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();
    final SessionId session = SessionId.random();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(100), 0, 0));
        node.setListener((s, p, sdp) -> offers.computeIfAbsent(p, k -> new LinkedBlockingQueue<>()).add(sdp));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A publish offer of {@code sections} H.264 video sections, as far as the SDP parser allows (64). */
    static String manyVideoSections(JavaPeer peer, int sections) {
        String transport = "a=ice-ufrag:" + peer.ice.ufrag() + "\r\na=ice-pwd:" + peer.ice.pwd() + "\r\n"
                + peer.fingerprintLine() + "\r\na=setup:actpass\r\n";
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE");
        for (int i = 0; i < sections; i++) {
            sdp.append(' ').append(i);
        }
        sdp.append("\r\n");
        for (int i = 0; i < sections; i++) {
            sdp.append("m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\n").append(transport)
                    .append("a=mid:").append(i).append("\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:102 H264/90000\r\n")
                    .append("a=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n")
                    .append("a=ssrc:").append(5000 + i).append(" cname:x\r\n");
        }
        return sdp.toString();
    }

    static long count(String sdp, String line) {
        return Pattern.compile("^" + Pattern.quote(line) + "$", Pattern.MULTILINE).matcher(sdp.replace("\r", "")).results().count();
    }

    @Test
    void aPublishOfSixtyFourVideoSectionsGetsTwoTracksAndALaterViewerStillJoins() throws Exception {
        ParticipantId honest = ParticipantId.random();
        ParticipantId hostile = ParticipantId.random();
        ParticipantId viewer = ParticipantId.random();
        await(node.joined(session, honest));
        await(node.publish(session, honest, PeerSdp.publishOffer(new JavaPeer(), 1111, 2222)));
        await(node.joined(session, hostile));

        String answer = await(node.publish(session, hostile, manyVideoSections(new JavaPeer(), 64)));

        assertThat(count(answer, "a=recvonly")).as("video sections accepted").isEqualTo(2);
        assertThat(count(answer, "a=inactive")).as("sections beyond the limit").isEqualTo(62);
        assertThat(node.load().publishedTracks()).isEqualTo(2 + 2);
        await(node.joined(session, viewer));
        String offer = offers.computeIfAbsent(viewer, k -> new LinkedBlockingQueue<>()).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(offer).as("the viewer's subscribe offer").isNotNull();
        assertThat(count(offer, "a=sendonly")).as("the honest publisher's two tracks and the other's two").isEqualTo(4);
    }
}
