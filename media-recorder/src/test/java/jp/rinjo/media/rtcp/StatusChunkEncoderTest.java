package jp.rinjo.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusChunkEncoderTest {

    private static int[] encode(int... symbols) {
        StatusChunkEncoder e = new StatusChunkEncoder(100);
        for (int s : symbols) {
            e.add(s);
        }
        int n = e.finish();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = e.chunk(i);
        }
        return out;
    }

    private static int[] repeat(int symbol, int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, symbol);
        return a;
    }

    @Test
    void longRunsBecomeRunLengthChunksSplitAt8191() {
        assertThat(encode(repeat(0, 221))).containsExactly(0x00DD); // the draft's example 1
        assertThat(encode(repeat(1, 8192))).containsExactly(0x3FFF, 0x2001);
    }

    @Test
    void mixedSmallSymbolsUseOneBitVectors() {
        // the draft's 1-bit example: 0 1 1 1 1 1 0 0 0 1 1 1 0 0 -> 0x9F1C
        assertThat(encode(0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0)).containsExactly(0x9F1C);
        assertThat(encode(0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1)).containsExactly(0x9F1C, 0x2001);
    }

    @Test
    void largeDeltasForceTwoBitVectorsOfSeven() {
        // 1 2 1 1 1 1 1 | 1 0 -> 11 01 10 01 01 01 01 01 = 0xD955, then the remainder 11 01 00.. = 0xD000
        assertThat(encode(1, 2, 1, 1, 1, 1, 1, 1, 0)).containsExactly(0xD955, 0xD000);
        // a run of 7+ small then a large: the run is flushed on its own
        assertThat(encode(1, 1, 1, 1, 1, 1, 1, 1, 2)).containsExactly(0x2008, 0x4001);
    }

    @Test
    void chunkCountIfFinishedCountsThePendingChunk() {
        StatusChunkEncoder e = new StatusChunkEncoder(10);
        assertThat(e.chunkCountIfFinished()).isZero();
        e.add(1);
        assertThat(e.chunkCountIfFinished()).isEqualTo(1);
        for (int i = 0; i < 13; i++) {
            e.add(i % 2);
        }
        assertThat(e.chunkCountIfFinished()).isEqualTo(1);
        e.add(2);
        assertThat(e.chunkCountIfFinished()).isEqualTo(2);
        assertThat(e.finish()).isEqualTo(2);
    }
}
