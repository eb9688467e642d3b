package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void readsFixedHeaderFields() {
        byte[] p = TestRtp.packet().marker(true).pt(111).seq(0xFFFE).ts(0xCAFEBABE).ssrc(0xDEADBEEF)
                .payload(1, 2, 3).build();
        assertThat(RtpPacket.isValid(p, 0, p.length)).isTrue();
        assertThat(RtpPacket.version(p, 0)).isEqualTo(2);
        assertThat(RtpPacket.hasPadding(p, 0)).isFalse();
        assertThat(RtpPacket.hasExtension(p, 0)).isFalse();
        assertThat(RtpPacket.csrcCount(p, 0)).isZero();
        assertThat(RtpPacket.marker(p, 0)).isTrue();
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(111);
        assertThat(RtpPacket.sequenceNumber(p, 0)).isEqualTo(0xFFFE);
        assertThat(RtpPacket.timestamp(p, 0)).isEqualTo(0xCAFEBABE);
        assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(0xDEADBEEF);
        assertThat(RtpPacket.headerLength(p, 0, p.length)).isEqualTo(12);
        assertThat(RtpPacket.payloadOffset(p, 0, p.length)).isEqualTo(12);
        assertThat(RtpPacket.payloadLength(p, 0, p.length)).isEqualTo(3);
    }

    @Test
    void headerLengthCountsCsrcsAndExtensionAndPayloadExcludesPadding() {
        byte[] p = TestRtp.packet().csrc(7).csrc(8).ext1(3, 0xAA, 0xBB).payload(9, 9, 9, 9, 9).padding(4).build();
        // 12 fixed + 8 CSRC + 4 ext header + 4 ext data (1 hdr byte + 2 data + 1 pad)
        assertThat(RtpPacket.isValid(p, 0, p.length)).isTrue();
        assertThat(RtpPacket.csrcCount(p, 0)).isEqualTo(2);
        assertThat(RtpPacket.csrc(p, 0, 1)).isEqualTo(8);
        assertThat(RtpPacket.headerLength(p, 0, p.length)).isEqualTo(28);
        assertThat(RtpPacket.paddingLength(p, 0, p.length)).isEqualTo(4);
        assertThat(RtpPacket.payloadOffset(p, 0, p.length)).isEqualTo(28);
        assertThat(RtpPacket.payloadLength(p, 0, p.length)).isEqualTo(5);
    }

    @Test
    void worksAtAnOffsetInsideALargerBuffer() {
        byte[] p = TestRtp.packet().seq(42).ext1(1, 5).payload(1, 2).build();
        byte[] big = new byte[p.length + 20];
        System.arraycopy(p, 0, big, 7, p.length);
        assertThat(RtpPacket.isValid(big, 7, p.length)).isTrue();
        assertThat(RtpPacket.sequenceNumber(big, 7)).isEqualTo(42);
        assertThat(RtpPacket.payloadOffset(big, 7, p.length)).isEqualTo(7 + 20);
        assertThat(RtpPacket.payloadLength(big, 7, p.length)).isEqualTo(2);
    }

    @Test
    void settersRewriteInPlaceAndKeepOtherBits() {
        byte[] p = TestRtp.packet().marker(true).pt(96).seq(1).ts(2).ssrc(3).payload(1).build();
        RtpPacket.setSsrc(p, 0, 0xA1B2C3D4);
        RtpPacket.setSequenceNumber(p, 0, 0xFFFF);
        RtpPacket.setTimestamp(p, 0, 0xFFFFFFFF);
        RtpPacket.setPayloadType(p, 0, 100);
        assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(0xA1B2C3D4);
        assertThat(RtpPacket.sequenceNumber(p, 0)).isEqualTo(0xFFFF);
        assertThat(RtpPacket.timestamp(p, 0)).isEqualTo(-1);
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(100);
        assertThat(RtpPacket.marker(p, 0)).isTrue();
        RtpPacket.setMarker(p, 0, false);
        assertThat(RtpPacket.marker(p, 0)).isFalse();
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(100);
        assertThat(p[12]).isEqualTo((byte) 1);
    }

    @Test
    void writeHeaderProducesAValidPacket() {
        byte[] p = new byte[12];
        RtpPacket.writeHeader(p, 0, true, 97, 65535, 123456, 99);
        assertThat(RtpPacket.isValid(p, 0, 12)).isTrue();
        assertThat(RtpPacket.payloadLength(p, 0, 12)).isZero();
        assertThat(RtpPacket.marker(p, 0)).isTrue();
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(97);
    }

    @Test
    void rejectsTruncatedAndMalformedPackets() {
        byte[] good = TestRtp.packet().csrc(1).ext1(2, 1, 2, 3).payload(1, 2, 3).padding(2).build();
        assertThat(RtpPacket.isValid(good, 0, good.length)).isTrue();
        // every truncation short of the padding is invalid (the pad count byte moves)...
        for (int len = 0; len < 12 + 4 + 4 + 4; len++) {
            assertThat(RtpPacket.isValid(good, 0, len)).as("len %d", len).isFalse();
        }
        byte[] v1 = good.clone();
        v1[0] = (byte) (v1[0] & 0x3F | 0x40);
        assertThat(RtpPacket.isValid(v1, 0, v1.length)).isFalse();
        byte[] zeroPad = good.clone();
        zeroPad[zeroPad.length - 1] = 0;
        assertThat(RtpPacket.isValid(zeroPad, 0, zeroPad.length)).isFalse();
        byte[] hugePad = good.clone();
        hugePad[hugePad.length - 1] = (byte) 200;
        assertThat(RtpPacket.isValid(hugePad, 0, hugePad.length)).isFalse();
        byte[] longExt = good.clone();
        longExt[12 + 4 + 3] = 50; // extension length in words beyond the packet
        assertThat(RtpPacket.isValid(longExt, 0, longExt.length)).isFalse();
        assertThat(RtpPacket.payloadLength(longExt, 0, longExt.length)).isEqualTo(-1);
        assertThat(RtpPacket.isValid(null, 0, 0)).isFalse();
        assertThat(RtpPacket.isValid(good, -1, 12)).isFalse();
        assertThat(RtpPacket.isValid(good, 5, good.length)).isFalse();
    }

    @Test
    void paddingThatEatsIntoTheHeaderIsInvalid() {
        byte[] p = TestRtp.packet().ext1(1, 1, 2, 3).payload(1).padding(1).build();
        p[p.length - 1] = 6; // 6 > payload(1)+pad byte but < len-12
        assertThat(RtpPacket.isValid(p, 0, p.length)).isFalse();
        assertThat(RtpPacket.payloadLength(p, 0, p.length)).isEqualTo(-1);
    }

    @Test
    void classifiesRtcpOnAMuxedPort() {
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
        assertThat(RtpPacket.isRtcp(rr, 0, rr.length)).isTrue();
        byte[] rtp = TestRtp.packet().pt(96).build();
        assertThat(RtpPacket.isRtcp(rtp, 0, rtp.length)).isFalse();
        byte[] rtpWithMarkerPt96 = TestRtp.packet().marker(true).pt(96).build(); // second byte 224
        assertThat(RtpPacket.isRtcp(rtpWithMarkerPt96, 0, rtpWithMarkerPt96.length)).isFalse();
        byte[] markerPt72 = TestRtp.packet().marker(true).pt(72).build(); // 200: looks like SR by design
        assertThat(RtpPacket.isRtcp(markerPt72, 0, markerPt72.length)).isTrue();
        assertThat(RtpPacket.isRtcp(rr, 0, 4)).isFalse();
    }

    @Test
    void randomBytesNeverThrowAndValidPacketsAreSelfConsistent() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(80)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            int len = b.length - off;
            boolean valid = RtpPacket.isValid(b, off, len);
            int header = RtpPacket.headerLength(b, off, len);
            int payload = RtpPacket.payloadLength(b, off, len);
            int pad = RtpPacket.paddingLength(b, off, len);
            if (valid) {
                assertThat(header).isBetween(12, len);
                assertThat(payload).isBetween(0, len - header);
                assertThat(header + payload + pad).isEqualTo(len);
                assertThat(RtpPacket.payloadOffset(b, off, len)).isEqualTo(off + header);
            }
        }
    }
}
