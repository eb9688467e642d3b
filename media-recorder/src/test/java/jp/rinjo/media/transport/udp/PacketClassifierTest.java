package jp.rinjo.media.transport.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.rinjo.media.transport.udp.PacketClassifier.PacketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketClassifierTest {

    @ParameterizedTest(name = "first byte {0}, second byte {1} -> {2}")
    @CsvSource({
            "0, 1, STUN",
            "1, 1, STUN",
            "3, 0, STUN",
            "4, 0, UNKNOWN",
            "16, 0, UNKNOWN", // ZRTP range: valid per RFC 7983 but not used here
            "19, 0, UNKNOWN",
            "20, 254, DTLS", // change_cipher_spec
            "22, 254, DTLS", // handshake
            "23, 254, DTLS", // application_data
            "63, 0, DTLS",
            "64, 0, UNKNOWN", // TURN ChannelData
            "127, 0, UNKNOWN",
            "128, 96, RTP", // V=2, PT=96, no marker
            "144, 224, RTP", // marker bit set, PT 96 -> second byte 224 is RTP
            "128, 191, RTP", // marker + PT 63: just below the RTCP range
            "128, 192, RTCP", // FIR (legacy) lowest RTCP type
            "128, 200, RTCP", // sender report
            "129, 201, RTCP", // receiver report with one report block
            "143, 206, RTCP", // PSFB (PLI) with FMT=15
            "128, 223, RTCP",
            "191, 200, RTCP",
            "192, 200, UNKNOWN",
            "255, 255, UNKNOWN",
    })
    void classifiesByFirstAndSecondByte(int first, int second, PacketType expected) {
        byte[] packet = {(byte) first, (byte) second, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(PacketClassifier.classify(packet)).isEqualTo(expected);
    }

    @Test
    void emptyDatagramIsUnknown() {
        assertThat(PacketClassifier.classify(new byte[0])).isEqualTo(PacketType.UNKNOWN);
        assertThat(PacketClassifier.classify(new byte[] {0, 1}, 1, 0)).isEqualTo(PacketType.UNKNOWN);
    }

    @Test
    void oneByteDatagramsAreClassifiedWhereOneByteSuffices() {
        assertThat(PacketClassifier.classify(new byte[] {0})).isEqualTo(PacketType.STUN);
        assertThat(PacketClassifier.classify(new byte[] {22})).isEqualTo(PacketType.DTLS);
        // RTP vs RTCP needs the second byte.
        assertThat(PacketClassifier.classify(new byte[] {(byte) 128})).isEqualTo(PacketType.UNKNOWN);
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] buf = {99, 99, (byte) 0x80, (byte) 200, 99};
        assertThat(PacketClassifier.classify(buf, 2, 2)).isEqualTo(PacketType.RTCP);
        assertThat(PacketClassifier.classify(buf, 2, 1)).isEqualTo(PacketType.UNKNOWN);
        assertThat(PacketClassifier.classify(buf, 0, 5)).isEqualTo(PacketType.UNKNOWN);
    }

    @Test
    void rejectsRangesOutsideTheArray() {
        assertThatThrownBy(() -> PacketClassifier.classify(new byte[4], 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
