package jp.rinjo.media.rtcp;

import static jp.rinjo.media.rtcp.RtcpParserTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import jp.rinjo.media.rtp.ArrivalRecorder;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackBuilderTest {
    private static final long WRAP = (1L << 24) * 64_000L;

    /** A small valid feedback for other tests. */
    static byte[] sampleFeedback() {
        ArrivalRecorder r = new ArrivalRecorder();
        r.record(100, 1_000_500);
        r.record(102, 1_010_500);
        r.record(103, 1_005_000);
        r.record(104, 1_100_000);
        return new TransportCcFeedbackBuilder(1, 2, r).buildOne();
    }

    @Test
    void matchesAHandComputedPacketWithSmallLargeNegativeDeltasAndALoss() {
        // ref = floor(1_000_500 / 64 ms) = 15 -> 3840 ticks; ticks: 4002, 4042, 4020, 4400
        // symbols 1 0 1 2 2 -> one 2-bit vector 11 01 00 01 10 10 00 = 0xD1A0
        // deltas: 162 (A2), 40 (28), -22 (FFEA), 380 (017C); 28 bytes, no padding
        byte[] expected = hex("8f cd 00 06 00 00 00 01 00 00 00 02 00 64 00 05 00 00 0f 00"
                + "d1 a0 a2 28 ff ea 01 7c");
        assertThat(sampleFeedback()).isEqualTo(expected);
        TransportCcFeedback f = TransportCcFeedbackParser.parse(expected, 0, expected.length);
        assertThat(f.baseSequenceNumber()).isEqualTo(100);
        assertThat(f.referenceTime()).isEqualTo(15);
        assertThat(f.feedbackPacketCount()).isZero();
        assertThat(f.packets()).containsExactly(
                new TransportCcFeedback.PacketStatus(100, 1, 1_000_500),
                new TransportCcFeedback.PacketStatus(101, 0, 0),
                new TransportCcFeedback.PacketStatus(102, 1, 1_010_500),
                new TransportCcFeedback.PacketStatus(103, 2, 1_005_000),
                new TransportCcFeedback.PacketStatus(104, 2, 1_100_000));
    }

    @Test
    void matchesAHandComputedRunLengthPacketWithPadding() {
        ArrivalRecorder r2 = new ArrivalRecorder();
        for (int i = 0; i < 20; i++) {
            r2.record(65_530 + i, i * 1000L); // wraps after 5; every 1 ms = 4 ticks
        }
        // 20 packets run: 0x2014; deltas 00 then 04 x19; 42 bytes + 2 padding (P bit, last byte 2)
        byte[] p = new TransportCcFeedbackBuilder(0xA, 0xB, r2).buildOne();
        StringBuilder deltas = new StringBuilder("00");
        for (int i = 1; i < 20; i++) {
            deltas.append(" 04");
        }
        assertThat(p).isEqualTo(hex("af cd 00 0a 00 00 00 0a 00 00 00 0b ff fa 00 14 00 00 00 00 20 14 "
                + deltas + " 00 02"));
        TransportCcFeedback f = TransportCcFeedbackParser.parse(p, 0, p.length);
        assertThat(f.packets()).hasSize(20);
        assertThat(f.packets().get(19).sequenceNumber()).isEqualTo(13);
        assertThat(f.packets().get(19).receiveTimeMicros()).isEqualTo(19_000);
    }

    @Test
    void decodesTheDraftsChunkExamples() {
        // §3.1.3 example 1: run of 221 "not received" (0x00DD), then one received packet (run of 1: 0x2001)
        byte[] run = hex("8f cd 00 06 00 00 00 01 00 00 00 02 00 00 00 de 00 00 01 07 00 dd 20 01 05 00 00 03");
        TransportCcFeedback f = TransportCcFeedbackParser.parse(run, 0, run.length);
        assertThat(f.packets()).hasSize(222);
        assertThat(f.packets().subList(0, 221)).allMatch(s -> !s.received());
        assertThat(f.packets().get(221).receiveTimeMicros()).isEqualTo(64_000 + 5 * 250);
        assertThat(f.feedbackPacketCount()).isEqualTo(7);
        // §3.1.4 example 1: 1-bit vector 0x9F1C = 0 1 1 1 1 1 0 0 0 1 1 1 0 0 (8 received: 8 delta bytes)
        byte[] vec = hex("8f cd 00 07 00 00 00 01 00 00 00 02 00 0a 00 0e 00 00 00 00 9f 1c 01 01 01 01 01 01 01 01 00 00");
        TransportCcFeedback g = TransportCcFeedbackParser.parse(vec, 0, vec.length);
        assertThat(g.packets()).extracting(TransportCcFeedback.PacketStatus::symbol)
                .containsExactly(0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0);
        assertThat(g.packets().get(11).receiveTimeMicros()).isEqualTo(8 * 250);
        // §3.1.4 example 2 uses the since-reserved symbol 11: rejected
        byte[] reserved = hex("8f cd 00 06 00 00 00 01 00 00 00 02 00 0a 00 07 00 00 00 00 cd 50 01 01 01 01 00 00");
        assertThat(TransportCcFeedbackParser.parse(reserved, 0, reserved.length)).isNull();
    }

    @Test
    void parserRejectsTruncatedOrForeignPackets() {
        byte[] p = sampleFeedback();
        for (int len = 0; len < p.length; len++) {
            assertThat(TransportCcFeedbackParser.parse(p, 0, len)).isNull();
        }
        byte[] missingDeltas = java.util.Arrays.copyOf(p, p.length - 4); // last two (large) deltas cut
        missingDeltas[3] = 5;
        assertThat(TransportCcFeedbackParser.parse(missingDeltas, 0, missingDeltas.length)).isNull();
        byte[] trailingUnused = p.clone();
        trailingUnused[15] = 7; // the vector's 2 unused slots read as "not received": still valid
        assertThat(TransportCcFeedbackParser.parse(trailingUnused, 0, p.length).packets()).hasSize(7);
        byte[] nack = RtcpBuilder.nack(1, 2, List.of(3));
        assertThat(TransportCcFeedbackParser.parse(nack, 0, nack.length)).isNull();
        byte[] huge = p.clone();
        huge[14] = (byte) 0xFF;
        huge[15] = (byte) 0xFF;
        assertThat(TransportCcFeedbackParser.parse(huge, 0, p.length)).isNull();
    }

    @Test
    void randomBytesAndMutationsNeverThrow() {
        Random r = new Random(12);
        byte[] base = sampleFeedback();
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if (r.nextBoolean()) {
                b = base.clone();
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            } else {
                b = new byte[20 + r.nextInt(40)];
                r.nextBytes(b);
                b[0] = (byte) 0x8F;
                b[1] = (byte) 205;
                b[2] = 0;
                b[3] = (byte) (b.length / 4 - 1);
            }
            TransportCcFeedbackParser.parse(b, 0, b.length - (r.nextInt(4) == 0 ? r.nextInt(b.length) : 0));
        }
    }

    @Test
    void deltaBeyondSixteenBitsStartsANewFeedbackWithItsOwnReferenceTime() {
        ArrivalRecorder r = new ArrivalRecorder();
        r.record(1, 0);
        r.record(2, 8_000_000);  // 32000 ticks: fits
        r.record(3, 17_000_000); // +9 s = 36000 ticks: does not
        List<byte[]> fbs = new TransportCcFeedbackBuilder(1, 2, r).buildAll();
        assertThat(fbs).hasSize(2);
        TransportCcFeedback a = TransportCcFeedbackParser.parse(fbs.get(0), 0, fbs.get(0).length);
        TransportCcFeedback b = TransportCcFeedbackParser.parse(fbs.get(1), 0, fbs.get(1).length);
        assertThat(a.packets()).extracting(TransportCcFeedback.PacketStatus::sequenceNumber).containsExactly(1, 2);
        assertThat(a.packets().get(1).receiveTimeMicros()).isEqualTo(8_000_000);
        assertThat(b.baseSequenceNumber()).isEqualTo(3);
        assertThat(b.packets().get(0).receiveTimeMicros()).isEqualTo(17_000_000);
        assertThat(b.feedbackPacketCount()).isEqualTo(1);
    }

    @Test
    void hugeLossRunSplitsAndIsSkipped() {
        ArrivalRecorder r = new ArrivalRecorder();
        r.record(10, 1000);
        r.record(11, 2000);
        r.record(10 + TransportCcFeedbackBuilder.MAX_LOSS_RUN + 50, 3000);
        List<byte[]> fbs = new TransportCcFeedbackBuilder(1, 2, r).buildAll();
        assertThat(fbs).hasSize(2);
        TransportCcFeedback a = TransportCcFeedbackParser.parse(fbs.get(0), 0, fbs.get(0).length);
        TransportCcFeedback b = TransportCcFeedbackParser.parse(fbs.get(1), 0, fbs.get(1).length);
        assertThat(a.packets()).hasSize(2);
        assertThat(b.baseSequenceNumber()).isEqualTo(10 + TransportCcFeedbackBuilder.MAX_LOSS_RUN + 50);
        assertThat(b.packets()).hasSize(1);
        // a moderate loss run is reported as "not received" in one feedback
        ArrivalRecorder s = new ArrivalRecorder();
        s.record(10, 1000);
        s.record(500, 2000);
        byte[] one = new TransportCcFeedbackBuilder(1, 2, s).buildOne();
        TransportCcFeedback c = TransportCcFeedbackParser.parse(one, 0, one.length);
        assertThat(c.packets()).hasSize(491);
        assertThat(one.length).isLessThan(40); // run length chunks keep it small
    }

    @Test
    void manyPacketsAreSplitIntoFeedbacksUnderTheSizeLimit() {
        ArrivalRecorder r = new ArrivalRecorder();
        Random rnd = new Random(1);
        long t = 0;
        for (int i = 0; i < 3000; i++) {
            t += rnd.nextInt(3) == 0 ? 70_000 : rnd.nextInt(2000); // many large deltas
            if (rnd.nextInt(7) != 0) {
                r.record(i, t);
            }
        }
        List<byte[]> fbs = new TransportCcFeedbackBuilder(1, 2, r, 50_000, 300).buildAll();
        assertThat(fbs.size()).isGreaterThan(5);
        int next = 0;
        for (byte[] fb : fbs) {
            assertThat(fb.length).isLessThanOrEqualTo(300);
            assertThat(fb.length % 4).isZero();
            TransportCcFeedback f = TransportCcFeedbackParser.parse(fb, 0, fb.length);
            assertThat(f.baseSequenceNumber()).isEqualTo(next);
            next = (f.baseSequenceNumber() + f.packets().size()) & 0xFFFF;
        }
    }

    @Test
    void lateArrivalRewindsAndPreviouslyReportedPacketsBecomeNotReceived() {
        ArrivalRecorder r = new ArrivalRecorder();
        TransportCcFeedbackBuilder b = new TransportCcFeedbackBuilder(1, 2, r);
        r.record(1, 1000);
        r.record(3, 2000);
        TransportCcFeedback first = parse(b.buildOne());
        assertThat(first.packets()).extracting(TransportCcFeedback.PacketStatus::symbol).containsExactly(1, 0, 1);
        assertThat(b.buildOne()).isNull();
        r.record(2, 5000); // reported lost already
        r.record(4, 6000);
        TransportCcFeedback second = parse(b.buildOne());
        assertThat(second.baseSequenceNumber()).isEqualTo(2);
        assertThat(second.packets()).extracting(TransportCcFeedback.PacketStatus::symbol).containsExactly(1, 0, 1);
        assertThat(second.packets().get(0).receiveTimeMicros()).isEqualTo(5000);
        r.record(2, 9000); // duplicate: ignored
        assertThat(b.buildOne()).isNull();
    }

    @Test
    void pollEmitsAtMostOncePerInterval() {
        ArrivalRecorder r = new ArrivalRecorder();
        TransportCcFeedbackBuilder b = new TransportCcFeedbackBuilder(1, 2, r, 50_000, 1200);
        r.record(1, 0);
        assertThat(b.poll(0)).hasSize(1);
        r.record(2, 10_000);
        assertThat(b.poll(49_999)).isEmpty();
        assertThat(b.poll(50_000)).hasSize(1);
        assertThat(b.poll(200_000)).isEmpty(); // nothing new
    }

    @Test
    void randomArrivalPatternsRoundTripExactly() {
        for (int seed = 0; seed < 60; seed++) {
            roundTrip(new Random(seed));
        }
    }

    private static void roundTrip(Random rnd) {
        ArrivalRecorder rec = new ArrivalRecorder(1024, 256);
        int maxSize = rnd.nextBoolean() ? 1200 : 100 + rnd.nextInt(300);
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(7, 8, rec, 0, maxSize);
        long seq = 65_536L * 3 - rnd.nextInt(2000);  // crosses the 16-bit wrap early
        // arrival clock anywhere, including near the 24-bit reference time wrap and negative
        long t = rnd.nextBoolean() ? WRAP - rnd.nextInt(5_000_000) : -rnd.nextInt(1_000_000_000);
        Map<Integer, Long> firstArrival = new HashMap<>(); // by 16-bit seq: 4000 steps never reuse one
        Set<Integer> reportedReceived = new HashSet<>();
        List<long[]> inFlight = new ArrayList<>();
        int lossPct = rnd.nextInt(30);
        int reorderPct = rnd.nextInt(30);
        for (int step = 0; step < 4000; step++) {
            // send one packet; lose it, deliver it now or hold it back
            long s = seq++;
            t += rnd.nextInt(10) == 0 ? rnd.nextInt(200_000) : rnd.nextInt(5_000);
            if (rnd.nextInt(100) >= lossPct) {
                inFlight.add(new long[] {s, t + (rnd.nextInt(100) < reorderPct ? rnd.nextInt(30_000) : 0)});
            }
            inFlight.sort((a, b) -> Long.compare(a[1], b[1]));
            while (!inFlight.isEmpty() && inFlight.get(0)[1] <= t) {
                long[] p = inFlight.remove(0);
                int s16 = (int) (p[0] & 0xFFFF);
                rec.record(s16, p[1]);
                firstArrival.putIfAbsent(s16, p[1]);
                if (rnd.nextInt(50) == 0) {
                    rec.record(s16, p[1] + 1); // duplicate delivery
                }
            }
            if (rnd.nextInt(20) == 0) {
                for (byte[] fb : builder.buildAll()) {
                    assertThat(fb.length).isLessThanOrEqualTo(maxSize);
                    TransportCcFeedback f = parse(fb);
                    for (TransportCcFeedback.PacketStatus st : f.packets()) {
                        if (!st.received()) {
                            continue;
                        }
                        Long arrival = firstArrival.get(st.sequenceNumber());
                        assertThat(arrival).as("reported packet %d was received", st.sequenceNumber()).isNotNull();
                        assertThat(Math.floorMod(st.receiveTimeMicros() - Math.floorDiv(arrival, 250) * 250, WRAP))
                                .as("arrival of %d", st.sequenceNumber()).isZero();
                        assertThat(reportedReceived.add(st.sequenceNumber())).as("reported once").isTrue();
                    }
                }
            }
        }
        // drain: everything received ends up reported exactly once
        for (long[] p : inFlight) {
            rec.record((int) (p[0] & 0xFFFF), p[1]);
            firstArrival.putIfAbsent((int) (p[0] & 0xFFFF), p[1]);
        }
        for (byte[] fb : builder.buildAll()) {
            for (TransportCcFeedback.PacketStatus st : parse(fb).packets()) {
                if (st.received()) {
                    assertThat(reportedReceived.add(st.sequenceNumber())).isTrue();
                }
            }
        }
        // reordering here stays far below the rewind limit and gaps below MAX_LOSS_RUN: nothing is lost
        assertThat(reportedReceived).containsExactlyInAnyOrderElementsOf(firstArrival.keySet());
    }

    private static TransportCcFeedback parse(byte[] fb) {
        TransportCcFeedback f = TransportCcFeedbackParser.parse(fb, 0, fb.length);
        assertThat(f).isNotNull();
        assertThat(RtcpParser.parse(fb, 0, fb.length)) // a well-formed packet for the compound parser too
                .containsExactly(new RtcpPacket.Other(RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC, 0, fb.length));
        return f;
    }
}
