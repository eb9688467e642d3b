package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class HealthChecksTest {
    @Test
    void eachCheckIsAskedAnewAndOneThatFailsIsDown() {
        HealthChecks checks = new HealthChecks();
        AtomicReference<String> recording = new AtomicReference<>("UP");
        checks.add("recording", recording::get);
        checks.add("broken", () -> {
            throw new IllegalStateException("no answer");
        });
        checks.add("silent", () -> null);
        assertThat(checks.run()).containsExactly(java.util.Map.entry("recording", "UP"),
                java.util.Map.entry("broken", "DOWN"), java.util.Map.entry("silent", "DOWN"));
        recording.set("UPLOADS FAILING");
        assertThat(checks.run()).containsEntry("recording", "UPLOADS FAILING");
    }
}
