package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.rtcp.Pli;
import jp.rinjo.media.rtcp.RtcpBuilder;
import jp.rinjo.media.rtcp.RtcpHeader;
import jp.rinjo.media.rtcp.RtcpPacket;
import jp.rinjo.media.rtcp.RtcpParser;
import jp.rinjo.media.rtcp.TransportCcFeedback;
import jp.rinjo.media.rtcp.TransportCcFeedbackParser;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.Rtx;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerReceiver;
import jp.rinjo.media.testing.PeerSdp;
import jp.rinjo.media.testing.SyntheticVideo;

/**
 * The media node end to end over real UDP on loopback, with Java peers playing the browsers:
 * ICE-lite, DTLS-SRTP, forwarding with per-subscriber SSRCs, keyframe on a late join, NACK answered
 * from the cache, transport-cc feedback, garbage on the port, and session isolation.
 */
class MediaNodeTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    MediaNode node;
    final Map<ParticipantId, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();
    final SessionId session = SessionId.random();
    final Map<ParticipantId, String> lastOffer = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofMillis(100), 0, 0));
        node.setListener((s, p, sdp) -> offers.computeIfAbsent(p, k -> new LinkedBlockingQueue<>()).add(sdp));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    String nextOffer(ParticipantId p) throws InterruptedException {
        String o = offers.computeIfAbsent(p, k -> new LinkedBlockingQueue<>()).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(o).as("subscribe offer for " + p).isNotNull();
        return o;
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A publishing Java peer, connected. */
    JavaPeer publisher(SessionId s, ParticipantId id, long videoSsrc, long audioSsrc) throws Exception {
        await(node.joined(s, id));
        JavaPeer peer = new JavaPeer();
        String answer = await(node.publish(s, id, PeerSdp.publishOffer(peer, videoSsrc, audioSsrc)));
        assertThat(answer).contains("a=ice-lite").contains("a=setup:passive").contains("a=recvonly").contains("H264/90000");
        peer.applyRemote(answer);
        peer.connect();
        return peer;
    }

    /** A subscribing Java peer that answered the node's latest offer and connected. */
    JavaPeer subscriber(SessionId s, ParticipantId id, LinkedBlockingQueue<byte[]> rtp) throws Exception {
        return subscriber(s, id, rtp, null);
    }

    /** As above, reading on {@code receiver} (null: a thread of its own). */
    JavaPeer subscriber(SessionId s, ParticipantId id, LinkedBlockingQueue<byte[]> rtp, PeerReceiver receiver) throws Exception {
        await(node.joined(s, id));
        String offer = nextOffer(id);
        lastOffer.put(id, offer);
        JavaPeer peer = new JavaPeer();
        peer.applyRemote(offer);
        peer.onRtp((b, n) -> rtp.add(b));
        await(node.subscribeAnswer(s, id, PeerSdp.subscribeAnswer(peer, offer)));
        peer.connect(receiver);
        peer.onRtp((b, n) -> rtp.add(b));
        return peer;
    }

    static long videoSsrcIn(String offer) {
        Matcher m = Pattern.compile("m=video[\\s\\S]*?a=ssrc:(\\d+) cname").matcher(offer);
        assertThat(m.find()).as("video ssrc in offer").isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The RTX SSRC an offer's {@code a=ssrc-group:FID} pairs with this media SSRC. */
    static long rtxSsrcIn(String offer, long mediaSsrc) {
        Matcher m = Pattern.compile("a=ssrc-group:FID " + mediaSsrc + " (\\d+)").matcher(offer);
        assertThat(m.find()).as("FID group of " + mediaSsrc + " in offer").isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The payload type an offer's {@code rtx} rtpmap gives. */
    static int rtxPayloadTypeIn(String offer) {
        Matcher m = Pattern.compile("a=rtpmap:(\\d+) rtx/90000").matcher(offer);
        assertThat(m.find()).as("rtx rtpmap in offer").isTrue();
        return Integer.parseInt(m.group(1));
    }

    static void sendFrame(JavaPeer peer, SyntheticVideo video, boolean keyframe) throws Exception {
        for (byte[] p : video.frame(keyframe, 900)) {
            peer.sendRtp(p, video.length(p));
        }
    }

    static byte[] poll(LinkedBlockingQueue<byte[]> q) throws InterruptedException {
        byte[] b = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(b).as("a forwarded packet").isNotNull();
        return b;
    }

    @Test
    void aPublishersVideoReachesEachSubscriberOnItsOwnSsrcStartingAtAKeyframe() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        ParticipantId subId = ParticipantId.random();
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<RtcpPacket> feedback = new LinkedBlockingQueue<>();
        try (JavaPeer pub = publisher(session, pubId, 1111, 2222)) {
            pub.onRtcp((b, n) -> feedback.addAll(withTransportCcDecoded(b, RtcpParser.parse(b, 0, n))));
            try (JavaPeer sub = subscriber(session, subId, received)) {
                SyntheticVideo video = new SyntheticVideo(1111, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
                // deltas before any keyframe are held back; the node asks the publisher for one
                sendFrame(pub, video, false);
                awaitPacket(feedback, p -> p instanceof Pli pli && pli.mediaSsrc() == 1111, "PLI to the publisher");
                sendFrame(pub, video, true);
                for (int i = 0; i < 5; i++) {
                    sendFrame(pub, video, false);
                }
                byte[] first = poll(received);
                assertThat(first[12 + 8] & 0x1F).as("forwarding starts with the STAP-A carrying SPS/PPS").isEqualTo(24);
                long outSsrc = RtpPacket.ssrc(first, 0) & 0xFFFFFFFFL;
                assertThat(outSsrc).isNotEqualTo(1111);
                int seq = RtpPacket.sequenceNumber(first, 0);
                for (int i = 1; i < 7; i++) {
                    byte[] next = poll(received);
                    assertThat(RtpPacket.ssrc(next, 0) & 0xFFFFFFFFL).isEqualTo(outSsrc);
                    assertThat(RtpPacket.sequenceNumber(next, 0)).isEqualTo((seq + i) & 0xFFFF);
                }
                // the browser's bandwidth estimation gets transport-wide feedback
                awaitPacket(feedback, p -> p instanceof TransportCcFeedback, "transport-cc feedback");
            }
        }
    }

    @Test
    void aLateSubscriberGetsAKeyframeRequestedOnItsArrivalAndNacksAreAnsweredFromTheCache() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        LinkedBlockingQueue<RtcpPacket> feedback = new LinkedBlockingQueue<>();
        try (JavaPeer pub = publisher(session, pubId, 3333, 4444)) {
            pub.onRtcp((b, n) -> feedback.addAll(RtcpParser.parse(b, 0, n)));
            SyntheticVideo video = new SyntheticVideo(3333, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            sendFrame(pub, video, true);
            for (int i = 0; i < 10; i++) {
                sendFrame(pub, video, false);
            }
            feedback.clear();
            ParticipantId lateId = ParticipantId.random();
            LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            try (JavaPeer late = subscriber(session, lateId, received)) {
                String lateOffer = lastOffer.get(lateId);
                late.dropIncomingRtp(1); // the IDR packet after the STAP-A is lost on the way
                awaitPacket(feedback, p -> p instanceof Pli pli && pli.mediaSsrc() == 3333, "PLI on the late subscriber's arrival");
                sendFrame(pub, video, false); // held back: not a keyframe
                sendFrame(pub, video, true);
                sendFrame(pub, video, false);
                byte[] first = poll(received);
                assertThat(first[20] & 0x1F).isEqualTo(24);
                byte[] third = poll(received);
                int lostSeq = (RtpPacket.sequenceNumber(first, 0) + 1) & 0xFFFF;
                assertThat(RtpPacket.sequenceNumber(third, 0)).isEqualTo((lostSeq + 1) & 0xFFFF);
                // NACK the lost packet: the node resends it as RTX (RFC 4588) from the publisher's packets
                int outSsrc = RtpPacket.ssrc(first, 0);
                late.sendRtcp(RtcpBuilder.nack(0x7777, outSsrc, List.of(lostSeq)));
                byte[] again = poll(received);
                assertThat(RtpPacket.ssrc(again, 0) & 0xFFFFFFFFL).as("the RTX SSRC the offer grouped with the media SSRC")
                        .isEqualTo(rtxSsrcIn(lateOffer, outSsrc & 0xFFFFFFFFL));
                assertThat(RtpPacket.payloadType(again, 0)).as("the offer's RTX payload type").isEqualTo(rtxPayloadTypeIn(lateOffer));
                int n = Rtx.decapsulate(again, 0, again.length, outSsrc, RtpPacket.payloadType(first, 0));
                assertThat(n).as("the original packet, as first sent to this subscriber").isEqualTo(third.length);
                assertThat(RtpPacket.sequenceNumber(again, 0)).isEqualTo(lostSeq);
                assertThat(RtpPacket.timestamp(again, 0)).isEqualTo(RtpPacket.timestamp(first, 0));
                assertThat(again[20]).as("the IDR slice").isEqualTo((byte) 0x65);
                assertThat(again[1] & 0x80).as("its marker bit (the frame's last packet)").isNotZero();
            }
        }
    }

    @Test
    void nackedPacketsAreResentOnceEachAndNoMoreThanTheBudgetAtOnce() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (JavaPeer pub = publisher(session, pubId, 7777, 8888);
             JavaPeer sub = subscriber(session, ParticipantId.random(), received)) {
            SyntheticVideo video = new SyntheticVideo(7777, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            List<Integer> seqs = new java.util.ArrayList<>();
            int outSsrc = 0;
            for (boolean keyframe = true; seqs.size() < 320; keyframe = false) {
                sendFrame(pub, video, keyframe); // one frame in flight at a time: no socket buffer overflows
                for (byte[] p = poll(received); p != null; p = received.poll()) {
                    outSsrc = RtpPacket.ssrc(p, 0);
                    seqs.add(RtpPacket.sequenceNumber(p, 0));
                }
            }
            List<Integer> cached = seqs.subList(seqs.size() - 300, seqs.size()); // the cache keeps the last 512
            int once = cached.get(0);
            // the same packet NACKed twice in one compound RTCP packet: one copy
            byte[] twice = RtcpBuilder.nack(0x7777, outSsrc, List.of(once));
            byte[] compound = java.util.Arrays.copyOf(twice, 2 * twice.length);
            System.arraycopy(twice, 0, compound, twice.length, twice.length);
            sub.sendRtcp(compound);
            awaitResends(1, 1);
            // every cached packet NACKed at once, as a broken or hostile client might: the budget (ResendPolicy.BURST = 256,
            // of which one is spent) caps the answer
            sub.sendRtcp(RtcpBuilder.nack(0x7777, outSsrc, cached));
            long[] after = awaitResends(-1, -1, 302);
            assertThat(after[0] - 1).as("resent from the storm").isBetween(255L, 256L);
            assertThat(after[1] - 1).as("refused from the storm").isBetween(44L, 45L);
        }
    }

    @Test
    void afterARepublishANackForTheOldStreamIsNotAnsweredWithTheNewStreamsPacket() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        JavaPeer first = publisher(session, pubId, 5555, 5556);
        try (JavaPeer sub = subscriber(session, ParticipantId.random(), received)) {
            SyntheticVideo before = new SyntheticVideo(5555, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, first.rtpOverhead());
            sendFrame(first, before, true);
            sendFrame(first, before, false);
            byte[] stap = poll(received);
            int outSsrc = RtpPacket.ssrc(stap, 0);
            int oldSeq = (RtpPacket.sequenceNumber(poll(received), 0)) & 0xFFFF; // the old stream's IDR (source seq 1001)
            poll(received);
            first.close();
            // the phone comes back on a new connection; its encoder restarts at the same sequence numbers
            try (JavaPeer again = publisher(session, pubId, 6666, 6667)) {
                SyntheticVideo after = new SyntheticVideo(6666, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, again.rtpOverhead());
                sendFrame(again, after, true);
                poll(received);
                int newSeq = RtpPacket.sequenceNumber(poll(received), 0); // the new stream's IDR (also source seq 1001)
                byte[] nackOld = RtcpBuilder.nack(0x7777, outSsrc, List.of(oldSeq));
                byte[] nackNew = RtcpBuilder.nack(0x7777, outSsrc, List.of(newSeq));
                byte[] compound = java.util.Arrays.copyOf(nackOld, nackOld.length + nackNew.length);
                System.arraycopy(nackNew, 0, compound, nackOld.length, nackNew.length);
                sub.sendRtcp(compound);
                // the node handles the two NACKs in order: had the old one been answered, its RTX would come first
                byte[] rtx = poll(received);
                assertThat(Rtx.decapsulate(rtx, 0, rtx.length, outSsrc, PeerSdp.H264_PT)).isPositive();
                assertThat(RtpPacket.sequenceNumber(rtx, 0)).as("only the new stream's packet is resent").isEqualTo(newSeq);
                assertThat(rtx[20]).as("the new stream's IDR slice").isEqualTo((byte) 0x65);
                awaitResends(1, 0);
            }
        }
    }

    /** Until the node has resent and refused the given numbers of packets (-1: any), or they sum to {@code total}. */
    private long[] awaitResends(long resent, long refused, long... total) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long[] now = {0, 0};
        while (System.nanoTime() < deadline) {
            now = new long[] {node.stats().retransmissions.sum(), node.stats().retransmissionsRefused.sum()};
            boolean done = total.length > 0 ? now[0] + now[1] == total[0] : now[0] == resent && now[1] == refused;
            if (done) {
                return now;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("resent/refused " + now[0] + "/" + now[1]);
    }

    @Test
    void garbageOnTheMediaPortIsCountedAndNothingBreaks() throws Exception {
        ParticipantId pubId = ParticipantId.random();
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (JavaPeer pub = publisher(session, pubId, 5555, 6666);
             JavaPeer sub = subscriber(session, ParticipantId.random(), received);
             DatagramSocket stranger = new DatagramSocket()) {
            Random random = new Random(42);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                if (i % 4 == 0) {
                    junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // looks like RTP
                } else if (i % 4 == 1) {
                    junk[0] = 0; // looks like STUN
                } else if (i % 4 == 2) {
                    junk[0] = 22; // looks like DTLS
                }
                stranger.send(new DatagramPacket(junk, junk.length, target));
                if (i % 10 == 0) {
                    pub.send(junk); // from a known address: fails SRTP authentication
                }
            }
            stranger.send(new DatagramPacket(new byte[0], 0, target));
            SyntheticVideo video = new SyntheticVideo(5555, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            sendFrame(pub, video, true);
            byte[] first = poll(received);
            assertThat(first[20] & 0x1F).isEqualTo(24);
            var stats = node.stats().snapshot();
            assertThat(stats.get("unknownSource") + stats.get("unknownStun") + stats.get("garbage")).isGreaterThan(1000);
            assertThat(stats.get("srtpFailures")).isGreaterThan(0);
        }
    }

    @Test
    void packetsNeverCrossSessions() throws Exception {
        SessionId other = SessionId.random();
        LinkedBlockingQueue<byte[]> here = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<byte[]> there = new LinkedBlockingQueue<>();
        // both subscribers read on one thread, as the load benchmark's do: that must not mix them up either
        try (PeerReceiver receiver = new PeerReceiver("test-peers");
             JavaPeer pub = publisher(session, ParticipantId.random(), 7777, 8888);
             JavaPeer sub = subscriber(session, ParticipantId.random(), here, receiver);
             JavaPeer otherPub = publisher(other, ParticipantId.random(), 9999, 10101);
             JavaPeer otherSub = subscriber(other, ParticipantId.random(), there, receiver)) {
            SyntheticVideo video = new SyntheticVideo(7777, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, pub.rtpOverhead());
            sendFrame(pub, video, true);
            int hereSsrc = RtpPacket.ssrc(poll(here), 0);
            SyntheticVideo otherVideo = new SyntheticVideo(9999, PeerSdp.H264_PT, PeerSdp.TWCC_EXT, otherPub.rtpOverhead());
            sendFrame(otherPub, otherVideo, true);
            int thereSsrc = RtpPacket.ssrc(poll(there), 0);
            poll(there);
            sendFrame(pub, video, false);
            poll(here);
            // each subscriber got one packet per packet its own session's publisher sent, nothing more
            poll(here); // the second packet of the first keyframe
            assertThat(hereSsrc).isNotEqualTo(thereSsrc);
            assertThat(here).isEmpty();
            assertThat(there).isEmpty();
        }
    }

    @Test
    void unusableSdpIsRefusedClearly() throws Exception {
        ParticipantId id = ParticipantId.random();
        await(node.joined(session, id));
        assertThatThrownBy(() -> await(node.publish(session, id, "hello")))
                .hasCauseInstanceOf(RinjoException.class).hasMessageContaining("publish offer");
        assertThatThrownBy(() -> await(node.publish(session, id, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")))
                .hasCauseInstanceOf(RinjoException.class);
        assertThatThrownBy(() -> await(node.subscribeAnswer(session, ParticipantId.random(), "v=0\r\n")))
                .hasCauseInstanceOf(RinjoException.class);
    }

    /** The compound parser leaves transport-cc undecoded; a test that checks the node's feedback decodes it. */
    static List<RtcpPacket> withTransportCcDecoded(byte[] buf, List<RtcpPacket> parsed) {
        return parsed.stream().map(p -> p instanceof RtcpPacket.Other o && o.packetType() == RtcpHeader.RTPFB
                && o.countOrFormat() == RtcpHeader.FMT_TRANSPORT_CC
                        ? TransportCcFeedbackParser.parse(buf, o.offset(), o.length()) : p)
                .filter(p -> p != null).toList();
    }

    static void awaitPacket(LinkedBlockingQueue<RtcpPacket> q, java.util.function.Predicate<RtcpPacket> match, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            RtcpPacket p = q.poll(100, TimeUnit.MILLISECONDS);
            if (p != null && match.test(p)) {
                return;
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

}
