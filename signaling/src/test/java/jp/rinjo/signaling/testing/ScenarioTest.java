package jp.rinjo.signaling.testing;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class each of whose tests gets a fresh {@link SignalingScenario} (a real signaling node) in its own folder. */
public abstract class ScenarioTest {
    @TempDir
    protected Path dir;
    protected SignalingScenario sc;

    @BeforeEach
    void startScenario() throws Exception {
        sc = new SignalingScenario(dir);
    }

    @AfterEach
    void closeScenario() throws Exception {
        sc.close();
    }
}
