package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.ArchiveTimelineBrowserTest.T0;
import static jp.rinjo.standalone.browser.ArchiveTimelineBrowserTest.answer;
import static jp.rinjo.standalone.browser.ArchiveTimelineBrowserTest.micros;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a records clerk reads when verification finds something: a sentence in Japanese naming whose
 * video and when (JST), the verify command's English behind 詳細; the reason is there as soon as the page
 * opens (kept by the index), not only after 検証する; a TSA not configured is a calm note; English on the
 * switch, with no Japanese left. The recording and the verifier's answers are fakes, answered through
 * DevTools (a tampered recording is the archive's tests' business, this is the page's).
 */
class ArchiveFindingsBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ID = ArchiveTimelineBrowserTest.ID;
    static final String SEG = "tracks/trk_6q6g0000000000000000/1.seg";
    @TempDir
    Path dir;

    static JsonObject finding(String severity, String code, JsonObject params, String subject, String message) {
        return new JsonObject().put("severity", severity).put("code", code).put("params", params).put("subject", subject)
                .put("message", message);
    }

    /** A flipped byte in the contractor's video, 10:02:13–10:02:15 JST, as the index keeps it; and a finding of a code this page does not know. */
    static JsonArray stored() {
        return new JsonArray()
                .add(finding("ERROR", "segment-damaged", new JsonObject().put("track", "trk_6q6g0000000000000000").put("participant", "p-1")
                        .put("kind", "video").put("sequence", "1").put("path", SEG).put("fromMicros", String.valueOf(micros(T0.plusSeconds(133))))
                        .put("toMicros", String.valueOf(micros(T0.plusSeconds(135)))), SEG, "segment " + SEG + ": SHA-256 mismatch "
                        + "(expected d69c9d, found d18b26); the file is damaged (corrupt: RTP record at offset 311: CRC-32C mismatch)"))
                .add(finding("ERROR", "some-future-check", new JsonObject(), "manifest.json", "a check this page does not know"));
    }

    @Test
    void findingsReadAsJapaneseSentencesWithTheTechnicalTextBehindDetailsAfterAReloadAndInEnglishOnTheSwitch() throws Exception {
        List<String> typed = List.of("市道5号線 橋梁補修工事", "臨場建設", "土木課", "監督 太郎", "橋台A1", "現場代理人 山田", "配筋");
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("archive-findings"))) {
            Page archive = office.open(server.url("/archive/"));
            BlockingQueue<JsonObject> held = ArchiveTimelineBrowserTest.loggedInHolding(archive, "*/api/archive/recordings/" + ID,
                    "*/api/archive/recordings/" + ID + "/verify");
            JsonObject recording = ArchiveTimelineBrowserTest.detail(typed);
            recording.getJsonObject("recording").put("integrity", new JsonObject().put("status", "FAILED")
                    .put("checkedAt", ArchiveTimelineBrowserTest.time(T0.plusSeconds(4200))).put("detail", "ERROR " + SEG + ": …")
                    .put("findings", stored()));

            // opened (or reloaded) after a failed verification: the reason is there, in Japanese
            archive.evaluate("location.hash = '#/r/" + ID + "'; 'opened'");
            answer(archive, held, recording);
            archive.waitFor("document.querySelectorAll('#verify-findings li').length === 2", WAIT);
            assertThat(text(archive, "#verify-result")).isEqualTo("前回の検証で問題が見つかりました（2 件）。");
            assertThat(text(archive, "#verify-findings li:nth-child(1) .finding-text"))
                    .isEqualTo("現場代理人 山田さんの映像 10:02:13–10:02:15 JST の記録ファイルが改ざん・破損しています。");
            assertThat(text(archive, "#verify-findings li:nth-child(1) summary")).isEqualTo("詳細");
            assertThat(archive.evaluate("document.querySelector('#verify-findings li:nth-child(1) details').open")).isEqualTo(false);
            assertThat(archive.evaluate("document.querySelector('#verify-findings li:nth-child(1) details code').textContent"))
                    .asString().startsWith(SEG + ": segment " + SEG + ": SHA-256 mismatch");
            assertThat((String) archive.evaluate("document.getElementById('verify-findings').innerText")).as("the raw text is behind 詳細")
                    .doesNotContain("SHA-256 mismatch");
            assertThat(text(archive, "#verify-findings li:nth-child(2)")).as("an unknown code falls back to the text")
                    .isEqualTo("manifest.json: a check this page does not know");
            click(archive, "#verify-findings li:nth-child(1) summary");
            assertThat((String) archive.evaluate("document.getElementById('verify-findings').innerText")).contains("CRC-32C mismatch");
            screenshot(archive, "archive-findings-stored");
            Accessibility.check(archive, "archive-findings-stored");

            // 検証する with no trusted TSA certificate configured, nothing wrong: a calm note, no English WARNING
            click(archive, "#verify");
            answer(archive, held, new JsonObject().put("status", "OK").put("checkedAt", ArchiveTimelineBrowserTest.time(T0.plusSeconds(9000)))
                    .put("tracks", 1).put("segmentsListed", 60).put("segmentsVerified", 60).put("findings", new JsonArray()
                            .add(finding("INFO", "signature-valid", new JsonObject().put("keyId", "cd".repeat(32)), "manifest.sig",
                                    "signature valid, by the deployment key given to the verifier (--key, key id " + "cd".repeat(32) + ")"))
                            .add(finding("INFO", "timestamped", new JsonObject().put("atMicros", String.valueOf(micros(T0.plusSeconds(605))))
                                    .put("tsa", "CN=Test TSA").put("serial", "7").put("accuracyMicros", "1000000"), "manifest.tsr",
                                    "time-stamped … ± 1 s by CN=Test TSA (serial 7)"))
                            .add(finding("INFO", "nothing-received", new JsonObject().put("track", "trk_6q6g0000000000000000")
                                    .put("participant", "p-1").put("kind", "video").put("fromMicros", String.valueOf(micros(T0.plusSeconds(200))))
                                    .put("toMicros", String.valueOf(micros(T0.plusSeconds(272)))).put("duration", "1 min 12 s")
                                    .put("durationMicros", "72000000"), SEG, "NOTHING RECEIVED … (1 min 12 s)"))
                            .add(finding("WARNING", "tsa-not-anchored", new JsonObject(), "manifest.tsr", "TSA NOT ANCHORED: the token is "
                                    + "consistent with the certificate it carries, which anyone can make; give the TSA's certificate, obtained "
                                    + "independently, with --tsa-cert"))));
            archive.waitFor("document.querySelector('#integrity-status.integrity-OK') !== null", WAIT);
            assertThat(text(archive, "#verify-result")).contains("改ざんされていません");
            String shown = (String) archive.evaluate("document.getElementById('verify-findings').innerText");
            assertThat(shown).contains("2026年5月12日(火) 10:10 JST（誤差 ±1 秒） のタイムスタンプが付いています。").contains("お知らせ: タイムスタンプの内容は確認しました")
                    .doesNotContain("WARNING").doesNotContain("NOT ANCHORED")
                    .contains("現場代理人 山田さんの映像 10:03:20–10:04:32 JST: 何も受信していない時間があります（1:12）。");
            assertThat(archive.evaluate("document.querySelector('#verify-findings li[data-code=\"tsa-not-anchored\"]').className"))
                    .isEqualTo("finding-note");
            screenshot(archive, "archive-findings-verified");
            Accessibility.check(archive, "archive-findings-verified");

            // English on the switch: the sentences too, nothing Japanese left but what people typed
            click(archive, "#lang-toggle");
            archive.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(archive, "#verify-findings")).contains("Time-stamped Tue 2026-05-12 10:10 JST (±1 s).")
                    .contains("Note: the time-stamp was checked").contains("10:03:20–10:04:32 JST: nothing was received (1:12).");
            assertThat(InspectorDeskBrowserTest.japaneseIn(archive, "#view-recording", typed)).as("Japanese left on the recording page").isEmpty();
            Accessibility.check(archive, "archive-findings-en");
            archive.assertNoConsoleErrors();
        }
    }
}
