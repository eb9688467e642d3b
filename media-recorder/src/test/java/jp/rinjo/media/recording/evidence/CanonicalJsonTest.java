package jp.rinjo.media.recording.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CanonicalJsonTest {
    @Test
    void keysAreSortedAtEveryLevelWithoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1L);
        inner.put("a", List.of(true, "x"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", inner);
        m.put("a", null);
        assertThat(CanonicalJson.string(m)).isEqualTo("{\"a\":null,\"b\":{\"a\":[true,\"x\"],\"z\":1}}");
    }

    @Test
    void stringsAreEscapedOnlyWhereJsonRequires() {
        assertThat(CanonicalJson.string("監督員 \"山田\"\\\n\t\u0001/é")).isEqualTo("\"監督員 \\\"山田\\\"\\\\\\n\\t\\u0001/é\"");
    }

    @Test
    void floatsAndUnsafeIntegersAreRefused() {
        assertThatThrownBy(() -> CanonicalJson.string(Map.of("x", 1.5))).hasMessageContaining("floats");
        assertThatThrownBy(() -> CanonicalJson.string(1L << 60)).hasMessageContaining("2^53");
    }

    @Test
    void whatJacksonReadsBackSerialisesToTheSameBytes() throws Exception {
        Map<String, Object> m = Map.of("name", "臨場", "n", 1_760_000_000_000_000L, "list", List.of(1L, Map.of("k", "v")));
        byte[] bytes = CanonicalJson.bytes(m);
        Object back = new ObjectMapper().readValue(bytes, Object.class);
        assertThat(Arrays.equals(CanonicalJson.bytes(back), bytes)).isTrue();
    }
}
