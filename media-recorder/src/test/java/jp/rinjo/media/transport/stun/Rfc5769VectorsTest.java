package jp.rinjo.media.transport.stun;

import static jp.rinjo.media.transport.stun.StunTestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of RFC 5769 ("Test Vectors for STUN"). Decoded, authenticated, and re-encoded
 * byte for byte where the vector allows it.
 */
class Rfc5769VectorsTest {

    /** Password of §2.1–2.3 (short-term credentials). */
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] TRANSACTION_ID = hex("b7e7a701 bc34d686 fa87dfae");

    /** RFC 5769 §2.1, Sample Request. */
    static final byte[] SAMPLE_REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf
            """);

    /** RFC 5769 §2.2, Sample IPv4 Response. */
    static final byte[] IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96
            """);

    /** RFC 5769 §2.3, Sample IPv6 Response. */
    static final byte[] IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c
            """);

    /** RFC 5769 §2.4, Sample Request with Long-Term Authentication. */
    static final byte[] LONG_TERM_REQUEST = hex("""
            00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
            00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
            00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
            00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
            00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
            """);

    static final byte[] KEY = StunIntegrity.shortTermKey(PASSWORD);
    static final InetSocketAddress MAPPED_V4 = new InetSocketAddress(addr("192.0.2.1"), 32853);
    static final InetSocketAddress MAPPED_V6 = new InetSocketAddress(addr("2001:db8:1234:5678:11:2233:4455:6677"), 32853);

    static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class SampleRequest {

        @Test
        void decodesEveryAttribute() throws Exception {
            StunMessage m = StunDecoder.decode(SAMPLE_REQUEST);
            assertThat(m.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
            assertThat(m.attributes()).extracting(StunAttribute::type).containsExactly(
                    StunAttributeType.SOFTWARE, StunAttributeType.PRIORITY, StunAttributeType.ICE_CONTROLLED,
                    StunAttributeType.USERNAME, StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
            assertThat(m.software()).contains("STUN test client");
            assertThat(m.priority()).hasValue(0x6e0001ffL);
            assertThat(m.iceControlled()).hasValue(0x932ff9b151263b36L);
            assertThat(m.iceControlling()).isEmpty();
            assertThat(m.username()).contains("evtj:h6vY");
            assertThat(m.useCandidate()).isFalse();
            assertThat(m.fingerprint()).hasValue(0xe57a3bcfL);
            assertThat(m.unknownComprehensionRequired()).isEmpty();
        }

        @Test
        void integrityAndFingerprintVerify() throws Exception {
            StunMessage m = StunDecoder.decode(SAMPLE_REQUEST);
            assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
            assertThat(m.verifyFingerprint()).isTrue();
            assertThat(m.verifyMessageIntegrity(StunIntegrity.shortTermKey(PASSWORD + "x"))).isFalse();
        }

        @Test
        void reEncodesToTheSameBytesWithSpacePadding() {
            // The vector pads USERNAME with 0x20; RFC 8489 §14 allows any padding value, and the
            // HMAC and CRC cover the padding, so only the same padding reproduces the vector.
            byte[] encoded = StunMessageBuilder.bindingRequest(TRANSACTION_ID)
                    .paddingByte((byte) 0x20)
                    .software("STUN test client")
                    .priority(0x6e0001ffL)
                    .iceControlled(0x932ff9b151263b36L)
                    .username("evtj:h6vY")
                    .messageIntegrity(KEY)
                    .fingerprint()
                    .build();
            assertThat(encoded).isEqualTo(SAMPLE_REQUEST);
        }
    }

    @Nested
    class Ipv4Response {

        @Test
        void decodesVerifiesAndYieldsTheMappedAddress() throws Exception {
            StunMessage m = StunDecoder.decode(IPV4_RESPONSE);
            assertThat(m.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
            assertThat(m.software()).contains("test vector");
            assertThat(m.xorMappedAddress()).contains(MAPPED_V4);
            assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
            assertThat(m.verifyFingerprint()).isTrue();
        }

        @Test
        void reEncodesToTheSameBytesWithSpacePadding() {
            assertThat(response(MAPPED_V4, (byte) 0x20)).isEqualTo(IPV4_RESPONSE);
        }

        @Test
        void zeroPaddedEncodingDiffersOnlyInPaddingAndTheValuesThatCoverIt() throws Exception {
            byte[] ours = response(MAPPED_V4, (byte) 0);
            assertOnlyPaddingAndChecksumsDiffer(ours, IPV4_RESPONSE);
        }
    }

    @Nested
    class Ipv6Response {

        @Test
        void decodesVerifiesAndYieldsTheMappedAddress() throws Exception {
            StunMessage m = StunDecoder.decode(IPV6_RESPONSE);
            assertThat(m.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(m.xorMappedAddress()).contains(MAPPED_V6);
            assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
            assertThat(m.verifyFingerprint()).isTrue();
        }

        @Test
        void reEncodesToTheSameBytesWithSpacePadding() {
            assertThat(response(MAPPED_V6, (byte) 0x20)).isEqualTo(IPV6_RESPONSE);
        }

        @Test
        void zeroPaddedEncodingDiffersOnlyInPaddingAndTheValuesThatCoverIt() throws Exception {
            assertOnlyPaddingAndChecksumsDiffer(response(MAPPED_V6, (byte) 0), IPV6_RESPONSE);
        }
    }

    @Nested
    class LongTermRequest {

        static final String USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        static final String NONCE = "f//499k954d6OL34oL9FSTvy64sA";
        static final String REALM = "example.org";
        /** The vector's password "The\u00ADM\u00AAtr\u2168" after SASLprep, which this node does not implement. */
        static final String PREPARED_PASSWORD = "TheMatrIX";

        static byte[] longTermKey() throws Exception {
            // RFC 5389 §15.4: key = MD5(username ":" realm ":" SASLprep(password))
            return MessageDigest.getInstance("MD5")
                    .digest((USERNAME + ":" + REALM + ":" + PREPARED_PASSWORD).getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void decodesAndVerifiesWithTheLongTermKey() throws Exception {
            StunMessage m = StunDecoder.decode(LONG_TERM_REQUEST);
            assertThat(m.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(m.username()).contains(USERNAME);
            assertThat(m.attribute(StunAttributeType.NONCE).orElseThrow().value())
                    .isEqualTo(NONCE.getBytes(StandardCharsets.US_ASCII));
            assertThat(m.attribute(StunAttributeType.REALM).orElseThrow().value())
                    .isEqualTo(REALM.getBytes(StandardCharsets.US_ASCII));
            assertThat(m.fingerprint()).isEmpty();
            assertThat(m.verifyFingerprint()).isFalse();
            assertThat(m.verifyMessageIntegrity(longTermKey())).isTrue();
        }

        @Test
        void reEncodesToTheSameBytes() throws Exception {
            // This vector pads with zeros, so the default builder reproduces it exactly.
            byte[] encoded = StunMessageBuilder.bindingRequest(hex("78ad3433 c6ad72c0 29da412e"))
                    .username(USERNAME)
                    .attribute(StunAttributeType.NONCE, NONCE.getBytes(StandardCharsets.US_ASCII))
                    .attribute(StunAttributeType.REALM, REALM.getBytes(StandardCharsets.US_ASCII))
                    .messageIntegrity(longTermKey())
                    .build();
            assertThat(encoded).isEqualTo(LONG_TERM_REQUEST);
        }
    }

    private static byte[] response(InetSocketAddress mapped, byte padding) {
        return StunMessageBuilder.bindingSuccess(TRANSACTION_ID)
                .paddingByte(padding)
                .software("test vector")
                .xorMappedAddress(mapped)
                .messageIntegrity(KEY)
                .fingerprint()
                .build();
    }

    /**
     * Our encoder pads with zeros, the response vectors with 0x20 (after the 11-byte SOFTWARE).
     * Both are valid (RFC 8489 §14: padding is ignored by receivers), but MESSAGE-INTEGRITY and
     * FINGERPRINT cover the padding, so they differ too. Everything else must be identical, and
     * our checksums must be valid.
     */
    private static void assertOnlyPaddingAndChecksumsDiffer(byte[] ours, byte[] vector) throws Exception {
        assertThat(ours).hasSameSizeAs(vector);
        StunMessage decoded = StunDecoder.decode(ours);
        assertThat(decoded.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(decoded.verifyFingerprint()).isTrue();
        int paddingOffset = 20 + 4 + 11; // one byte after SOFTWARE's 11-byte value
        int miValue = decoded.messageIntegrityOffset() + 4;
        int fpValue = decoded.fingerprintOffset() + 4;
        for (int i = 0; i < vector.length; i++) {
            boolean mayDiffer = i == paddingOffset || (i >= miValue && i < miValue + 20) || (i >= fpValue && i < fpValue + 4);
            if (!mayDiffer) {
                assertThat(ours[i]).as("byte %d", i).isEqualTo(vector[i]);
            }
        }
        assertThat(ours[paddingOffset]).isZero();
        assertThat(vector[paddingOffset]).isEqualTo((byte) 0x20);
    }
}
