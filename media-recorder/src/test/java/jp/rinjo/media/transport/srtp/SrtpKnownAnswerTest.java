package jp.rinjo.media.transport.srtp;

import static jp.rinjo.media.transport.srtp.TestPackets.unhex;
import static jp.rinjo.media.transport.srtp.TestPackets.withTailRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Known answers, so that both ends of the round-trip tests cannot be wrong in the same way.
 *
 * <p>The master key and salt of RFC 3711 Appendix B.3 are also libsrtp's {@code test_key}; the
 * reference packets are libsrtp's {@code srtp_validate} and {@code srtp_validate_gcm} vectors
 * (test/srtp_driver.c), which other SRTP implementations check against too.
 */
class SrtpKnownAnswerTest {
    // RFC 3711 B.3
    private static final byte[] MASTER_KEY = unhex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = unhex("0ec675ad498afeebb6960b3aabe6");
    // libsrtp TEST_KEY_GCM
    private static final byte[] GCM_KEY = unhex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = unhex("a0a1a2a3a4a5a6a7a8a9aaab");

    private static final byte[] RTP_PLAIN = unhex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] RTCP_PLAIN = unhex("81c8000bcafebabe" + "ab".repeat(16));

    @BeforeAll
    static void warmUp() {
        SrtpSession.warmUp();
    }

    @Test
    void rfc3711KeyDerivationVectorsHoldForTheReferenceModel() throws Exception {
        assertThat(Rfc3711Reference.deriveSessionKey(MASTER_KEY, MASTER_SALT, Rfc3711Reference.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(unhex("c61e7a93744f39ee10734afe3ff7a087"));
        assertThat(Rfc3711Reference.deriveSessionKey(MASTER_KEY, MASTER_SALT, Rfc3711Reference.LABEL_RTP_SALT, 14))
                .isEqualTo(unhex("30cbbc08863d8c85d49db34a9ae1"));
        assertThat(Rfc3711Reference.deriveSessionKey(MASTER_KEY, MASTER_SALT, Rfc3711Reference.LABEL_RTP_AUTH, 20))
                .isEqualTo(unhex("cebe321f6ff7716b6fd4ab49af256a156d38baa4"));
    }

    @Test
    void aesCmRtpMatchesLibsrtpAndTheRfc3711Model() throws Exception {
        byte[] expected = unhex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        assertThat(Rfc3711Reference.protect(MASTER_KEY, MASTER_SALT, RTP_PLAIN, 0)).isEqualTo(expected);

        try (SrtpSession sender = session(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
             SrtpSession receiver = session(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT)) {
            byte[] packet = withTailRoom(RTP_PLAIN, 10);
            int n = sender.protectRtp(packet, 0, RTP_PLAIN.length);
            assertThat(Arrays.copyOf(packet, n)).isEqualTo(expected);

            byte[] received = expected.clone();
            assertThat(receiver.unprotectRtp(received, 0, received.length)).isEqualTo(RTP_PLAIN.length);
            assertThat(Arrays.copyOf(received, RTP_PLAIN.length)).isEqualTo(RTP_PLAIN);
        }
    }

    @Test
    void aesGcmRtpMatchesLibsrtp() {
        byte[] expected = unhex("800f1234decafbadcafebabe"
                + "c5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
        try (SrtpSession sender = session(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT);
             SrtpSession receiver = session(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT)) {
            byte[] packet = withTailRoom(RTP_PLAIN, 16);
            int n = sender.protectRtp(packet, 0, RTP_PLAIN.length);
            assertThat(Arrays.copyOf(packet, n)).isEqualTo(expected);

            byte[] received = expected.clone();
            assertThat(receiver.unprotectRtp(received, 0, received.length)).isEqualTo(RTP_PLAIN.length);
            assertThat(Arrays.copyOf(received, RTP_PLAIN.length)).isEqualTo(RTP_PLAIN);
        }
    }

    @Test
    void aesCmRtcpMatchesLibsrtp() {
        // libsrtp numbers its first SRTCP packet 1 (the trailing 80000001 is E flag + index);
        // jitsi-srtp starts at 0, hence one throwaway packet before the reference one.
        byte[] expected = unhex("81c8000bcafebabe"
                + "7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798");
        checkRtcp(SrtpProfile.AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, expected);
    }

    @Test
    void aesGcmRtcpMatchesLibsrtp() {
        byte[] expected = unhex("81c8000bcafebabe"
                + "c98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e" + "80000001");
        checkRtcp(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT, expected);
    }

    private static void checkRtcp(SrtpProfile profile, byte[] key, byte[] salt, byte[] expected) {
        try (SrtpSession sender = session(profile, key, salt); SrtpSession receiver = session(profile, key, salt)) {
            byte[] received = expected.clone();
            assertThat(receiver.unprotectRtcp(received, 0, received.length)).isEqualTo(RTCP_PLAIN.length);
            assertThat(Arrays.copyOf(received, RTCP_PLAIN.length)).isEqualTo(RTCP_PLAIN);

            byte[] throwaway = withTailRoom(RTCP_PLAIN, profile.rtcpOverhead());
            sender.protectRtcp(throwaway, 0, RTCP_PLAIN.length);
            byte[] packet = withTailRoom(RTCP_PLAIN, profile.rtcpOverhead());
            int n = sender.protectRtcp(packet, 0, RTCP_PLAIN.length);
            assertThat(Arrays.copyOf(packet, n)).isEqualTo(expected);
        }
    }

    /** Sending and receiving with the same master key, as libsrtp's validation does. */
    private static SrtpSession session(SrtpProfile profile, byte[] key, byte[] salt) {
        return SrtpSession.of(profile, key, salt, key, salt);
    }
}
