package jp.rinjo.scheduling.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.RinjoException;

class PasswordHasherTest {
    private final PasswordHasher hasher = PasswordHasher.owaspDefaults();

    @Test
    void hashesAreSaltedArgon2idPhcStringsThatVerifyOnlyTheRightPassword() {
        String h1 = hasher.hash("correct horse battery");
        String h2 = hasher.hash("correct horse battery");
        assertThat(h1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(h2);
        assertThat(hasher.verify("correct horse battery", h1)).isTrue();
        assertThat(hasher.verify("correct horse batterY", h1)).isFalse();
        assertThat(hasher.verify("correct horse battery", "not-a-hash")).isFalse();
        assertThat(hasher.verify(null, h1)).isFalse();
    }

    @Test
    void hashesWithOtherParametersStillVerify() {
        String cheap = new PasswordHasher(64, 1, 1).hash("パスワード1234567");
        assertThat(hasher.verify("パスワード1234567", cheap)).isTrue();
    }

    @Test
    void shortPasswordsAreRefused() {
        assertThatThrownBy(() -> hasher.hash("short")).isInstanceOf(RinjoException.class).hasMessageContaining("at least 10");
    }
}
