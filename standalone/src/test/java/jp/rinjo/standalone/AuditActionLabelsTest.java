package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.scheduling.audit.AdminAction;

/**
 * Every action of the audit log has its Japanese label (what the API gives as actionLabel) in i18n.js
 * as the same words, and an English one; scheduling's administrative acts are all among them.
 */
class AuditActionLabelsTest {
    @Test
    void everyAuditActionIsLabelledTheSameInTheApiAndThePagesInBothLanguages() throws Exception {
        String i18n;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("webroot/js/i18n.js")) {
            assertThat(in).as("i18n.js on the classpath").isNotNull();
            i18n = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> ja = FindingSentencesTest.dictionary(i18n, "ja");
        Map<String, String> en = FindingSentencesTest.dictionary(i18n, "en");
        for (AuditAction a : AuditAction.values()) {
            String key = "audit.action." + a.name();
            assertThat(ja.get(key)).as("ja " + key).isEqualTo(a.label());
            assertThat(en.get(key)).as("en " + key).isNotBlank().isNotEqualTo(a.label());
        }
        for (AdminAction a : AdminAction.values()) {
            assertThat(AuditAction.valueOf(a.name())).as("the archive names " + a).isNotNull();
        }
    }
}
