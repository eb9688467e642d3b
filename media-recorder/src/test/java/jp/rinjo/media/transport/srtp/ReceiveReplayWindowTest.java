package jp.rinjo.media.transport.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveReplayWindowTest {

    @Test
    void eachIndexIsAcceptedOnceAcrossTheSequenceNumberWrap() {
        ReceiveReplayWindow window = new ReceiveReplayWindow();
        for (int i = 65_000; i < 65_536 + 500; i++) {
            if (i != 65_300) {
                assertThat(window.accept(i & 0xFFFF)).as("packet %d", i).isTrue();
            }
        }
        assertThat(window.accept(65_300)).as("resent 736 behind, before the wrap").isTrue();
        assertThat(window.accept(65_300)).isFalse();
        assertThat(window.accept(499)).isFalse();
        assertThat(window.accept(500)).isTrue();
    }

    @Test
    void packetsTheWindowCanNoLongerTellApartAreRefused() {
        ReceiveReplayWindow window = new ReceiveReplayWindow();
        assertThat(window.accept(1)).isTrue();
        assertThat(window.accept(1 + ReceiveReplayWindow.SIZE)).isTrue();
        assertThat(window.accept(2)).as("SIZE - 1 behind, never seen").isTrue();
        assertThat(window.accept(1)).as("SIZE behind").isFalse();
        assertThat(window.accept(1 + 5 * ReceiveReplayWindow.SIZE)).as("a jump clears the slots it reuses").isTrue();
        assertThat(window.accept(2 + 4 * ReceiveReplayWindow.SIZE)).isTrue();
    }
}
