package jp.rinjo.scheduling.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    @Test
    void failuresFromEndlesslyManyAddressesStayBoundedAndPassedWindowsAreSwept() {
        LoginThrottle throttle = new LoginThrottle();
        for (int i = 0; i < LoginThrottle.MAX_TRACKED + 500; i++) {
            throttle.failed("admin", "2001:db8::" + Integer.toHexString(i), T0.plusMillis(i));
        }
        assertThat(throttle.tracked()).isEqualTo(LoginThrottle.MAX_TRACKED);
        // the newest are kept: an attacker's flood does not unlock the address it came from last
        String last = "2001:db8::" + Integer.toHexString(LoginThrottle.MAX_TRACKED + 499);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("admin", last, T0.plusSeconds(20));
        }
        assertThat(throttle.locked("admin", last, T0.plusSeconds(20))).isTrue();

        Instant later = T0.plus(LoginThrottle.WINDOW).plus(Duration.ofMinutes(1));
        throttle.failed("inspector1", "192.0.2.10", later);
        assertThat(throttle.tracked()).isEqualTo(1);
        assertThat(throttle.locked("admin", last, later)).isFalse();
    }

    @Test
    void aLockIsPerNameAndAddressAndEndsWithItsWindow() {
        LoginThrottle throttle = new LoginThrottle();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.locked("admin", "203.0.113.9", T0)).isFalse();
            throttle.failed("admin", "203.0.113.9", T0);
        }
        assertThat(throttle.locked("admin", "203.0.113.9", T0)).isTrue();
        assertThat(throttle.locked("admin", "192.0.2.10", T0)).isFalse();
        assertThat(throttle.locked("inspector1", "203.0.113.9", T0)).isFalse();
        assertThat(throttle.locked("admin", "203.0.113.9", T0.plus(LoginThrottle.WINDOW))).isFalse();
        throttle.succeeded("admin", "203.0.113.9");
        assertThat(throttle.tracked()).isZero();
    }
}
