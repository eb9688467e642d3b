package jp.rinjo.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpParserTest {

    static byte[] hex(String s) {
        s = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void parsesASenderReportWithOneReportBlock() {
        byte[] sr = hex("81 c8 00 0c" // V=2 RC=1 PT=200 length=12 words -> 52 bytes
                + "11 22 33 44" // SSRC
                + "e8 4f 3a 10 80 00 00 00" // NTP
                + "00 01 5f 90" // RTP ts 90000
                + "00 00 00 64" // packet count 100
                + "00 01 86 a0" // octet count 100000
                + "aa bb cc dd" // report block: SSRC
                + "40 ff ff fe" // fraction 64/256, cumulative lost -2
                + "00 02 00 05" // ext highest seq: 2 cycles, seq 5
                + "00 00 01 2c" // jitter 300
                + "3a 10 80 00" // LSR
                + "00 01 00 00"); // DLSR = 1 s
        List<RtcpPacket> ps = RtcpParser.parse(sr, 0, sr.length);
        assertThat(ps).hasSize(1);
        SenderReport s = (SenderReport) ps.get(0);
        assertThat(s.ssrc()).isEqualTo(0x11223344);
        assertThat(s.ntpTimestamp()).isEqualTo(0xe84f3a1080000000L);
        assertThat(s.compactNtp()).isEqualTo(0x3a108000L);
        assertThat(s.rtpTimestamp()).isEqualTo(90_000);
        assertThat(s.packetCount()).isEqualTo(100);
        assertThat(s.octetCount()).isEqualTo(100_000);
        assertThat(s.reports()).containsExactly(
                new ReportBlock(0xaabbccdd, 64, -2, 0x20005L, 300, 0x3a108000L, 65536));
    }

    @Test
    void receiverReportRoundTripsThroughTheBuilder() {
        List<ReportBlock> blocks = List.of(
                new ReportBlock(1, 0, 0, 0, 0, 0, 0),
                new ReportBlock(0xFFFFFFFF, 255, (1 << 23) - 1, 0xFFFFFFFFL, 0xFFFFFFFFL, 1, 2),
                new ReportBlock(7, 12, -(1 << 23), 65_536 * 3 + 9, 44, 0x12345678L, 0x9ABCDEF0L));
        byte[] rr = RtcpBuilder.receiverReport(0xCAFE, blocks);
        assertThat(rr.length).isEqualTo(8 + 72);
        assertThat(RtcpParser.parse(rr, 0, rr.length)).containsExactly(new ReceiverReport(0xCAFE, blocks));
        byte[] empty = RtcpBuilder.receiverReport(5, List.of());
        assertThat(empty).isEqualTo(hex("80 c9 00 01 00 00 00 05"));
        assertThat(RtcpParser.parse(empty, 0, empty.length)).containsExactly(new ReceiverReport(5, List.of()));
    }

    @Test
    void parsesByeWithAndWithoutReason() {
        byte[] bye = hex("82 cb 00 04 00 00 00 01 00 00 00 02 04 62 79 65 21 00 00 00");
        assertThat(RtcpParser.parse(bye, 0, bye.length)).containsExactly(new Bye(List.of(1, 2), "bye!"));
        byte[] plain = hex("81 cb 00 01 00 00 00 09");
        assertThat(RtcpParser.parse(plain, 0, plain.length)).containsExactly(new Bye(List.of(9), ""));
        byte[] badReason = hex("81 cb 00 02 00 00 00 09 09 61 62 63");
        assertThat(RtcpParser.parse(badReason, 0, badReason.length).get(0)).isInstanceOf(RtcpPacket.Other.class);
    }

    @Test
    void expandsNackPidAndBitmask() {
        // PID 100, BLP 0b1000_0000_0000_0101 -> 100, 101, 103, 116; second FCI wraps: 65535, +1 -> 0
        byte[] nack = hex("81 cd 00 04 00 00 00 01 00 00 00 02 00 64 80 05 ff ff 00 01");
        assertThat(RtcpParser.parse(nack, 0, nack.length))
                .containsExactly(new Nack(1, 2, List.of(100, 101, 103, 116, 65535, 0)));
    }

    @Test
    void parsesPliFirAndRemb() {
        byte[] pli = hex("81 ce 00 02 00 00 00 01 00 00 00 02");
        byte[] fir = hex("84 ce 00 06 00 00 00 01 00 00 00 00 00 00 00 07 05 00 00 00 00 00 00 08 ff 00 00 00");
        // REMB 1 Mbps for SSRC 0x10: exp 2, mantissa 250000 -> 0x0B D0 90
        byte[] remb = hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0b d0 90 00 00 00 10");
        byte[] all = RtcpBuilder.compound(pli, fir, remb);
        assertThat(RtcpParser.parse(all, 0, all.length)).containsExactly(
                new Pli(1, 2),
                new Fir(1, List.of(new Fir.Entry(7, 5), new Fir.Entry(8, 255))),
                new Remb(1, 1_000_000, List.of(0x10)));
    }

    @Test
    void unknownAndSkippedPacketsAreReportedAsOther() {
        byte[] sdes = hex("81 ca 00 03 00 00 00 01 01 03 61 62 63 00"); // CNAME "abc" + end + pad
        sdes = java.util.Arrays.copyOf(sdes, 16);
        byte[] app = hex("80 cc 00 02 00 00 00 01 6e 61 6d 65");
        byte[] tmmbr = hex("83 cd 00 02 00 00 00 01 00 00 00 02");
        byte[] afbNotRemb = hex("8f ce 00 03 00 00 00 01 00 00 00 00 41 42 43 44");
        byte[] all = RtcpBuilder.compound(sdes, app, tmmbr, afbNotRemb);
        assertThat(RtcpParser.parse(all, 0, all.length)).containsExactly(
                new RtcpPacket.Other(202, 1, 0, 16),
                new RtcpPacket.Other(204, 0, 16, 12),
                new RtcpPacket.Other(205, 3, 28, 12),
                new RtcpPacket.Other(206, 15, 40, 16));
    }

    @Test
    void stopsAtABrokenSubPacketButKeepsWhatCameBefore() {
        byte[] rr = RtcpBuilder.receiverReport(1, List.of());
        byte[] pli = RtcpBuilder.pli(1, 2);
        byte[] c = RtcpBuilder.compound(rr, pli);
        assertThat(RtcpParser.parse(c, 0, c.length - 1)).containsExactly(new ReceiverReport(1, List.of()));
        byte[] v1 = c.clone();
        v1[8] = 0x41; // second packet version 1
        assertThat(RtcpParser.parse(v1, 0, v1.length)).hasSize(1);
        assertThat(RtcpParser.parse(c, 0, 3)).isEmpty();
        assertThat(RtcpParser.parse(null, 0, 5)).isEmpty();
        assertThat(RtcpParser.parse(c, 10, c.length)).isEmpty();
    }

    @Test
    void honoursPaddingOnTheLastPacket() {
        // PLI with 4 bytes of padding: P bit, length 3 words + 1
        byte[] padded = hex("a1 ce 00 03 00 00 00 01 00 00 00 02 00 00 00 04");
        assertThat(RtcpParser.parse(padded, 0, padded.length)).containsExactly(new Pli(1, 2));
        byte[] badPad = hex("a1 ce 00 03 00 00 00 01 00 00 00 02 00 00 00 00");
        assertThat(RtcpParser.parse(badPad, 0, badPad.length)).isEmpty();
        // padding eating the SSRCs leaves too little content: reported as Other
        byte[] eaten = hex("a1 ce 00 03 00 00 00 01 00 00 00 02 00 00 00 08");
        assertThat(RtcpParser.parse(eaten, 0, eaten.length).get(0)).isInstanceOf(RtcpPacket.Other.class);
    }

    @Test
    void inconsistentBodiesBecomeOther() {
        byte[] srTooShort = hex("81 c8 00 06 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        byte[] nackNoFci = hex("81 cd 00 02 00 00 00 01 00 00 00 02");
        byte[] firOdd = hex("84 ce 00 03 00 00 00 01 00 00 00 00 00 00 00 07");
        byte[] rembTooManySsrcs = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 02 0b d0 90");
        for (byte[] p : List.of(srTooShort, nackNoFci, firOdd, rembTooManySsrcs)) {
            List<RtcpPacket> parsed = RtcpParser.parse(p, 0, p.length);
            assertThat(parsed).hasSize(1);
            assertThat(parsed.get(0)).isInstanceOf(RtcpPacket.Other.class);
        }
    }

    @Test
    void rembWithHugeExponentSaturates() {
        byte[] remb = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 ff ff ff");
        assertThat(((Remb) RtcpParser.parse(remb, 0, remb.length).get(0)).bitrateBps()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(99);
        for (int i = 0; i < 300_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length > 1 && r.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
                b[1] = (byte) (200 + r.nextInt(8));
                if (b.length > 3 && r.nextBoolean()) {
                    b[2] = 0;
                    b[3] = (byte) (b.length / 4 - 1 - r.nextInt(2));
                }
            }
            RtcpParser.parse(b, 0, b.length);
        }
    }

    @Test
    void mutatedValidCompoundPacketsNeverThrow() {
        Random r = new Random(100);
        byte[] base = RtcpBuilder.compound(
                RtcpBuilder.receiverReport(1, List.of(new ReportBlock(2, 3, 4, 5, 6, 7, 8))),
                hex("82 cb 00 04 00 00 00 01 00 00 00 02 04 62 79 65 21 00 00 00"),
                RtcpBuilder.nack(1, 2, List.of(1, 2, 3, 40)),
                RtcpBuilder.pli(1, 2),
                new FirBuilder(1).request(2),
                RtcpBuilder.remb(1, 123_456_789L, List.of(1, 2, 3)),
                TransportCcFeedbackBuilderTest.sampleFeedback());
        List<RtcpPacket> parsed = RtcpParser.parse(base, 0, base.length);
        assertThat(parsed).hasSize(7);
        assertThat(parsed.subList(0, 6)).noneMatch(p -> p instanceof RtcpPacket.Other);
        assertThat(parsed.get(6)).isInstanceOf(RtcpPacket.Other.class); // transport-cc is never decoded
        for (int i = 0; i < 200_000; i++) {
            byte[] b = base.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            int len = r.nextInt(5) == 0 ? r.nextInt(b.length + 1) : b.length;
            RtcpParser.parse(b, 0, len);
            RtcpRewriter.rewriteFeedbackMediaSsrc(b, 0, len, 9, 2, 3);
        }
    }

    @Test
    void aPeersTransportCcFeedbackIsLeftUndecodedSoRunLengthChunksCannotExpandIntoMillionsOfStatuses() {
        // one SRTCP datagram's worth: 36 transport-cc packets of 40 bytes, each claiming 65,535
        // "not received" statuses in ten run-length chunks (which need no delta bytes)
        int per = 40;
        byte[] datagram = new byte[36 * per];
        for (int off = 0; off < datagram.length; off += per) {
            datagram[off] = (byte) (0x80 | RtcpHeader.FMT_TRANSPORT_CC);
            datagram[off + 1] = (byte) RtcpHeader.RTPFB;
            datagram[off + 3] = (byte) (per / 4 - 1);
            datagram[off + 14] = (byte) 0xFF; // packet status count 65,535
            datagram[off + 15] = (byte) 0xFF;
            for (int c = 0; c < 10; c++) { // run of 8,191 x symbol 0
                datagram[off + 20 + 2 * c] = 0x1F;
                datagram[off + 21 + 2 * c] = (byte) 0xFF;
            }
        }
        List<RtcpPacket> parsed = RtcpParser.parse(datagram, 0, datagram.length);
        assertThat(parsed).hasSize(36);
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(parsed.get(i)).isEqualTo(
                    new RtcpPacket.Other(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC, i * per, per));
        }
        assertThat(TransportCcFeedbackParser.parse(datagram, 0, per))
                .as("decoding one on purpose refuses more statuses than a feedback here ever carries").isNull();
    }
}
