package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamRewriterTest {
    private static final int OUT_SSRC = 0x5EED0001;

    private static byte[] pkt(int ssrc, int seq, int ts) {
        return TestRtp.packet().ssrc(ssrc).seq(seq & 0xFFFF).ts(ts).payload(1, 2, 3).build();
    }

    /** Rewrites and returns {seq, ts} or null if refused. */
    private static int[] fwd(StreamRewriter w, int ssrc, int seq, int ts, long now) {
        byte[] p = pkt(ssrc, seq, ts);
        byte[] before = p.clone();
        if (!w.rewrite(p, 0, p.length, now)) {
            assertThat(p).isEqualTo(before);
            return null;
        }
        assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(OUT_SSRC);
        assertThat(p[12]).isEqualTo((byte) 1);
        return new int[] {RtpPacket.sequenceNumber(p, 0), RtpPacket.timestamp(p, 0)};
    }

    @Test
    void singleSourceKeepsRelativeNumberingAcrossBothRollovers() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 65_530, 0xFFFF_F000);
        for (int i = 0; i < 20; i++) {
            int[] o = fwd(w, 0xAAAA, 65_520 + i, 0x7FFF_FFFF + i * 3000, i * 33_000L);
            assertThat(o[0]).isEqualTo((65_530 + i) & 0xFFFF);
            assertThat(o[1]).isEqualTo(0xFFFF_F000 + i * 3000);
        }
        assertThat(w.sourceSsrc()).isEqualTo(0xAAAA);
        assertThat(w.highestOutgoingSequenceNumber()).isEqualTo((65_530 + 19) & 0xFFFF);
    }

    @Test
    void switchingSourceContinuesSequenceAndAdvancesTimestampByElapsedTime() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 100, 1_000);
        fwd(w, 0xA, 5000, 777_000, 0);
        int[] last = fwd(w, 0xA, 5001, 780_000, 33_333);
        // new publisher SSRC with unrelated bases, 100 ms after the last forwarded packet
        int[] first = fwd(w, 0xB, 40_000, 0x9000_0000, 133_333);
        assertThat(first[0]).isEqualTo(last[0] + 1);
        assertThat(first[1] - last[1]).isEqualTo(9000); // 100 ms at 90 kHz
        int[] next = fwd(w, 0xB, 40_001, 0x9000_0000 + 3000, 166_666);
        assertThat(next[0]).isEqualTo(first[0] + 1);
        assertThat(next[1] - first[1]).isEqualTo(3000);
        assertThat(w.sourceSsrc()).isEqualTo(0xB);
    }

    @Test
    void switchImmediatelyAfterAPacketStillAdvancesTimestampByOneTick() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 48_000, 0, 0);
        int[] a = fwd(w, 1, 10, 960, 1_000);
        int[] b = fwd(w, 2, 99, 5, 1_000);
        assertThat(b[1] - a[1]).isEqualTo(1);
        assertThat(b[0]).isEqualTo(a[0] + 1);
    }

    @Test
    void switchAcrossOutputRolloverOfSequenceAndTimestamp() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 65_535, 0xFFFF_FFF0);
        int[] a = fwd(w, 1, 10, 0, 0);
        int[] b = fwd(w, 2, 20_000, 12345, 1_000_000); // 1 s later
        assertThat(a[0]).isEqualTo(65_535);
        assertThat(b[0]).isZero();
        assertThat(b[1]).isEqualTo(0xFFFF_FFF0 + 90_000);
    }

    @Test
    void packetsBeforeTheSwitchPointAreRefused() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        fwd(w, 1, 10, 0, 0);
        int[] k = fwd(w, 2, 500, 0, 10_000); // keyframe start of new source
        assertThat(fwd(w, 2, 499, 0, 10_001)).isNull();
        assertThat(fwd(w, 2, 501, 0, 10_002)[0]).isEqualTo(k[0] + 1);
    }

    @Test
    void reorderingWithinASegmentMapsExactly() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 1000, 0);
        fwd(w, 1, 65_534, 0, 0);
        assertThat(fwd(w, 1, 1, 0, 1)[0]).isEqualTo(1003);
        assertThat(fwd(w, 1, 65_535, 0, 2)[0]).isEqualTo(1001);
        assertThat(fwd(w, 1, 0, 0, 3)[0]).isEqualTo(1002);
    }

    @Test
    void droppedPacketsLeaveNoHoleAndLatePacketsStillMapExactly() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        fwd(w, 1, 100, 0, 0);                       // -> 0
        byte[] d = pkt(1, 102, 0);                  // 101 not here yet (reordered)
        w.drop(d, 0, d.length);                     // 102 dropped on purpose
        assertThat(fwd(w, 1, 103, 0, 2)[0]).isEqualTo(2);
        assertThat(fwd(w, 1, 101, 0, 3)[0]).isEqualTo(1); // late arrival fills its own slot
        assertThat(fwd(w, 1, 102, 0, 4)).isNull();         // a copy of the dropped one must not collide
        assertThat(w.sourceSequenceNumber(2)).isEqualTo(103);
        assertThat(w.sourceSequenceNumber(1)).isEqualTo(101);
        assertThat(w.sourceSequenceNumber(0)).isEqualTo(100);
        assertThat(w.sourceSequenceNumber(3)).isEqualTo(-1); // never sent
    }

    @Test
    void latePacketOlderThanTheDropHistoryIsRefused() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        fwd(w, 1, 0, 0, 0);
        // 1 is missing; then DROP_HISTORY + 1 packets are dropped: the oldest drop is forgotten
        for (int s = 2; s <= StreamRewriter.DROP_HISTORY + 2; s++) {
            byte[] d = pkt(1, s, 0);
            w.drop(d, 0, d.length);
        }
        int next = StreamRewriter.DROP_HISTORY + 3;
        assertThat(fwd(w, 1, next, 0, 0)[0]).isEqualTo(2);
        assertThat(fwd(w, 1, 1, 0, 0)).isNull(); // cannot be numbered exactly any more
        assertThat(w.sourceSequenceNumber(2)).isEqualTo(next);
        assertThat(w.sourceSequenceNumber(1)).isEqualTo(-1);
    }

    @Test
    void dropsOfOtherSourcesOrOldPacketsChangeNothing() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        byte[] other = pkt(9, 1, 0);
        w.drop(other, 0, other.length); // waiting for a keyframe of a source not yet forwarded
        fwd(w, 1, 10, 0, 0);
        fwd(w, 1, 12, 0, 0);
        byte[] old = pkt(1, 11, 0);
        w.drop(old, 0, old.length); // its hole already exists
        assertThat(fwd(w, 1, 13, 0, 0)[0]).isEqualTo(3);
    }

    @Test
    void sameSsrcLargeJumpStartsANewContinuousSegment() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        int[] a = fwd(w, 1, 10, 1000, 0);
        int[] b = fwd(w, 1, 10 + StreamRewriter.MAX_JUMP + 1, 999_999, 20_000);
        assertThat(b[0]).isEqualTo(a[0] + 1);
        assertThat(b[1] - a[1]).isEqualTo(1800);
    }

    @Test
    void restartAtALowerBaseIsConfirmedByTwoSequentialPackets() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        for (int s = 30_000; s < 30_005; s++) {
            fwd(w, 1, s, 0, 0);
        }
        assertThat(fwd(w, 1, 20_000, 0, 0)).isNull();
        assertThat(fwd(w, 1, 20_001, 0, 0)[0]).isEqualTo(5);
        assertThat(fwd(w, 1, 20_002, 0, 0)[0]).isEqualTo(6);
    }

    @Test
    void resyncStartsASegmentOnTheSameSsrc() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 0);
        fwd(w, 1, 10, 0, 0);
        fwd(w, 1, 11, 3000, 0);
        w.resync();
        assertThat(w.hasSource()).isFalse();
        int[] o = fwd(w, 1, 5, 42, 1_000_000);
        assertThat(o[0]).isEqualTo(2);
        assertThat(o[1]).isEqualTo(3000 + 90_000);
    }

    @Test
    void outgoingTimestampMapsSourceTimestampsForSenderReports() {
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, 0, 5);
        fwd(w, 1, 10, 1000, 0);
        assertThat(w.outgoingTimestamp(1000 + 90_000)).isEqualTo(5 + 90_000);
    }

    @Test
    void randomSwitchesDropsAndReorderingGiveGapFreeUniqueOutput() {
        Random r = new Random(42);
        StreamRewriter w = new StreamRewriter(OUT_SSRC, 90_000, r.nextInt(65536), r.nextInt());
        SequenceNumberUnwrapper outUnwrap = new SequenceNumberUnwrapper();
        List<Long> outputs = new ArrayList<>();
        long now = 0;
        for (int segment = 0; segment < 40; segment++) {
            int ssrc = r.nextInt();
            int seq0 = r.nextInt(65536);
            int ts0 = r.nextInt();
            int n = 50 + r.nextInt(3000);
            // source packets seq0 .. seq0+n-1; some dropped on purpose; delivered with local reordering
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            for (int i = 1; i + 1 < n; i++) {   // keep i=0 first: it is the switch point
                if (r.nextInt(8) == 0) {
                    Collections.swap(order, i, i + 1);
                }
            }
            java.util.Set<Integer> dropped = new java.util.HashSet<>();
            Map<Long, Integer> outToSource = new HashMap<>();
            int highestSeen = -1;
            for (int i : order) {
                now += 1000;
                byte[] p = pkt(ssrc, seq0 + i, ts0 + i * 100);
                boolean newest = i > highestSeen;
                highestSeen = Math.max(highestSeen, i);
                if (i > 0 && newest && r.nextInt(5) == 0) {
                    w.drop(p, 0, p.length);
                    dropped.add(i);
                    continue;
                }
                assertThat(w.rewrite(p, 0, p.length, now)).as("segment %d packet %d", segment, i).isTrue();
                long out = outUnwrap.unwrap(RtpPacket.sequenceNumber(p, 0));
                outputs.add(out);
                outToSource.put(out, (seq0 + i) & 0xFFFF);
                assertThat(RtpPacket.timestamp(p, 0) - w.outgoingTimestamp(ts0)).isEqualTo(i * 100);
            }
            // NACK translation for the most recent packets of the segment round-trips
            outToSource.entrySet().stream().filter(e -> e.getKey() > outUnwrap.highest() - 200)
                    .forEach(e -> assertThat(w.sourceSequenceNumber((int) (long) e.getKey())).isEqualTo(e.getValue()));
            assertThat(outToSource).hasSize(n - dropped.size());
        }
        List<Long> sorted = new ArrayList<>(outputs);
        Collections.sort(sorted);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).isEqualTo(sorted.get(0) + i); // unique and gap-free overall
        }
    }
}
