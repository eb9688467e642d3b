package jp.rinjo.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

class IdsTest {
    @Test
    void randomIdsAreWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SessionId id = SessionId.random();
            assertThat(id.value()).matches("ses_[0-9a-z]{20}");
            assertThat(seen.add(id.value())).isTrue();
        }
    }

    @Test
    void malformedIdsAreRejectedAsValidationErrors() {
        assertThatThrownBy(() -> SessionId.of("ses_short")).isInstanceOf(RinjoException.class)
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> SessionId.of(InvitationId.random().value())).isInstanceOf(RinjoException.class);
        assertThatThrownBy(() -> SessionId.of(null)).isInstanceOf(RinjoException.class);
    }

    @Test
    void contractNumbersAllowJapaneseButNotPathSeparators() {
        assertThat(ContractNo.of(" R8土木第123号 ").value()).isEqualTo("R8土木第123号");
        assertThatThrownBy(() -> ContractNo.of("a/b")).isInstanceOf(RinjoException.class);
        assertThatThrownBy(() -> ContractNo.of("..")).isInstanceOf(RinjoException.class);
        assertThatThrownBy(() -> ContractNo.of("x".repeat(41))).isInstanceOf(RinjoException.class);
        assertThatThrownBy(() -> ContractNo.of("a\u0000b")).isInstanceOf(RinjoException.class);
    }
}
