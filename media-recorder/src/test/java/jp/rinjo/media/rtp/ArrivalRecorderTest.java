package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalRecorderTest {

    @Test
    void firstArrivalWinsAndPendingRangeTracksTheHighest() {
        ArrivalRecorder r = new ArrivalRecorder(64, 16);
        assertThat(r.hasPending()).isFalse();
        r.record(65_535, 10);
        r.record(1, 30);
        r.record(1, 99); // duplicate
        assertThat(r.pendingStart()).isEqualTo(65_535);
        assertThat(r.highest()).isEqualTo(65_537);
        assertThat(r.received(65_536)).isFalse();
        assertThat(r.arrivalMicros(65_537)).isEqualTo(30);
        r.markReported(65_535, 65_538);
        assertThat(r.hasPending()).isFalse();
        assertThat(r.receivedUnreported(65_537)).isFalse();
        assertThat(r.received(65_537)).isTrue();
    }

    @Test
    void lateArrivalRewindsOnlyWithinMaxRewind() {
        ArrivalRecorder r = new ArrivalRecorder(64, 16);
        r.record(100, 0);
        r.record(130, 1);
        r.markReported(100, 131);
        r.record(110, 2); // 21 behind the pending start (131): beyond maxRewind 16, ignored
        assertThat(r.hasPending()).isFalse();
        r.record(120, 3); // 11 behind: rewinds
        assertThat(r.pendingStart()).isEqualTo(120);
        assertThat(r.receivedUnreported(120)).isTrue();
    }

    @Test
    void ringOverflowDropsTheOldestUnreportedPart() {
        ArrivalRecorder r = new ArrivalRecorder(64, 16);
        r.record(0, 0);
        r.record(200, 1);
        assertThat(r.pendingStart()).isEqualTo(200 - 63);
        assertThat(r.received(0)).isFalse();
        r.record(5, 2); // older than the ring: ignored
        assertThat(r.received(5)).isFalse();
    }

    @Test
    void validatesConstruction() {
        assertThatThrownBy(() -> new ArrivalRecorder(100, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalRecorder(64, 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
