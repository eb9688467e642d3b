package jp.rinjo.media.transport.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class StreamTableTest {

    @Test
    void findsWhatWasAdoptedAndForgetsWhatWasRemoved() {
        StreamTable<String> table = new StreamTable<>(512);
        Map<Integer, String> expected = new HashMap<>();
        Random random = new Random(7);
        // random SSRCs as browsers pick them, plus small and negative ones that collide in naive hashes
        for (int i = 0; i < 300; i++) {
            int ssrc = i % 3 == 0 ? i : i % 3 == 1 ? -i : random.nextInt();
            String context = "ctx" + i;
            assertThat(table.adopt(ssrc, context)).isEqualTo(expected.computeIfAbsent(ssrc, k -> context));
        }
        for (int i = 0; i < 300; i += 2) {
            int ssrc = i % 3 == 0 ? i : -i;
            table.remove(ssrc);
            expected.remove(ssrc);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((ssrc, context) -> assertThat(table.get(ssrc)).isEqualTo(context));
        for (int i = 0; i < 300; i += 2) {
            assertThat(table.get(i % 3 == 0 ? i : -i)).isNull();
        }
        assertThat(table.get(123_456_789)).isNull();
    }

    @Test
    void keepsTheFirstContextForAnSsrcAndCountsTowardsTheCeiling() {
        StreamTable<String> table = new StreamTable<>(2);
        assertThat(table.get(0)).isNull();
        assertThat(table.adopt(0, "first")).isEqualTo("first");
        assertThat(table.adopt(0, "second")).isEqualTo("first");
        assertThat(table.isFull()).isFalse();
        table.adopt(0xFFFF_FFFF, "other");
        assertThat(table.isFull()).isTrue();
        table.remove(42); // not there: nothing changes
        assertThat(table.size()).isEqualTo(2);
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.get(0)).isNull();
        assertThat(table.isFull()).isFalse();
    }

    @Test
    void readersNeverSeeAHalfBuiltTableWhileStreamsComeAndGo() throws Exception {
        StreamTable<Integer> table = new StreamTable<>(10_000);
        int steady = 0x5EED;
        table.adopt(steady, steady);
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            while (done.getCount() > 0) {
                Integer value = table.get(steady);
                if (value == null || value != steady) {
                    failure.set("lost the steady stream: " + value);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 1; i <= 2_000; i++) {
            table.adopt(i * 7919, i);
            if (i % 3 == 0) {
                table.remove((i - 1) * 7919);
            }
        }
        done.countDown();
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(table.get(2_000 * 7919)).isEqualTo(2_000);
    }
}
