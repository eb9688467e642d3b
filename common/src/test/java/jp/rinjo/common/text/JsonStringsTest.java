package jp.rinjo.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringsTest {

    @Test
    void escapesWhatJsonRequiresAndNothingElse() {
        assertThat(JsonStrings.quote("工事 \"A\"\\\b\f\n\r\t\u0001\u001f/é"))
                .isEqualTo("\"工事 \\\"A\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/é\"");
    }

    @Test
    void nullIsTheEmptyString() {
        assertThat(JsonStrings.quote(null)).isEqualTo("\"\"");
    }

    @Test
    void appendsToWhatIsAlreadyThere() {
        assertThat(JsonStrings.appendQuoted(new StringBuilder("{\"k\":"), "v").append('}').toString())
                .isEqualTo("{\"k\":\"v\"}");
    }
}
