package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {

    private static byte[] pkt(int seq, int payloadByte) {
        return TestRtp.packet().seq(seq & 0xFFFF).payload(payloadByte, payloadByte, payloadByte).build();
    }

    @Test
    void storesACopyAndServesItBySequenceNumber() {
        RetransmissionCache c = new RetransmissionCache(8, 100, 1_000_000);
        byte[] p = pkt(7, 0x42);
        byte[] framed = new byte[p.length + 10];
        System.arraycopy(p, 0, framed, 5, p.length);
        assertThat(c.put(framed, 5, p.length, 0)).isTrue();
        Arrays.fill(framed, (byte) 0); // the cache must have copied
        RetransmissionCache.View v = c.get(7, 10);
        assertThat(v).isNotNull();
        assertThat(Arrays.copyOfRange(v.buffer(), v.offset(), v.offset() + v.length())).isEqualTo(p);
        assertThat(v.sequenceNumber()).isEqualTo(7);
        assertThat(v.storedMicros()).isZero();
        byte[] dst = new byte[100];
        assertThat(c.copyTo(7, 10, dst, 3)).isEqualTo(p.length);
        assertThat(Arrays.copyOfRange(dst, 3, 3 + p.length)).isEqualTo(p);
        assertThat(c.get(8, 10)).isNull();
        assertThat(c.copyTo(7, 10, new byte[5], 0)).isEqualTo(-1);
    }

    @Test
    void keepsOnlyTheLastCapacityPacketsAcrossRollover() {
        RetransmissionCache c = new RetransmissionCache(16, 100, Long.MAX_VALUE);
        for (int i = 0; i < 40; i++) {
            c.put(pkt(65_520 + i, i), 0, pkt(0, 0).length, i);
        }
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF;
            if (i < 24) {
                assertThat(c.get(seq, 40)).as("seq %d", seq).isNull();
            } else {
                RetransmissionCache.View v = c.get(seq, 40);
                assertThat(v).as("seq %d", seq).isNotNull();
                assertThat(v.buffer()[v.offset() + 12]).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void lateButRecentPacketsAreStoredAndTooOldOnesDoNotEvictNewerOnes() {
        RetransmissionCache c = new RetransmissionCache(16, 100, Long.MAX_VALUE);
        byte[] p100 = pkt(100, 1);
        c.put(p100, 0, p100.length, 0);
        byte[] p98 = pkt(98, 2);
        assertThat(c.put(p98, 0, p98.length, 0)).isTrue();
        assertThat(c.get(98, 0)).isNotNull();
        byte[] p84 = pkt(84, 3); // 84 & 15 == 100 & 15: would evict 100
        assertThat(c.put(p84, 0, p84.length, 0)).isFalse();
        assertThat(c.get(100, 0)).isNotNull();
    }

    @Test
    void agedPacketsAreNotServed() {
        RetransmissionCache c = new RetransmissionCache(16, 100, 1_000_000);
        byte[] p = pkt(1, 1);
        c.put(p, 0, p.length, 5_000_000);
        assertThat(c.get(1, 6_000_000)).isNotNull();
        assertThat(c.get(1, 6_000_001)).isNull();
        assertThat(c.copyTo(1, 6_000_001, new byte[100], 0)).isEqualTo(-1);
    }

    @Test
    void refusesOversizedAndInvalidPacketsAndClears() {
        RetransmissionCache c = new RetransmissionCache(4, 20, Long.MAX_VALUE);
        byte[] big = TestRtp.packet().seq(1).payload(new byte[30]).build();
        assertThat(c.put(big, 0, big.length, 0)).isFalse();
        assertThat(c.put(new byte[] {1, 2, 3}, 0, 3, 0)).isFalse();
        byte[] ok = pkt(3, 1);
        assertThat(c.put(ok, 0, ok.length, 0)).isTrue();
        c.clear();
        assertThat(c.get(3, 0)).isNull();
        assertThat(c.put(pkt(40_000, 1), 0, ok.length, 0)).isTrue(); // fresh start after clear
        assertThat(c.get(40_000, 0)).isNotNull();
    }

    @Test
    void validatesConstruction() {
        assertThatThrownBy(() -> new RetransmissionCache(1000, 1500, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetransmissionCache(1024, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetransmissionCache().capacity()).isEqualTo(1024);
    }

    @Test
    void randomArrivalsAgreeWithAModel() {
        Random r = new Random(5);
        int cap = 64;
        RetransmissionCache c = new RetransmissionCache(cap, 64, Long.MAX_VALUE);
        java.util.Map<Long, Integer> model = new java.util.HashMap<>();
        long highest = 30_000;
        for (int i = 0; i < 50_000; i++) {
            long ext = highest + r.nextInt(20) - 15;
            int marker = r.nextInt(256);
            byte[] p = pkt((int) ext, marker);
            boolean stored = c.put(p, 0, p.length, 0);
            assertThat(stored).isEqualTo(ext > highest - cap);
            if (stored) {
                model.put(ext, marker);
            }
            highest = Math.max(highest, ext);
            long q = highest - r.nextInt(cap * 2);
            RetransmissionCache.View v = c.get((int) (q & 0xFFFF), 0);
            if (q > highest - cap && model.containsKey(q)) {
                assertThat(v).isNotNull();
                assertThat(v.buffer()[v.offset() + 12] & 0xFF).isEqualTo(model.get(q));
            } else {
                assertThat(v).isNull();
            }
        }
    }
}
