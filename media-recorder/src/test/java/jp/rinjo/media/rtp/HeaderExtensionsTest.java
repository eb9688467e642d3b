package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {

    @Test
    void findsOneByteElementsById() {
        byte[] p = TestRtp.packet().ext1(1, 0x11).ext1(3, 0x12, 0x34).ext1(5, 1, 2, 3).payload(9).build();
        long e = HeaderExtensions.find(p, 0, p.length, 3);
        assertThat(e).isNotEqualTo(HeaderExtensions.NOT_FOUND);
        assertThat(HeaderExtensions.dataLength(e)).isEqualTo(2);
        assertThat(Bytes.u16(p, HeaderExtensions.dataOffset(e))).isEqualTo(0x1234);
        assertThat(HeaderExtensions.dataLength(HeaderExtensions.find(p, 0, p.length, 5))).isEqualTo(3);
        assertThat(HeaderExtensions.find(p, 0, p.length, 2)).isEqualTo(HeaderExtensions.NOT_FOUND);
        assertThat(HeaderExtensions.find(p, 0, p.length, 0)).isEqualTo(HeaderExtensions.NOT_FOUND);
        assertThat(HeaderExtensions.find(p, 0, p.length, 15)).isEqualTo(HeaderExtensions.NOT_FOUND);
    }

    @Test
    void findsTwoByteElementsIncludingZeroLengthAndLargeIds() {
        byte[] p = TestRtp.packet().ext2(200).ext2(7, 0xAB, 0xCD).ext2(255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
                .build();
        long empty = HeaderExtensions.find(p, 0, p.length, 200);
        assertThat(empty).isNotEqualTo(HeaderExtensions.NOT_FOUND);
        assertThat(HeaderExtensions.dataLength(empty)).isZero();
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 7)).isEqualTo(0xABCD);
        assertThat(HeaderExtensions.dataLength(HeaderExtensions.find(p, 0, p.length, 255))).isEqualTo(17);
    }

    @Test
    void skipsPaddingBytesBetweenOneByteElements() {
        // hand-made: BEDE, 2 words: [0x00 pad][0x00 pad][id 4, L=1: 0x10 0x20][id 15 would stop] ...
        byte[] p = TestRtp.packet().build();
        byte[] q = new byte[p.length + 12];
        System.arraycopy(p, 0, q, 0, 12);
        q[0] |= 0x10;
        byte[] ext = {(byte) 0xBE, (byte) 0xDE, 0, 2, 0, 0, 0x41, 0x10, 0x20, (byte) 0xF0, 0x20, 0x00};
        System.arraycopy(ext, 0, q, 12, ext.length);
        assertThat(RtpPacket.isValid(q, 0, q.length)).isTrue();
        assertThat(HeaderExtensions.transportSequenceNumber(q, 0, q.length, 4)).isEqualTo(0x1020);
        // id 2 sits after the id-15 terminator: must not be found
        assertThat(HeaderExtensions.find(q, 0, q.length, 2)).isEqualTo(HeaderExtensions.NOT_FOUND);
    }

    @Test
    void readsAndRewritesTransportSequenceNumberInPlace() {
        byte[] p = TestRtp.packet().ext1(2, 0x00, 0x00, 0x00).ext1(5, 0xFF, 0xFE).payload(1, 2, 3).build();
        byte[] before = p.clone();
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 5)).isEqualTo(0xFFFE);
        assertThat(HeaderExtensions.setTransportSequenceNumber(p, 0, p.length, 5, 0x0102)).isTrue();
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 5)).isEqualTo(0x0102);
        int diff = 0;
        for (int i = 0; i < p.length; i++) {
            diff += p[i] != before[i] ? 1 : 0;
        }
        assertThat(diff).isEqualTo(2);
        assertThat(HeaderExtensions.setTransportSequenceNumber(p, 0, p.length, 9, 1)).isFalse();
        // a 1-byte element cannot hold a transport seq
        byte[] shortElem = TestRtp.packet().ext1(5, 0x01).build();
        assertThat(HeaderExtensions.transportSequenceNumber(shortElem, 0, shortElem.length, 5)).isEqualTo(-1);
    }

    @Test
    void readsAbsSendTime() {
        // 0x040000 = 1.0 s in 6.18 fixed point
        byte[] p = TestRtp.packet().ext1(3, 0x04, 0x00, 0x00).build();
        int ast = HeaderExtensions.absSendTime(p, 0, p.length, 3);
        assertThat(ast).isEqualTo(0x040000);
        assertThat(HeaderExtensions.absSendTimeToMicros(ast)).isEqualTo(1_000_000L);
        assertThat(HeaderExtensions.absSendTimeToMicros(0xFFFFFF)).isEqualTo(63_999_996L);
        assertThat(HeaderExtensions.absSendTime(p, 0, p.length, 4)).isEqualTo(-1);
    }

    @Test
    void unknownProfileAndMissingExtensionGiveNotFound() {
        byte[] none = TestRtp.packet().payload(1).build();
        assertThat(HeaderExtensions.find(none, 0, none.length, 1)).isEqualTo(HeaderExtensions.NOT_FOUND);
        byte[] p = TestRtp.packet().ext1(1, 5, 6).build();
        p[12] = 0x12; // profile 0x12DE
        assertThat(HeaderExtensions.find(p, 0, p.length, 1)).isEqualTo(HeaderExtensions.NOT_FOUND);
    }

    @Test
    void elementRunningPastTheExtensionIsIgnored() {
        byte[] p = TestRtp.packet().ext1(1, 5, 6).payload(1, 2, 3, 4, 5, 6, 7, 8).build();
        p[16] = (byte) 0x1F; // id 1, L=15 -> 16 bytes, extension block is 4 bytes
        assertThat(HeaderExtensions.find(p, 0, p.length, 1)).isEqualTo(HeaderExtensions.NOT_FOUND);
    }

    @Test
    void randomExtensionBlocksNeverThrowAndResultsStayInsideTheHeader() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int words = r.nextInt(6);
            byte[] p = new byte[12 + 4 + 4 * words + r.nextInt(8)];
            r.nextBytes(p);
            p[0] = (byte) (0x90 | (r.nextInt(4) == 0 ? r.nextInt(16) : 0));
            int profile = r.nextBoolean() ? 0xBEDE : 0x1000 | r.nextInt(16);
            Bytes.put16(p, 12, profile);
            Bytes.put16(p, 14, r.nextInt(10) == 0 ? r.nextInt(65536) : words);
            int len = r.nextInt(p.length + 1);
            int header = RtpPacket.headerLength(p, 0, len);
            for (int id = 0; id < 17; id++) {
                long e = HeaderExtensions.find(p, 0, len, id);
                if (e != HeaderExtensions.NOT_FOUND) {
                    assertThat(header).isPositive();
                    assertThat(HeaderExtensions.dataOffset(e) + HeaderExtensions.dataLength(e)).isLessThanOrEqualTo(header);
                }
                HeaderExtensions.transportSequenceNumber(p, 0, len, id);
                HeaderExtensions.absSendTime(p, 0, len, id);
            }
        }
    }
}
