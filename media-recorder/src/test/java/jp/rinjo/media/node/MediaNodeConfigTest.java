package jp.rinjo.media.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.config.Settings;

class MediaNodeConfigTest {
    private static MediaNodeConfig from(Map<String, String> env) {
        return MediaNodeConfig.from(Settings.load(null, env, new Properties(), "media-defaults.properties"));
    }

    @Test
    void theShippedDefaultGathersReadsForOneMillisecondAsTheShortConstructorDoes() {
        assertThat(from(Map.of()).readCoalescing()).isEqualTo(Duration.ofMillis(1))
                .isEqualTo(MediaNodeConfig.DEFAULT_READ_COALESCING);
    }

    @Test
    void anOperatorCanTurnCoalescingOffOrShortenIt() {
        assertThat(from(Map.of("RINJO_MEDIA_READ_COALESCING", "0ms")).readCoalescing()).isZero();
        assertThat(from(Map.of("RINJO_MEDIA_READ_COALESCING", "300us")).readCoalescing()).isEqualTo(Duration.ofNanos(300_000));
    }

    @Test
    void aWindowLongerThanFiveMillisecondsIsRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> from(Map.of("RINJO_MEDIA_READ_COALESCING", "6ms")))
                .hasMessageContaining("media.read-coalescing").hasMessageContaining("0–5ms");
    }
}
