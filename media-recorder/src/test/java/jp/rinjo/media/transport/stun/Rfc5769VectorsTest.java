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

    static final String PASSWORD = Rfc5769.PASSWORD;
    static final byte[] TRANSACTION_ID = hex("b7e7a701 bc34d686 fa87dfae");
    static final byte[] SAMPLE_REQUEST = Rfc5769.sampleRequest();
    static final byte[] IPV4_RESPONSE = Rfc5769.ipv4Response();
    static final byte[] IPV6_RESPONSE = Rfc5769.ipv6Response();
    static final byte[] LONG_TERM_REQUEST = Rfc5769.longTermRequest();

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
