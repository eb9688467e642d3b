package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UnwrapperTest {

    @Test
    void sequenceNumbersContinueAcrossRollover() {
        SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(65535)).isEqualTo(65535);
        assertThat(u.unwrap(0)).isEqualTo(65536);
        assertThat(u.unwrap(65535)).isEqualTo(65535); // late packet from before the wrap
        assertThat(u.unwrap(2)).isEqualTo(65538);
        assertThat(u.highest()).isEqualTo(65538);
    }

    @Test
    void packetBeforeTheFirstComesOutNegative() {
        SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
        u.unwrap(1);
        assertThat(u.unwrap(65535)).isEqualTo(-1);
        assertThat(u.highest()).isEqualTo(1);
    }

    @Test
    void unwrapWithoutUpdateDoesNotMoveHighest() {
        SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
        u.unwrap(100);
        assertThat(u.unwrapWithoutUpdate(200)).isEqualTo(200);
        assertThat(u.highest()).isEqualTo(100);
    }

    @Test
    void deltaAndIsNewerOnTheCircle() {
        assertThat(SequenceNumberUnwrapper.delta(0, 65535)).isEqualTo(1);
        assertThat(SequenceNumberUnwrapper.delta(65535, 0)).isEqualTo(-1);
        assertThat(SequenceNumberUnwrapper.isNewer(5, 65530)).isTrue();
        assertThat(SequenceNumberUnwrapper.isNewer(65530, 5)).isFalse();
    }

    @Test
    void longRandomWalkMatchesAReferenceCounter() {
        Random r = new Random(3);
        SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
        long truth = 60_000;
        u.unwrap((int) truth);
        for (int i = 0; i < 500_000; i++) {
            long step = r.nextInt(10) == 0 ? -r.nextInt(200) : r.nextInt(50);
            long v = truth + step;
            assertThat(u.unwrap((int) (v & 0xFFFF))).isEqualTo(v);
            truth = Math.max(truth, v);
        }
        assertThat(truth).isGreaterThan(5 * 65536L);
    }

    @Test
    void timestampsContinueAcrossRollover() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertThat(u.unwrap(0xFFFFFF00)).isEqualTo(0xFFFFFF00L);
        assertThat(u.unwrap(0x00000100)).isEqualTo(0x1_0000_0100L);
        assertThat(u.unwrap(0xFFFFFFF0)).isEqualTo(0xFFFFFFF0L);
        assertThat(u.unwrap(0x7FFFFFFF)).isEqualTo(0x1_7FFF_FFFFL);
        assertThat(u.highest()).isEqualTo(0x1_7FFF_FFFFL);
        assertThat(u.unwrapWithoutUpdate(0x80000100)).isEqualTo(0x1_8000_0100L);
    }

    @Test
    void timestampRandomWalkMatchesReference() {
        Random r = new Random(4);
        TimestampUnwrapper u = new TimestampUnwrapper();
        long truth = 0xFFF0_0000L;
        u.unwrap((int) truth);
        for (int i = 0; i < 200_000; i++) {
            long v = truth + (r.nextInt(8) == 0 ? -r.nextInt(90_000) : r.nextInt(3_000_000));
            assertThat(u.unwrap((int) v)).isEqualTo(v);
            truth = Math.max(truth, v);
        }
    }
}
