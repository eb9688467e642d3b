package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.util.ResourceLeakDetector;

class LeakSamplingTest {
    private final String property = System.getProperty(LeakSampling.PROPERTY);
    private final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();

    @AfterEach
    void restore() {
        if (property == null) {
            System.clearProperty(LeakSampling.PROPERTY);
        } else {
            System.setProperty(LeakSampling.PROPERTY, property);
        }
        ResourceLeakDetector.setLevel(level);
    }

    @Test
    void aProductionProcessTurnsSamplingOffByDefault() {
        System.clearProperty(LeakSampling.PROPERTY);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

        assertThat(LeakSampling.offUnlessConfigured()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
        assertThat(ResourceLeakDetector.isEnabled()).isFalse();
    }

    @Test
    void anOperatorsChoiceIsKept() {
        System.setProperty(LeakSampling.PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);

        assertThat(LeakSampling.offUnlessConfigured()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }
}
