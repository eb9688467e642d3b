package jp.rinjo.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResendPolicyTest {
    private static final long MS = 1_000_000L;

    @Test
    void aPacketIsResentAgainOnlyAfterTheMinimumInterval() {
        ResendPolicy policy = new ResendPolicy(16);
        long t = 5_000 * MS;
        assertThat(policy.mayResend(3, 100, t)).isTrue();
        assertThat(policy.mayResend(3, 100, t + 39 * MS)).as("asked again too soon").isFalse();
        assertThat(policy.mayResend(3, 100, t + 40 * MS)).as("asked again after a round trip").isTrue();
        assertThat(policy.mayResend(4, 101, t + 41 * MS)).as("another packet").isTrue();
    }

    @Test
    void aNewPacketInTheSameSlotCanBeResentAtOnce() {
        ResendPolicy policy = new ResendPolicy(16);
        assertThat(policy.mayResend(7, 7, 0)).isTrue();
        assertThat(policy.mayResend(7, 7 + 16, MS)).as("the packet that took its slot in the cache").isTrue();
    }

    @Test
    void resendsDrawOnABudgetThatRefillsOverTime() {
        ResendPolicy policy = new ResendPolicy(4096);
        long t = 0;
        int slot = 0;
        for (int i = 0; i < ResendPolicy.BURST; i++) {
            assertThat(policy.mayResend(slot, slot++, t)).as("resend %d of the burst", i).isTrue();
        }
        assertThat(policy.mayResend(slot, slot++, t)).as("beyond the burst").isFalse();
        t += 1_000 * MS / ResendPolicy.PER_SECOND; // one more earned
        assertThat(policy.mayResend(slot, slot++, t)).isTrue();
        assertThat(policy.mayResend(slot, slot++, t)).isFalse();
        t += 1_000 * MS; // a second: PER_SECOND more
        int allowed = 0;
        for (int i = 0; i < 2 * ResendPolicy.PER_SECOND; i++) {
            allowed += policy.mayResend(slot, slot++, t) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(ResendPolicy.PER_SECOND);
        t += 60_000 * MS; // idle for a minute: no more than the burst is saved up
        allowed = 0;
        for (int i = 0; i < 2 * ResendPolicy.BURST; i++) {
            allowed += policy.mayResend(slot % 4096, slot++, t) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(ResendPolicy.BURST);
    }
}
