package jp.rinjo.media.transport.srtp;

import static jp.rinjo.media.transport.srtp.TestPackets.randomKeys;
import static jp.rinjo.media.transport.srtp.TestPackets.rtcpReceiverReport;
import static jp.rinjo.media.transport.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forged packets with SSRCs the session has not authenticated must not cost a context derivation
 * each (see {@link NewStreamGate}), and must not keep a genuine new stream out for long.
 */
class NewStreamGateTest {
    private static final int LEGIT = 0x0badcafe;

    @BeforeAll
    static void warmUp() {
        SrtpSession.warmUp();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aFloodOfMadeUpSsrcsDerivesNoMoreContextsThanTheBudget(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 11);
        AtomicLong clock = new AtomicLong();
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys, clock::get)) {
            assertThat(unprotect(server, client, LEGIT, 1)).as("a stream that started before the flood").isEqualTo(212);
            Random random = new Random(7);
            for (int i = 0; i < 1000; i++) {
                byte[] forged = rtp(random.nextInt(), i, 200, profile.rtpOverhead(), i);
                random.nextBytes(forged);
                forged[0] = (byte) 0x80;
                assertThat(server.unprotectRtp(forged, 0, 212 + profile.rtpOverhead())).isNegative();
                byte[] forgedRtcp = rtcpReceiverReport(random.nextInt(), profile.rtcpOverhead());
                assertThat(server.unprotectRtcp(forgedRtcp, 0, forgedRtcp.length)).isNegative();
            }
            SrtpStats stats = server.stats();
            // the budgets of RTP and of RTCP, the genuine stream's derivation included, and not one more
            assertThat(stats.streamsDerived()).isEqualTo(2L * NewStreamGate.BURST);
            assertThat(stats.throttled()).isEqualTo(2000 - (2L * NewStreamGate.BURST - 1));
            assertThat(server.receiveStreamCount()).isEqualTo(1);
            assertThat(unprotect(server, client, LEGIT, 2)).as("the established stream is untouched").isEqualTo(212);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsRepeatingOneSsrcDeriveItOnceAndItsGenuineFirstPacketStillAuthenticates(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 12);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            Random random = new Random(8);
            for (int i = 0; i < 200; i++) {
                // sequence numbers all over the range: a context that learnt from them would guess a wrong rollover counter
                byte[] forged = rtp(LEGIT, random.nextInt(65536), 200, profile.rtpOverhead(), i);
                assertThat(server.unprotectRtp(forged, 0, 212 + profile.rtpOverhead())).isEqualTo(SrtpError.AUTH_FAILED.code());
            }
            assertThat(server.stats().streamsDerived()).isEqualTo(1);
            assertThat(server.receiveStreamCount()).isZero();
            for (int seq = 1; seq <= 5; seq++) {
                assertThat(unprotect(server, client, LEGIT, seq)).as("genuine packet %d", seq).isEqualTo(212);
            }
            assertThat(server.stats().streamsDerived()).isEqualTo(1);
            assertThat(server.receiveStreamCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aGenuineNewStreamRefusedDuringAFloodIsAcceptedOnceTheBudgetRefills(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 13);
        AtomicLong clock = new AtomicLong();
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys, clock::get)) {
            for (int i = 0; i < NewStreamGate.BURST; i++) {
                byte[] forged = rtp(1000 + i, 1, 200, profile.rtpOverhead(), i);
                assertThat(server.unprotectRtp(forged, 0, 212 + profile.rtpOverhead())).isEqualTo(SrtpError.AUTH_FAILED.code());
            }
            assertThat(unprotect(server, client, LEGIT, 1)).isEqualTo(SrtpError.NEW_STREAMS_THROTTLED.code());
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000 / NewStreamGate.PER_SECOND));
            assertThat(unprotect(server, client, LEGIT, 2)).as("one derivation regained").isEqualTo(212);
            assertThat(unprotect(server, client, LEGIT, 3)).isEqualTo(212);
            byte[] rtcp = rtcpReceiverReport(LEGIT, profile.rtcpOverhead());
            int n = client.protectRtcp(rtcp, 0, 32);
            assertThat(server.unprotectRtcp(rtcp, 0, n)).as("RTCP has a budget of its own").isEqualTo(32);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void streamsTheSdpAnnouncedAuthenticateEvenWhileAFloodHasSpentTheBudget(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 14);
        AtomicLong clock = new AtomicLong(); // never advances: the budget does not refill
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys, clock::get)) {
            server.expectReceiveStreams(java.util.List.of(LEGIT, LEGIT + 1));
            for (int i = 0; i < 3 * NewStreamGate.BURST; i++) {
                byte[] forged = rtp(5000 + i, 1, 200, profile.rtpOverhead(), i);
                assertThat(server.unprotectRtp(forged, 0, 212 + profile.rtpOverhead())).isNegative();
                byte[] forgedRtcp = rtcpReceiverReport(5000 + i, profile.rtcpOverhead());
                assertThat(server.unprotectRtcp(forgedRtcp, 0, forgedRtcp.length)).isNegative();
            }
            assertThat(server.stats().throttled()).isEqualTo(2L * 2 * NewStreamGate.BURST);
            assertThat(unprotect(server, client, LEGIT, 1)).isEqualTo(212);
            assertThat(unprotect(server, client, LEGIT + 1, 1)).isEqualTo(212);
            byte[] rtcp = rtcpReceiverReport(LEGIT, profile.rtcpOverhead());
            int n = client.protectRtcp(rtcp, 0, 32);
            assertThat(server.unprotectRtcp(rtcp, 0, n)).isEqualTo(32);
            assertThat(unprotect(server, client, LEGIT + 2, 1)).as("not announced")
                    .isEqualTo(SrtpError.NEW_STREAMS_THROTTLED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void anSdpAnnouncingHundredsOfStreamsGetsOnlyAFewDerivedAhead(SrtpProfile profile) {
        try (SrtpSession server = SrtpSession.forServer(randomKeys(profile, 15))) {
            server.expectReceiveStreams(java.util.stream.IntStream.range(0, 500).boxed().toList());
            assertThat(server.stats().streamsDerived()).isEqualTo(2L * SrtpSession.MAX_EXPECTED_STREAMS);
        }
    }

    /** Protects a 200-byte RTP packet on the client and unprotects it on the server; the server's result. */
    private static int unprotect(SrtpSession server, SrtpSession client, int ssrc, int seq) {
        byte[] packet = rtp(ssrc, seq, 200, client.rtpOverhead(), seq);
        int n = client.protectRtp(packet, 0, 212);
        return server.unprotectRtp(packet, 0, n);
    }
}
