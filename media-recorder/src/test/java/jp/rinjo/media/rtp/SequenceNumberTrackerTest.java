package jp.rinjo.media.rtp;

import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.DUPLICATE;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.FIRST;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.GAP;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.IN_ORDER;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.JUMP;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.LATE;
import static jp.rinjo.media.rtp.SequenceNumberTracker.Status.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceNumberTrackerTest {

    @Test
    void classifiesInOrderGapLateAndDuplicateAcrossRollover() {
        SequenceNumberTracker t = new SequenceNumberTracker();
        assertThat(t.accept(65533)).isEqualTo(FIRST);
        assertThat(t.accept(65534)).isEqualTo(IN_ORDER);
        assertThat(t.accept(1)).isEqualTo(GAP); // 65535 and 0 missing
        assertThat(t.lastGap()).isEqualTo(2);
        assertThat(t.extendedHighest()).isEqualTo(65537);
        assertThat(t.cumulativeLost()).isEqualTo(2);
        assertThat(t.wasReceived(0)).isFalse();
        assertThat(t.accept(0)).isEqualTo(LATE);
        assertThat(t.lastGap()).isZero();
        assertThat(t.wasReceived(0)).isTrue();
        assertThat(t.accept(0)).isEqualTo(DUPLICATE);
        assertThat(t.accept(65534)).isEqualTo(DUPLICATE);
        assertThat(t.accept(2)).isEqualTo(IN_ORDER);
        assertThat(t.received()).isEqualTo(5);
        assertThat(t.expected()).isEqualTo(6);
        assertThat(t.cumulativeLost()).isEqualTo(1);
    }

    @Test
    void largeForwardJumpIsNotCountedAsLoss() {
        SequenceNumberTracker t = new SequenceNumberTracker(3000);
        t.accept(10);
        t.accept(11);
        assertThat(t.accept(20_000)).isEqualTo(JUMP);
        assertThat(t.accept(20_001)).isEqualTo(IN_ORDER);
        assertThat(t.cumulativeLost()).isZero();
        assertThat(t.expected()).isEqualTo(4);
        assertThat(t.accept(11)).isEqualTo(STALE); // old stream's straggler
    }

    @Test
    void twoSequentialStalePacketsResynchronise() {
        SequenceNumberTracker t = new SequenceNumberTracker();
        for (int s = 30_000; s < 30_010; s++) {
            t.accept(s);
        }
        // publisher restarted with a lower sequence base, 20000 behind (looks old to the unwrapper)
        assertThat(t.accept(10_000)).isEqualTo(STALE);
        assertThat(t.accept(10_001)).isEqualTo(JUMP);
        assertThat(t.accept(10_002)).isEqualTo(IN_ORDER);
        assertThat(t.accept(10_001)).isEqualTo(DUPLICATE);
        assertThat(t.cumulativeLost()).isZero();
        assertThat(t.expected()).isEqualTo(12);
    }

    @Test
    void fractionLostPerInterval() {
        SequenceNumberTracker t = new SequenceNumberTracker();
        for (int s = 0; s < 100; s++) {
            if (s % 4 != 3) {
                t.accept(s);
            }
        }
        // expected 99 (0..98), received 75: lost 24 -> 24*256/99 = 62
        assertThat(t.fractionLostSinceLastCall()).isEqualTo(62);
        for (int s = 100; s < 200; s++) {
            t.accept(s);
        }
        // 99 (missing) falls into this interval: 1 lost of 101 expected -> 256/101 = 2
        assertThat(t.fractionLostSinceLastCall()).isEqualTo(2);
        assertThat(t.fractionLostSinceLastCall()).isZero();
    }

    @Test
    void rejectsBadMaxDropout() {
        assertThatThrownBy(() -> new SequenceNumberTracker(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shuffledWindowsAgreeWithASetBasedModel() {
        Random r = new Random(11);
        SequenceNumberTracker t = new SequenceNumberTracker();
        java.util.Set<Long> got = new java.util.HashSet<>();
        long next = 65_000;
        long highest = Long.MIN_VALUE;
        for (int round = 0; round < 2_000; round++) {
            List<Long> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                if (r.nextInt(10) != 0) {
                    batch.add(next + i);
                }
                if (r.nextInt(15) == 0) {
                    batch.add(next + i); // duplicate
                }
            }
            next += 20;
            Collections.shuffle(batch, r);
            for (long s : batch) {
                SequenceNumberTracker.Status st = t.accept((int) (s & 0xFFFF));
                if (highest == Long.MIN_VALUE) {
                    assertThat(st).isEqualTo(FIRST);
                } else if (got.contains(s)) {
                    assertThat(st).isEqualTo(DUPLICATE);
                } else if (s > highest) {
                    assertThat(st).isIn(IN_ORDER, GAP);
                    assertThat(t.lastGap()).isEqualTo((int) (s - highest - 1));
                } else {
                    assertThat(st).isEqualTo(LATE);
                }
                got.add(s);
                highest = Math.max(highest, s);
                assertThat(t.extendedHighest()).isEqualTo(highest);
            }
        }
        long min = got.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(t.received()).isEqualTo(got.size());
        assertThat(t.cumulativeLost()).isEqualTo(highest - min + 1 - got.size());
    }

    @Test
    void jitterOfAPerfectlyPacedStreamIsZeroAndGrowsWithVariation() {
        InterarrivalJitter j = new InterarrivalJitter(90_000);
        long wall = 1_700_000_000_000_000L; // wall-clock micros must not overflow
        for (int i = 0; i < 100; i++) {
            j.update(i * 3000, wall + i * 33_333L + (i % 3 == 0 ? 0 : 1));
        }
        assertThat(j.jitter()).isLessThanOrEqualTo(1);
        InterarrivalJitter k = new InterarrivalJitter(90_000);
        for (int i = 0; i < 200; i++) {
            k.update(i * 3000, wall + i * 33_333L + (i % 2 == 0 ? 0 : 10_000)); // ±10 ms = 900 ticks
        }
        // |D| is 900 every time: the estimate converges to 900
        assertThat(k.jitter()).isBetween(880L, 900L);
    }
}
