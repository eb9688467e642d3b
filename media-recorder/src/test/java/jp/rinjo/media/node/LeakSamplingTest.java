package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.util.ResourceLeakDetector;

class LeakSamplingTest {
    private final String property = System.getProperty(LeakSampling.PROPERTY);
    private final String legacy = System.getProperty(LeakSampling.LEGACY_PROPERTY);
    private final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();

    @AfterEach
    void restore() {
        restore(LeakSampling.PROPERTY, property);
        restore(LeakSampling.LEGACY_PROPERTY, legacy);
        ResourceLeakDetector.setLevel(level);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void aProductionProcessTurnsSamplingOffByDefault() {
        System.clearProperty(LeakSampling.PROPERTY);
        System.clearProperty(LeakSampling.LEGACY_PROPERTY);
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

    @Test
    void aChoiceUnderTheOlderPropertyNameIsKeptToo() {
        System.clearProperty(LeakSampling.PROPERTY);
        System.setProperty(LeakSampling.LEGACY_PROPERTY, "advanced");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);

        assertThat(LeakSampling.offUnlessConfigured()).isEqualTo(ResourceLeakDetector.Level.ADVANCED);
    }
}
