package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;
import jp.rinjo.media.testing.SyntheticVideo;

/**
 * The recorder on the real media node: a Java peer publishes over ICE/DTLS/SRTP on loopback UDP,
 * the node records through its sink factory with no action by the peer, the session is sealed, and
 * the verifier checks the evidence; the recorded packets are exactly what the peer sent before SRTP.
 */
class RecordingThroughMediaNodeTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    @TempDir
    Path dir;
    MediaNode node;
    RecorderHarness recording;
    final SessionId session = SessionId.random();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofMillis(100), 0, 0));
        recording = RecorderHarness.start(dir, c -> c, Optional.of(tsa.client()));
        node.engine().addSinkFactory(recording.recorder.sinkFactory());
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        recording.close();
    }

    @Test
    void aPublishersPacketsAreRecordedExactlyAsSentAndTheSealedSessionVerifies() throws Exception {
        ParticipantId contractor = ParticipantId.random();
        node.joined(session, contractor).toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<byte[]> sent = new ArrayList<>();
        byte[] senderReport;
        try (JavaPeer peer = new JavaPeer()) {
            String answer = node.publish(session, contractor, PeerSdp.publishOffer(peer, 4242, 4343)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            peer.applyRemote(answer);
            peer.connect();
            SyntheticVideo video = new SyntheticVideo(4242, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, peer.rtpOverhead());
            for (int frame = 0; frame < 60; frame++) {
                for (byte[] p : video.frame(frame % 30 == 0, 900)) {
                    sent.add(Arrays.copyOf(p, video.length(p))); // the plaintext, before SRTP protects it in place
                    peer.sendRtp(p, video.length(p));
                }
            }
            senderReport = senderReport(4242);
            peer.sendRtcp(senderReport);
            recording.awaitWritten(sent.size() + 1);
        }
        SealResult r = recording.recorder.seal(session, SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "受注者", "contractor"))))
                .get(30, TimeUnit.SECONDS);

        Path folder = recording.folder(r);
        VerificationReport report = new Verifier(new Verifier.Options(Optional.of(recording.key.publicKeySpki()), Optional.of(tsa.certificate()),
                true)).verify(folder);
        assertThat(report.errors()).isEmpty();
        Recorded rec = Recorded.track(folder, EvidenceRecorderTest.trackId(folder, "video"));
        assertThat(rec.rtp()).containsExactlyElementsOf(sent);
        assertThat(rec.rtcp()).singleElement().isEqualTo(senderReport);
        SegmentSummary first = rec.segments.get(0);
        assertThat(first.header().participantId()).isEqualTo(contractor.value());
        assertThat(first.header().codec().name()).isEqualTo("H264");
        assertThat(first.header().codec().fmtp()).contains("packetization-mode=1");
        assertThat(first.header().writerNodeId()).startsWith("node_");
        assertThat(recording.events.started).containsExactly(session);
        // Packets that beat the keys to the loop are held, not lost (the flake this test once showed).
        assertThat(node.stats().snapshot().get("droppedBeforeKeys")).isEqualTo(0L);
    }

    /** An RTCP sender report (RFC 3550 §6.4.1) for the given SSRC. */
    static byte[] senderReport(int ssrc) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt(ssrc).putLong(0xE8F0_1234_5678_9ABCL).putInt(123_456)
                .putInt(120).putInt(120 * 900);
        return b.array();
    }
}
