package jp.rinjo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.error.RinjoException;

class SettingsTest {
    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFileAndSystemPropertiesOverrideAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rinjo.properties");
        Files.writeString(file, "http.port=9000\nmedia.udp-port=4000\n");
        Properties sys = new Properties();
        sys.setProperty("rinjo.media.udp-port", "6000");
        Settings s = Settings.load(file, Map.of("RINJO_HTTP_PORT", "9100", "RINJO_MEDIA_UDP_PORT", "5000"), sys,
                "test-defaults.properties");
        assertThat(s.integer("http.port")).isEqualTo(9100);
        assertThat(s.integer("media.udp-port")).isEqualTo(6000);
        assertThat(s.string("greeting")).isEqualTo("こんにちは");
    }

    @Test
    void aKeyInTheFileThatNoServiceReadsIsRefusedByName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rinjo.properties");
        Files.writeString(file, "http.port=9000\nhttp.prot=9443\n"); // the operator meant the port
        assertThatThrownBy(() -> Settings.load(file, Map.of(), new Properties(), "test-defaults.properties"))
                .isInstanceOf(RinjoException.class)
                .hasMessageContaining("unknown configuration key 'http.prot'").hasMessageContaining(file.toString())
                .hasMessageContaining("did you mean 'http.port'");
        Files.writeString(file, "storage.bucket=evidence\n");
        assertThatThrownBy(() -> Settings.load(file, Map.of(), new Properties(), "test-defaults.properties"))
                .hasMessageContaining("unknown configuration key 'storage.bucket'").hasMessageNotContaining("did you mean");
    }

    @Test
    void aConfigurationFileThatIsNotThereIsSaidToBeMissing(@TempDir Path dir) {
        Path typo = dir.resolve("rinjo.propreties");
        assertThatThrownBy(() -> Settings.load(typo, Map.of(), new Properties(), "test-defaults.properties"))
                .isInstanceOf(RinjoException.class).hasMessage("configuration file " + typo + " does not exist");
        assertThatThrownBy(() -> Settings.load(dir, Map.of(), new Properties(), "test-defaults.properties"))
                .as("a folder given as the file").hasMessageContaining("cannot read configuration file " + dir + ": java.io.IOException");
    }

    @Test
    void parsesDurationsAndBooleansAndExplainsBadValues() {
        Settings s = Settings.of(Map.of("a", "30s", "b", "15m", "c", "500ms", "d", "2h", "e", "300us", "f", "250µs",
                "flag", "yes", "bad", "soon"));
        assertThat(s.duration("a")).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.duration("b")).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.duration("c")).isEqualTo(Duration.ofMillis(500));
        assertThat(s.duration("d")).isEqualTo(Duration.ofHours(2));
        assertThat(s.duration("e")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(s.duration("f")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(s.bool("flag")).isTrue();
        assertThatThrownBy(() -> s.duration("bad")).isInstanceOf(RinjoException.class).hasMessageContaining("'bad'");
        assertThatThrownBy(() -> s.string("missing")).hasMessageContaining("RINJO_MISSING");
    }

    @Test
    void environmentNamesAreDerivedFromKeys() {
        assertThat(Settings.envName("media.udp-port")).isEqualTo("RINJO_MEDIA_UDP_PORT");
    }
}
