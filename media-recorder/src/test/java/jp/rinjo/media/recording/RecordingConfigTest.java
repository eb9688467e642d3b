package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.config.Settings;
import jp.rinjo.media.recording.store.S3StoreConfig;

class RecordingConfigTest {
    static Settings settings(Map<String, String> env) {
        return Settings.load(null, env, new Properties(), "media-defaults.properties");
    }

    @Test
    void theShippedDefaultsAreAValidStandaloneConfiguration() {
        RecordingConfig c = RecordingConfig.from(settings(Map.of()));
        assertThat(c.store()).isEqualTo("filesystem");
        assertThat(c.spool().segmentDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.spool().flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.otherNodesBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.tsaUrl()).isEmpty();
        assertThat(c.s3()).isEmpty();
    }

    @Test
    void theS3StoreIsConfiguredFromTheEnvironment() {
        RecordingConfig c = RecordingConfig.from(settings(Map.of("RINJO_RECORDING_STORE", "s3",
                "RINJO_RECORDING_STORE_S3_ENDPOINT", "https://minio.internal:9000", "RINJO_RECORDING_STORE_S3_ACCESS_KEY", "rinjo",
                "RINJO_RECORDING_STORE_S3_SECRET_KEY", "secret-secret", "RINJO_RECORDING_STORE_S3_OBJECT_LOCK", "required",
                "RINJO_RECORDING_TSA_URL", "http://tsa.example/tsa")));
        assertThat(c.s3()).get().extracting(S3StoreConfig::objectLock).isEqualTo(S3StoreConfig.ObjectLockPolicy.REQUIRED);
        assertThat(c.s3().orElseThrow().retention()).isEqualTo(Duration.ofDays(3650));
        assertThat(c.tsaUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("tsa.example"));
    }

    @Test
    void anIncompleteS3ConfigurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> RecordingConfig.from(settings(Map.of("RINJO_RECORDING_STORE", "s3"))))
                .hasMessageContaining("recording.store.s3.endpoint");
        assertThatThrownBy(() -> RecordingConfig.from(settings(Map.of("RINJO_RECORDING_SEGMENT_DURATION", "0s"))))
                .hasMessageContaining("recording.segment-duration");
    }
}
