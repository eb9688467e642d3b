package jp.rinjo.media.transport.srtp;

import static jp.rinjo.media.transport.srtp.TestPackets.randomKeys;
import static jp.rinjo.media.transport.srtp.TestPackets.rtcpReceiverReport;
import static jp.rinjo.media.transport.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final int SSRC = 0x1234abcd;

    @BeforeAll
    static void warmUp() {
        SrtpSession.warmUp();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpFromClientUnprotectsOnServerToTheOriginalBytes(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 1);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            for (int seq = 100; seq < 110; seq++) {
                byte[] packet = rtp(SSRC, seq, 1000, profile.rtpOverhead(), seq);
                byte[] original = Arrays.copyOf(packet, 1012);

                int protectedLength = client.protectRtp(packet, 0, 1012);
                assertThat(protectedLength).isEqualTo(1012 + profile.rtpOverhead());
                assertThat(Arrays.copyOfRange(packet, 0, 12)).isEqualTo(Arrays.copyOfRange(original, 0, 12));
                assertThat(Arrays.copyOfRange(packet, 12, 1012)).isNotEqualTo(Arrays.copyOfRange(original, 12, 1012));

                int plainLength = server.unprotectRtp(packet, 0, protectedLength);
                assertThat(plainLength).isEqualTo(1012);
                assertThat(Arrays.copyOf(packet, plainLength)).isEqualTo(original);
            }
            assertThat(server.stats().rtpUnprotected()).isEqualTo(10);
            assertThat(client.stats().rtpProtected()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpFromServerUnprotectsOnClient(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 2);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            byte[] packet = rtp(SSRC, 7, 500, profile.rtpOverhead(), 3);
            byte[] original = Arrays.copyOf(packet, 512);
            int n = server.protectRtp(packet, 0, 512);
            assertThat(client.unprotectRtp(packet, 0, n)).isEqualTo(512);
            assertThat(Arrays.copyOf(packet, 512)).isEqualTo(original);
            // The server cannot read its own output: directions use different keys (RFC 5764 §4.2).
            byte[] again = rtp(SSRC, 8, 500, profile.rtpOverhead(), 3);
            int m = server.protectRtp(again, 0, 512);
            assertThat(server.unprotectRtp(again, 0, m)).isEqualTo(SrtpError.AUTH_FAILED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsBothWays(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 4);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            for (int i = 0; i < 3; i++) {
                byte[] up = rtcpReceiverReport(SSRC, profile.rtcpOverhead());
                byte[] upOriginal = Arrays.copyOf(up, 32);
                int n = client.protectRtcp(up, 0, 32);
                assertThat(n).isEqualTo(32 + profile.rtcpOverhead());
                assertThat(server.unprotectRtcp(up, 0, n)).isEqualTo(32);
                assertThat(Arrays.copyOf(up, 32)).isEqualTo(upOriginal);

                byte[] down = rtcpReceiverReport(0x0badcafe, profile.rtcpOverhead());
                byte[] downOriginal = Arrays.copyOf(down, 32);
                int m = server.protectRtcp(down, 0, 32);
                assertThat(client.unprotectRtcp(down, 0, m)).isEqualTo(32);
                assertThat(Arrays.copyOf(down, 32)).isEqualTo(downOriginal);
            }
            assertThat(server.stats().rtcpUnprotected()).isEqualTo(3);
            assertThat(server.stats().rtcpProtected()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aFlippedBitAnywhereIsAnAuthenticationFailureNotAnException(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 5);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            int seq = 1;
            // header (marker/PT byte, timestamp), payload and tag
            for (int position : new int[] {1, 5, 12, 300, 511, 512 + profile.rtpOverhead() - 1}) {
                byte[] packet = rtp(SSRC, seq++, 500, profile.rtpOverhead(), position);
                int n = client.protectRtp(packet, 0, 512);
                packet[position] ^= 0x01;
                assertThat(server.unprotectRtp(packet, 0, n)).as("bit flipped at %d", position)
                        .isEqualTo(SrtpError.AUTH_FAILED.code());
            }
            byte[] rtcp = rtcpReceiverReport(SSRC, profile.rtcpOverhead());
            int n = client.protectRtcp(rtcp, 0, 32);
            rtcp[20] ^= (byte) 0x80;
            assertThat(server.unprotectRtcp(rtcp, 0, n)).isEqualTo(SrtpError.AUTH_FAILED.code());

            assertThat(server.stats().authFailures()).isEqualTo(7);
            assertThat(server.stats().rtpUnprotected()).isZero();
            // Forged packets must not leave per-SSRC state behind.
            assertThat(server.receiveStreamCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsRejected(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 6);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            byte[] packet = rtp(SSRC, 40, 200, profile.rtpOverhead(), 1);
            int n = client.protectRtp(packet, 0, 212);
            byte[] copy = Arrays.copyOf(packet, n);
            assertThat(server.unprotectRtp(packet, 0, n)).isEqualTo(212);
            assertThat(server.unprotectRtp(copy, 0, n)).isEqualTo(SrtpError.REPLAYED.code());

            // Older than the replay window: refused even though never seen.
            byte[] old = rtp(SSRC, 41, 200, profile.rtpOverhead(), 1);
            int oldLength = client.protectRtp(old, 0, 212);
            for (int seq = 42; seq < 42 + ReceiveReplayWindow.SIZE + 6; seq++) {
                byte[] p = rtp(SSRC, seq, 200, profile.rtpOverhead(), seq);
                assertThat(server.unprotectRtp(p, 0, client.protectRtp(p, 0, 212))).isEqualTo(212);
            }
            assertThat(server.unprotectRtp(old, 0, oldLength)).isEqualTo(SrtpError.REPLAYED.code());

            byte[] rtcp = rtcpReceiverReport(SSRC, profile.rtcpOverhead());
            int m = client.protectRtcp(rtcp, 0, 32);
            byte[] rtcpCopy = Arrays.copyOf(rtcp, m);
            assertThat(server.unprotectRtcp(rtcp, 0, m)).isEqualTo(32);
            assertThat(server.unprotectRtcp(rtcpCopy, 0, m)).isEqualTo(SrtpError.REPLAYED.code());
            assertThat(server.stats().replays()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aResendAfterANackIsAcceptedOnceEvenFarBehindTheNewest(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 16);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            int[] lost = {10, 910}; // 1,000 and 100 packets behind the newest when they are resent
            byte[][] sent = new byte[1011][];
            int[] lengths = new int[sent.length];
            for (int seq = 0; seq < sent.length; seq++) {
                sent[seq] = rtp(SSRC, seq, 200, profile.rtpOverhead(), seq);
                lengths[seq] = client.protectRtp(sent[seq], 0, 212);
                if (seq != lost[0] && seq != lost[1]) {
                    assertThat(server.unprotectRtp(sent[seq].clone(), 0, lengths[seq])).isEqualTo(212);
                }
            }
            for (int seq : lost) {
                // the publisher resends the packet as it was (same SSRC and sequence number, no RTX)
                assertThat(server.unprotectRtp(sent[seq].clone(), 0, lengths[seq])).as("resend of %d", seq)
                        .isEqualTo(212);
                assertThat(server.unprotectRtp(sent[seq].clone(), 0, lengths[seq])).as("second copy of %d", seq)
                        .isEqualTo(SrtpError.REPLAYED.code());
            }
            assertThat(server.stats().rtpUnprotected()).isEqualTo(sent.length);
            assertThat(server.stats().replays()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedPacketsAreRejectedCleanly(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 7);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            byte[] packet = rtp(SSRC, 1, 100, profile.rtpOverhead(), 1);
            int n = client.protectRtp(packet, 0, 112);
            for (int len = 0; len < n; len++) {
                byte[] truncated = Arrays.copyOf(packet, n);
                int result = server.unprotectRtp(truncated, 0, len);
                assertThat(result).as("length %d", len).isNegative();
                if (len < 12 + profile.rtpOverhead()) {
                    assertThat(result).isEqualTo(SrtpError.MALFORMED.code());
                }
            }
            byte[] rtcp = rtcpReceiverReport(SSRC, profile.rtcpOverhead());
            int m = client.protectRtcp(rtcp, 0, 32);
            for (int len = 0; len < m; len++) {
                assertThat(server.unprotectRtcp(Arrays.copyOf(rtcp, m), 0, len)).as("length %d", len).isNegative();
            }
            // The intact packets still go through afterwards: failures left no bad state.
            assertThat(server.unprotectRtp(packet, 0, n)).isEqualTo(112);
            assertThat(server.unprotectRtcp(rtcp, 0, m)).isEqualTo(32);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomGarbageNeverThrows(SrtpProfile profile) {
        try (SrtpSession server = SrtpSession.forServer(randomKeys(profile, 8))) {
            Random random = new Random(42);
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(1300)];
                random.nextBytes(junk);
                if (junk.length > 0 && random.nextBoolean()) {
                    junk[0] = (byte) (0x80 | (junk[0] & 0x3f)); // look like RTP version 2
                }
                assertThat(server.unprotectRtp(junk, 0, junk.length)).isNegative();
                assertThat(server.unprotectRtcp(junk, 0, junk.length)).isNegative();
            }
            SrtpStats stats = server.stats();
            assertThat(stats.malformed() + stats.authFailures() + stats.replays() + stats.otherFailures() + stats.throttled())
                    .isEqualTo(4000);
            assertThat(server.receiveStreamCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsAtAnOffsetInsideALargerArray(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 9);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            byte[] packet = rtp(SSRC, 3, 300, 0, 9);
            byte[] big = new byte[64 + packet.length + profile.rtpOverhead() + 64];
            Arrays.fill(big, (byte) 0x5a);
            System.arraycopy(packet, 0, big, 64, packet.length);
            int n = client.protectRtp(big, 64, packet.length);
            assertThat(big[63]).isEqualTo((byte) 0x5a);
            assertThat(big[64 + n]).isEqualTo((byte) 0x5a);
            assertThat(server.unprotectRtp(big, 64, n)).isEqualTo(packet.length);
            assertThat(Arrays.copyOfRange(big, 64, 64 + packet.length)).isEqualTo(packet);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceNumberRolloverKeepsWorking(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 10);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            for (int i = 0; i < 40; i++) {
                int seq = (65_520 + i) & 0xffff;
                byte[] packet = rtp(SSRC, seq, 100, profile.rtpOverhead(), i);
                byte[] original = Arrays.copyOf(packet, 112);
                int n = client.protectRtp(packet, 0, 112);
                assertThat(server.unprotectRtp(packet, 0, n)).as("seq %d", seq).isEqualTo(112);
                assertThat(Arrays.copyOf(packet, 112)).isEqualTo(original);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingTheSameSequenceNumberTwiceIsRefused(SrtpProfile profile) {
        try (SrtpSession server = SrtpSession.forServer(randomKeys(profile, 11))) {
            byte[] first = rtp(SSRC, 9, 100, profile.rtpOverhead(), 1);
            byte[] second = rtp(SSRC, 9, 100, profile.rtpOverhead(), 2);
            assertThat(server.protectRtp(first, 0, 112)).isEqualTo(112 + profile.rtpOverhead());
            assertThat(server.protectRtp(second, 0, 112)).isEqualTo(SrtpError.REPLAYED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void independentStreamsPerSsrc(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 12);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys)) {
            // Same sequence number on two SSRCs is not a replay: each SSRC has its own context.
            for (int ssrc : new int[] {1, 2, 3}) {
                byte[] p = rtp(ssrc, 500, 50, profile.rtpOverhead(), ssrc);
                assertThat(server.unprotectRtp(p, 0, client.protectRtp(p, 0, 62))).isEqualTo(62);
            }
            assertThat(server.receiveStreamCount()).isEqualTo(3);
            server.forgetSsrc(2);
            assertThat(server.receiveStreamCount()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theNumberOfStreamsIsBounded(SrtpProfile profile) {
        SrtpKeyingMaterial keys = randomKeys(profile, 13);
        try (SrtpSession client = SrtpSession.forClient(keys); SrtpSession server = SrtpSession.forServer(keys, 2)) {
            for (int ssrc = 1; ssrc <= 3; ssrc++) {
                byte[] p = rtp(ssrc, 1, 50, profile.rtpOverhead(), ssrc);
                int result = server.unprotectRtp(p, 0, client.protectRtp(p, 0, 62));
                assertThat(result).isEqualTo(ssrc <= 2 ? 62 : SrtpError.TOO_MANY_STREAMS.code());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void wrongKeysFailAuthentication(SrtpProfile profile) {
        try (SrtpSession client = SrtpSession.forClient(randomKeys(profile, 14));
             SrtpSession server = SrtpSession.forServer(randomKeys(profile, 15))) {
            byte[] p = rtp(SSRC, 1, 50, profile.rtpOverhead(), 1);
            assertThat(server.unprotectRtp(p, 0, client.protectRtp(p, 0, 62))).isEqualTo(SrtpError.AUTH_FAILED.code());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void callerBugsThrowAndClosedSessionsRefuse(SrtpProfile profile) {
        SrtpSession server = SrtpSession.forServer(randomKeys(profile, 16));
        byte[] noRoom = rtp(SSRC, 1, 50, 0, 1);
        assertThatThrownBy(() -> server.protectRtp(noRoom, 0, noRoom.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spare bytes");
        assertThatThrownBy(() -> server.unprotectRtp(noRoom, 10, noRoom.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> server.unprotectRtp(null, 0, 0)).isInstanceOf(NullPointerException.class);

        byte[] notRtp = rtp(SSRC, 1, 50, profile.rtpOverhead(), 1);
        notRtp[0] = 0x40; // version 1
        assertThat(server.protectRtp(notRtp, 0, 62)).isEqualTo(SrtpError.MALFORMED.code());

        server.close();
        byte[] p = rtp(SSRC, 1, 50, profile.rtpOverhead(), 1);
        assertThat(server.protectRtp(p, 0, 62)).isEqualTo(SrtpError.CLOSED.code());
        assertThat(server.unprotectRtp(p, 0, 62)).isEqualTo(SrtpError.CLOSED.code());
    }
}
