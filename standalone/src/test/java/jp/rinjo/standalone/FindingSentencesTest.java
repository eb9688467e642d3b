package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import jp.rinjo.media.recording.verify.Finding;

/**
 * Every kind of finding the verifier and the archive make is said on the recording page as a sentence in
 * both languages (a code without one would reach the clerk as the verify command's English), and both
 * languages name the same values.
 */
class FindingSentencesTest {
    private static final Pattern ENTRY = Pattern.compile("^    '([^']+)': (?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"),$",
            Pattern.MULTILINE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    static Map<String, String> dictionary(String i18n, String lang) {
        int from = i18n.indexOf("\n  " + lang + ": {");
        int to = i18n.indexOf("\n  },", from);
        Map<String, String> d = new TreeMap<>();
        Matcher m = ENTRY.matcher(i18n.substring(from, to));
        while (m.find()) {
            d.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return d;
    }

    static Set<String> placeholders(String sentence) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(sentence);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyFindingCodeHasAJapaneseAndAnEnglishSentenceNamingTheSameValues() throws Exception {
        String i18n;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("webroot/js/i18n.js")) {
            assertThat(in).as("i18n.js on the classpath").isNotNull();
            i18n = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> ja = dictionary(i18n, "ja");
        Map<String, String> en = dictionary(i18n, "en");
        assertThat(ja).hasSizeGreaterThan(100);
        assertThat(en.keySet()).isEqualTo(ja.keySet());
        for (Finding.Code code : Finding.Code.values()) {
            String key = "finding." + code.id();
            assertThat(ja).as("ja " + key).containsKey(key);
            assertThat(en).as("en " + key).containsKey(key);
            assertThat(placeholders(en.get(key))).as(key).isEqualTo(placeholders(ja.get(key)));
        }
        assertThat(ja.get("finding.tsa-not-anchored")).as("a calm note, not an English WARNING").startsWith("お知らせ").doesNotContain("WARNING");
    }
}
