package jp.rinjo.media.transport.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IceCredentialsTest {

    @Test
    void generatedCredentialsAreValidAndDistinct() {
        Set<String> ufrags = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            IceCredentials c = IceCredentials.generate();
            assertThat(c.ufrag()).hasSize(IceCredentials.GENERATED_UFRAG_LENGTH).matches("[A-Za-z0-9]+");
            assertThat(c.pwd()).hasSize(IceCredentials.GENERATED_PWD_LENGTH).matches("[A-Za-z0-9]+");
            ufrags.add(c.ufrag());
        }
        assertThat(ufrags).hasSize(1000);
    }

    @Test
    void acceptsBrowserStyleCredentials() {
        // Chrome: 4-char ufrag, 24-char pwd, with '+' and '/'. Firefox: hex.
        IceCredentials chrome = new IceCredentials("g/H+", "aB3+/cD4eF5gH6iJ7kL8mN9o");
        assertThat(chrome.ufrag()).isEqualTo("g/H+");
        new IceCredentials("3f2a9c1b", "0123456789abcdef0123456789abcdef");
    }

    @Test
    void rejectsTooShortOrTooLong() {
        assertThatThrownBy(() -> new IceCredentials("abc", "a".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ufrag must be 4-256 characters, got 3");
        assertThatThrownBy(() -> new IceCredentials("abcd", "a".repeat(21)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pwd must be 22-256 characters, got 21");
        assertThatThrownBy(() -> new IceCredentials("a".repeat(257), "a".repeat(22)))
                .hasMessageContaining("got 257");
    }

    @Test
    void rejectsNonIceCharsWithoutEchoingThePassword() {
        assertThatThrownBy(() -> new IceCredentials("ab:d", "a".repeat(22)))
                .hasMessageContaining("ufrag may contain only").hasMessageContaining("index 2");
        String secret = "secretsecretsecret-secret";
        assertThatThrownBy(() -> new IceCredentials("abcd", secret))
                .hasMessageContaining("pwd may contain only").hasMessageNotContaining(secret);
        assertThatThrownBy(() -> new IceCredentials(null, "a".repeat(22))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringHidesThePassword() {
        IceCredentials c = IceCredentials.generate();
        assertThat(c.toString()).contains(c.ufrag()).doesNotContain(c.pwd());
    }

    @Test
    void integrityKeyIsThePasswordBytes() {
        IceCredentials c = new IceCredentials("abcd", "VOkJxbRl1RmTxUk/WvJxBt");
        assertThat(c.integrityKey()).isEqualTo("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII));
    }
}
