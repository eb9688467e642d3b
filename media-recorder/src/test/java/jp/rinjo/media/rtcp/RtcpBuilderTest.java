package jp.rinjo.media.rtcp;

import static jp.rinjo.media.rtcp.RtcpParserTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtcpBuilderTest {

    @Test
    void pliBytes() {
        assertThat(RtcpBuilder.pli(0x01020304, 0x05060708)).isEqualTo(hex("81 ce 00 02 01 02 03 04 05 06 07 08"));
    }

    @Test
    void firBytesAndSequenceNumbering() {
        FirBuilder fir = new FirBuilder(0x0A);
        assertThat(fir.request(0x0B)).isEqualTo(hex("84 ce 00 04 00 00 00 0a 00 00 00 00 00 00 00 0b 00 00 00 00"));
        assertThat(fir.repeat(0x0B)[16]).isEqualTo((byte) 0);
        assertThat(fir.request(0x0B)[16]).isEqualTo((byte) 1);
        assertThat(fir.request(0x0C)[16]).isEqualTo((byte) 0); // per media sender
        assertThat(fir.repeat(0x0D)[16]).isEqualTo((byte) 0);
        for (int i = 2; i < 256; i++) {
            fir.request(0x0B);
        }
        byte[] wrapped = fir.request(0x0B);
        assertThat(wrapped[16]).isEqualTo((byte) 0);
        assertThat(RtcpParser.parse(wrapped, 0, wrapped.length))
                .containsExactly(new Fir(0x0A, List.of(new Fir.Entry(0x0B, 0))));
    }

    @Test
    void nackPacksPidAndBitmaskAcrossTheWrap() {
        byte[] n = RtcpBuilder.nack(1, 2, List.of(65534, 0, 65535, 15, 16, 100));
        // PID 65534 + BLP bits 0,1 (65535, 0); 15 is 17 past it: new PID 15 + bit 0 (16); PID 100
        assertThat(n).isEqualTo(hex("81 cd 00 05 00 00 00 01 00 00 00 02 ff fe 00 03 00 0f 00 01 00 64 00 00"));
        assertThat(((Nack) RtcpParser.parse(n, 0, n.length).get(0)).lostSequenceNumbers())
                .containsExactly(65534, 65535, 0, 15, 16, 100);
        assertThatThrownBy(() -> RtcpBuilder.nack(1, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomNackSetsRoundTrip() {
        Random r = new Random(8);
        for (int i = 0; i < 2_000; i++) {
            int start = r.nextInt(65536);
            Set<Integer> lost = new LinkedHashSet<>();
            int n = 1 + r.nextInt(60);
            for (int k = 0; k < n; k++) {
                lost.add((start + r.nextInt(r.nextBoolean() ? 40 : 3000)) & 0xFFFF);
            }
            byte[] p = RtcpBuilder.nack(3, 4, lost);
            Nack parsed = (Nack) RtcpParser.parse(p, 0, p.length).get(0);
            assertThat(parsed.lostSequenceNumbers()).containsExactlyInAnyOrderElementsOf(lost);
            assertThat(p.length).isLessThanOrEqualTo(12 + 4 * lost.size());
        }
    }

    @Test
    void rembEncodesExponentAndMantissaRoundingDown() {
        byte[] remb = RtcpBuilder.remb(1, 1_000_000, List.of(0x10));
        assertThat(remb).isEqualTo(hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0b d0 90 00 00 00 10"));
        Random r = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            long bps = i < 20 ? (1L << i * 3) - 1 : r.nextLong() >>> (1 + r.nextInt(63));
            byte[] p = RtcpBuilder.remb(1, bps, List.of(1, 2));
            Remb parsed = (Remb) RtcpParser.parse(p, 0, p.length).get(0);
            assertThat(parsed.bitrateBps()).isLessThanOrEqualTo(bps);
            assertThat(parsed.bitrateBps()).isGreaterThanOrEqualTo(bps - (bps >>> 17));
            assertThat(parsed.ssrcs()).containsExactly(1, 2);
        }
        assertThat(RtcpParser.parse(RtcpBuilder.remb(1, 0, List.of()), 0, 20))
                .containsExactly(new Remb(1, 0, List.of()));
    }

    @Test
    void compoundOfRrAndFeedbackParsesInOrder() {
        byte[] c = RtcpBuilder.compound(RtcpBuilder.receiverReport(1, List.of()), RtcpBuilder.pli(1, 2),
                RtcpBuilder.nack(1, 2, List.of(5)));
        assertThat(RtcpParser.parse(c, 0, c.length)).extracting(p -> p.getClass().getSimpleName())
                .containsExactly("ReceiverReport", "Pli", "Nack");
    }

    @Test
    void receiverReportRejectsTooManyBlocksAndBadFields() {
        List<ReportBlock> many = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            many.add(new ReportBlock(i, 0, 0, 0, 0, 0, 0));
        }
        assertThatThrownBy(() -> RtcpBuilder.receiverReport(1, many)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportBlock(1, 256, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportBlock(1, 0, 1 << 23, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rewritesMediaSsrcOfRelayedFeedbackInPlace() {
        int subscriberSees = 0x5EED;
        int publisher = 0xAB;
        byte[] c = RtcpBuilder.compound(RtcpBuilder.receiverReport(0x77, List.of()), RtcpBuilder.pli(0x77, subscriberSees),
                RtcpBuilder.nack(0x77, subscriberSees, List.of(9)), RtcpBuilder.fir(0x77, subscriberSees, 3),
                RtcpBuilder.pli(0x77, 0x999));
        int n = RtcpRewriter.rewriteFeedbackMediaSsrc(c, 0, c.length, 0x1, subscriberSees, publisher);
        assertThat(n).isEqualTo(3);
        assertThat(RtcpParser.parse(c, 0, c.length)).containsExactly(
                new ReceiverReport(0x77, List.of()),
                new Pli(0x1, publisher),
                new Nack(0x1, publisher, List.of(9)),
                new Fir(0x1, List.of(new Fir.Entry(publisher, 3))),
                new Pli(0x1, 0x999));
    }
}
