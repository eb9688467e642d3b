package jp.rinjo.media.transport.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StunMessageBuilderTest {

    private static final byte[] TX = StunMessageBuilder.newTransactionId();
    private static final byte[] KEY = StunIntegrity.shortTermKey("0123456789abcdefghijklmn");

    @ParameterizedTest(name = "{0} {1} <-> 0x{2}")
    @CsvSource({
            "REQUEST, 1, 0001",
            "INDICATION, 1, 0011",
            "SUCCESS_RESPONSE, 1, 0101",
            "ERROR_RESPONSE, 1, 0111",
            "REQUEST, 3, 0003", // TURN Allocate
            "SUCCESS_RESPONSE, 3, 0103",
            "ERROR_RESPONSE, 4095, 3fff",
    })
    void messageTypeBitsFollowRfc8489Section5(StunClass cls, int method, String wireHex) {
        StunMessageType type = new StunMessageType(cls, method);
        int wire = Integer.parseInt(wireHex, 16);
        assertThat(type.toWire()).isEqualTo(wire);
        assertThat(StunMessageType.fromWire(wire)).isEqualTo(type);
    }

    @Test
    void bindingRequestRoundTrips() throws Exception {
        byte[] raw = StunEncoder.bindingRequest(TX, "srv1:brws", 0x7e7f00ffL, 0xFEDCBA9876543210L, true, KEY);
        StunMessage m = StunDecoder.decode(raw);
        assertThat(m.isBindingRequest()).isTrue();
        assertThat(m.transactionId()).isEqualTo(TX);
        assertThat(m.username()).contains("srv1:brws");
        assertThat(m.priority()).hasValue(0x7e7f00ffL);
        assertThat(m.iceControlling()).hasValue(0xFEDCBA9876543210L);
        assertThat(m.useCandidate()).isTrue();
        assertThat(m.attributes()).extracting(StunAttribute::type).endsWith(
                StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
        assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void maximumPriorityStaysUnsigned() throws Exception {
        byte[] raw = StunMessageBuilder.bindingRequest(TX).priority(0xFFFF_FFFFL).build();
        assertThat(StunDecoder.decode(raw).priority()).hasValue(0xFFFF_FFFFL);
    }

    @ParameterizedTest
    @CsvSource({"203.0.113.7, 1", "203.0.113.7, 65535", "::1, 50000", "2001:db8::ff00:42:8329, 3478", "fe80::1, 9"})
    void xorMappedAddressRoundTrips(String ip, int port) throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), port);
        byte[] raw = StunEncoder.bindingSuccess(TX, address, KEY);
        StunMessage m = StunDecoder.decode(raw);
        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(m.xorMappedAddress()).contains(address);
        assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void xorMappedAddressIsActuallyXored() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        byte[] raw = StunMessageBuilder.bindingSuccess(TX).xorMappedAddress(address).build();
        // Port 32853 = 0x8055, XOR 0x2112 = 0xa147; 192.0.2.1 XOR 0x2112a442 = e1 12 a6 43 (RFC 5769 §2.2).
        assertThat(java.util.Arrays.copyOfRange(raw, 24, 32)).isEqualTo(StunTestBytes.hex("0001a147e112a643"));
    }

    @Test
    void errorResponseWithoutIntegrityForUnauthenticatedRequests() throws Exception {
        StunMessage m = StunDecoder.decode(StunEncoder.bindingError(TX, StunErrorCode.UNAUTHORIZED, null));
        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(m.errorCode()).contains(StunErrorCode.UNAUTHORIZED);
        assertThat(m.messageIntegrity()).isEmpty();
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void errorResponseWithIntegrityAndUnknownAttributes() throws Exception {
        byte[] raw = StunMessageBuilder.bindingError(TX)
                .errorCode(StunErrorCode.UNKNOWN_ATTRIBUTE)
                .unknownAttributes(List.of(0x7f01, 0x001c, 0x0042))
                .messageIntegrity(KEY).fingerprint().build();
        StunMessage m = StunDecoder.decode(raw);
        assertThat(m.errorCode()).contains(new StunErrorCode(420, "Unknown Attribute"));
        assertThat(m.unknownAttributes()).containsExactly(0x7f01, 0x001c, 0x0042);
        assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
    }

    @Test
    void roleConflictRoundTrips() throws Exception {
        StunMessage m = StunDecoder.decode(StunEncoder.bindingError(TX, StunErrorCode.ROLE_CONFLICT, KEY));
        assertThat(m.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(487));
        assertThat(m.verifyMessageIntegrity(KEY)).isTrue();
    }

    @Test
    void integrityAndFingerprintGoLastWhateverTheCallOrder() throws Exception {
        byte[] raw = StunMessageBuilder.bindingRequest(TX).fingerprint().messageIntegrity(KEY).username("a:b").build();
        assertThat(StunDecoder.decode(raw).attributes()).extracting(StunAttribute::type).containsExactly(
                StunAttributeType.USERNAME, StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
    }

    @Test
    void anyTamperingBreaksIntegrityOrFingerprint() throws Exception {
        byte[] raw = StunEncoder.bindingRequest(TX, "srv1:brws", 100, 1, false, KEY);
        for (int i = 0; i < raw.length; i++) {
            if (i == 2 || i == 3) {
                continue; // a changed length field fails decoding outright
            }
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            StunMessage m;
            try {
                m = StunDecoder.decode(tampered);
            } catch (StunParseException rejected) {
                continue;
            }
            boolean covered = i < m.messageIntegrityOffset() + 24;
            if (covered) {
                assertThat(m.verifyMessageIntegrity(KEY)).as("flip at byte %d", i).isFalse();
            }
            assertThat(m.verifyFingerprint()).as("flip at byte %d", i).isFalse();
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> StunMessageBuilder.bindingRequest(new byte[11]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 bytes");
        StunMessageBuilder b = StunMessageBuilder.bindingRequest(TX);
        assertThatThrownBy(() -> b.priority(-1)).hasMessageContaining("unsigned 32-bit");
        assertThatThrownBy(() -> b.priority(1L << 32)).hasMessageContaining("unsigned 32-bit");
        assertThatThrownBy(() -> b.attribute(StunAttributeType.FINGERPRINT, new byte[4]))
                .hasMessageContaining("fingerprint()");
        assertThatThrownBy(() -> b.username("x".repeat(513))).hasMessageContaining("at most 512");
        assertThatThrownBy(() -> b.messageIntegrity(new byte[0])).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> b.xorMappedAddress(InetSocketAddress.createUnresolved("example.org", 1)))
                .hasMessageContaining("resolved");
        assertThatThrownBy(() -> new StunErrorCode(200, "OK")).hasMessageContaining("300-699");
    }

    @Test
    void transactionIdsAreFreshAndTheBuilderCopiesThem() throws Exception {
        byte[] tx = StunMessageBuilder.newTransactionId();
        assertThat(tx).hasSize(12).isNotEqualTo(StunMessageBuilder.newTransactionId());
        StunMessageBuilder b = StunMessageBuilder.bindingRequest(tx);
        byte[] expected = tx.clone();
        tx[0] ^= 0x7f;
        assertThat(StunDecoder.decode(b.build()).transactionId()).isEqualTo(expected);
    }
}
