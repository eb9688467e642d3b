package jp.rinjo.media.transport.stun;

import static jp.rinjo.media.transport.stun.StunTestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Malformed input is refused with a reason that names the problem. */
class StunDecoderTest {

    private static final String HEADER_REST = "21 12 a4 42 00 01 02 03 04 05 06 07 08 09 0a 0b";

    @Test
    void decodesAnEmptyBindingRequest() throws Exception {
        StunMessage m = StunDecoder.decode(hex("00 01 00 00" + HEADER_REST));
        assertThat(m.isBindingRequest()).isTrue();
        assertThat(m.attributes()).isEmpty();
        assertThat(m.transactionId()).isEqualTo(hex("000102030405060708090a0b"));
        assertThat(m.messageIntegrityOffset()).isEqualTo(-1);
        assertThat(m.verifyMessageIntegrity(new byte[] {1})).isFalse();
        assertThat(m.verifyFingerprint()).isFalse();
    }

    @Test
    void honoursOffsetAndLength() throws Exception {
        byte[] message = hex("00 11 00 00" + HEADER_REST);
        byte[] framed = new byte[message.length + 7];
        System.arraycopy(message, 0, framed, 3, message.length);
        StunMessage m = StunDecoder.decode(framed, 3, message.length);
        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_INDICATION);
        assertThat(m.toBytes()).isEqualTo(message);
    }

    @Test
    void messageKeepsItsOwnCopy() throws Exception {
        byte[] datagram = Rfc5769VectorsTest.SAMPLE_REQUEST.clone();
        StunMessage m = StunDecoder.decode(datagram);
        Arrays.fill(datagram, (byte) 0);
        assertThat(m.username()).contains("evtj:h6vY");
        assertThat(m.verifyMessageIntegrity(Rfc5769VectorsTest.KEY)).isTrue();
    }

    @Test
    void rejectsTooShort() {
        assertFails(hex("00 01 00 00 21 12 a4 42"), "too short: 8 bytes");
        assertFails(new byte[0], "too short: 0 bytes");
    }

    @Test
    void rejectsNonZeroTopBits() {
        assertFails(hex("80 01 00 00" + HEADER_REST), "two top bits");
    }

    @Test
    void rejectsBadMagicCookie() {
        assertFails(hex("00 01 00 00 21 12 a4 43 00 01 02 03 04 05 06 07 08 09 0a 0b"), "bad magic cookie 0x2112a443");
    }

    @Test
    void rejectsLengthNotMultipleOfFour() {
        assertFails(hex("00 01 00 02" + HEADER_REST + "00 00"), "message length 2 is not a multiple of 4");
    }

    @Test
    void rejectsLengthNotMatchingTheDatagram() {
        assertFails(hex("00 01 00 08" + HEADER_REST + "80 22 00 00"), "length field says 8 bytes but 4 follow");
        assertFails(hex("00 01 00 00" + HEADER_REST + "80 22 00 00"), "length field says 0 bytes but 4 follow");
    }

    @Test
    void rejectsTruncatedAttribute() {
        // SOFTWARE claims 8 value bytes, only 4 remain.
        assertFails(hex("00 01 00 08" + HEADER_REST + "80 22 00 08 61 62 63 64"),
                "truncated attribute SOFTWARE at offset 20: declares 8 value bytes, 4 remain");
        // 5 value bytes need 3 padding bytes which are missing (total body 12 is fine, but attribute
        // plus padding would need 16).
        assertFails(hex("00 01 00 0c" + HEADER_REST + "80 22 00 09 61 62 63 64 65 66 67 68"),
                "truncated attribute SOFTWARE");
    }

    @Test
    void rejectsAttributesAfterFingerprint() {
        assertFails(hex("00 01 00 0c" + HEADER_REST + "80 28 00 04 00 00 00 00 00 25 00 00"),
                "USE-CANDIDATE at offset 28 follows FINGERPRINT");
    }

    @Test
    void ignoresAttributesAfterMessageIntegrityExceptFingerprint() throws Exception {
        byte[] raw = StunMessageBuilder.bindingRequest(new byte[12]).username("a:b").messageIntegrity(new byte[] {1}).build();
        // Splice a USE-CANDIDATE after MESSAGE-INTEGRITY and fix the length.
        byte[] spliced = Arrays.copyOf(raw, raw.length + 4);
        spliced[raw.length + 1] = 0x25;
        spliced[3] = (byte) (spliced.length - 20);
        StunMessage m = StunDecoder.decode(spliced);
        assertThat(m.useCandidate()).as("unauthenticated attribute must not be visible").isFalse();
        assertThat(m.attributes()).extracting(StunAttribute::type)
                .containsExactly(StunAttributeType.USERNAME, StunAttributeType.MESSAGE_INTEGRITY);
        assertThat(m.verifyMessageIntegrity(new byte[] {1})).isTrue();
    }

    @Test
    void rejectsKnownAttributesWithWrongLengths() {
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 24 00 02 00 01 00 00"), "PRIORITY must be 4 bytes, got 2");
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 25 00 04 00 00 00 00"), "USE-CANDIDATE must be 0 bytes, got 4");
        assertFails(hex("00 01 00 08" + HEADER_REST + "80 2a 00 04 00 00 00 00"), "ICE-CONTROLLING must be 8 bytes, got 4");
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 08 00 04 00 00 00 00"), "MESSAGE-INTEGRITY must be 20 bytes, got 4");
        assertFails(hex("00 01 00 08" + HEADER_REST + "80 28 00 02 00 00 00 00"), "FINGERPRINT must be 4 bytes, got 2");
    }

    @Test
    void rejectsBadAddresses() {
        assertFails(hex("00 01 00 0c" + HEADER_REST + "00 20 00 08 00 03 00 00 00 00 00 00"), "unknown address family 0x3");
        assertFails(hex("00 01 00 0c" + HEADER_REST + "00 20 00 08 00 02 00 00 00 00 00 00"), "family 2 must be 20 bytes, got 8");
    }

    @Test
    void rejectsBadErrorCodes() {
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 09 00 04 00 00 07 00"), "ERROR-CODE class 7 is outside 3-6");
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 09 00 04 00 00 04 64"), "ERROR-CODE number 100 is outside 0-99");
    }

    @Test
    void rejectsUsernameThatIsNotUtf8() {
        assertFails(hex("00 01 00 08" + HEADER_REST + "00 06 00 02 c3 28 00 00"), "USERNAME is not valid UTF-8");
    }

    @Test
    void reportsUnknownComprehensionRequiredAttributesOnce() throws Exception {
        StunMessage m = StunDecoder.decode(hex("00 01 00 18" + HEADER_REST
                + "7f 01 00 00" + "c0 57 00 04 00 01 00 0a" + "7f 01 00 00" + "00 1c 00 04 01 02 03 04"));
        assertThat(m.unknownComprehensionRequired()).containsExactly(0x7f01, 0x001c);
    }

    @Test
    void typedAccessorsReturnTheFirstOfDuplicateAttributes() throws Exception {
        byte[] raw = StunMessageBuilder.bindingRequest(new byte[12]).priority(1).priority(2).build();
        assertThat(StunDecoder.decode(raw).priority()).hasValue(1);
    }

    @Test
    void peeksTheUsernameWithoutFullDecode() {
        byte[] req = Rfc5769VectorsTest.SAMPLE_REQUEST;
        assertThat(StunDecoder.peekUsername(req, 0, req.length)).contains("evtj:h6vY");
        byte[] framed = new byte[req.length + 10];
        System.arraycopy(req, 0, framed, 5, req.length);
        assertThat(StunDecoder.peekUsername(framed, 5, req.length)).contains("evtj:h6vY");
    }

    @Test
    void peekFindsNothingInNonStunOrUsernameFreeMessages() {
        byte[] resp = Rfc5769VectorsTest.IPV4_RESPONSE;
        assertThat(StunDecoder.peekUsername(resp, 0, resp.length)).isEmpty();
        byte[] dtls = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(StunDecoder.peekUsername(dtls, 0, dtls.length)).isEmpty();
        byte[] truncated = hex("00 01 00 08" + HEADER_REST + "00 06 00 09 61 62 63 64");
        assertThat(StunDecoder.peekUsername(truncated, 0, truncated.length)).isEmpty();
    }

    @Test
    void peekIgnoresUsernameAfterMessageIntegrity() {
        byte[] raw = StunMessageBuilder.bindingRequest(new byte[12]).messageIntegrity(new byte[] {1}).build();
        byte[] spliced = Arrays.copyOf(raw, raw.length + 8);
        byte[] username = hex("00 06 00 03 61 3a 62 00");
        System.arraycopy(username, 0, spliced, raw.length, 8);
        spliced[3] = (byte) (spliced.length - 20);
        assertThat(StunDecoder.peekUsername(spliced, 0, spliced.length)).isEmpty();
    }

    private static void assertFails(byte[] datagram, String reason) {
        assertThatThrownBy(() -> StunDecoder.decode(datagram))
                .isInstanceOf(StunParseException.class)
                .hasMessageContaining(reason);
    }
}
