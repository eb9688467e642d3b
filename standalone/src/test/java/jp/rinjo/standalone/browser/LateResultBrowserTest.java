package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Poll;

/**
 * 結果の事後記録: the inspector closed the browser instead of ending the session, so the system closed
 * it (結果未記録（自動終了）) and sealed its recording so. The next day she opens the session, records the
 * real result with why it is late, and sees it beside the lapsed one; the archive's page of the recording
 * keeps the signed result and shows the late record apart, as recorded after the seal and not signed.
 */
class LateResultBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "late-result-inspector-pw";
    static final String NOTE = "PCが停止し終了操作ができなかったため、翌日に事後記録。配筋・かぶりとも設計どおり。";
    @TempDir
    Path dir;

    @Test
    void theInspectorRecordsTheResultOfALapsedSessionAfterwardsAndTheArchiveShowsItApartFromTheSignedResult() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("sessions.abandoned-check", "200ms"));
             HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("late-result"))) {
            String id = lapsedSessionOf(server, "kantoku.hanako", "監督 花子");
            Poll.until("the lapsed session's recording is in the archive", Duration.ofSeconds(60),
                    () -> server.running().archive().index().find(SessionId.of(id)).isPresent());

            // --- the inspector's session page: the lapsed result, and the form to record the real one
            Page page = browser.open(server.url("/inspector/"));
            login(page, "kantoku.hanako", "view-list");
            page.evaluate("location.hash = " + js("#/session/" + id));
            page.waitFor("!document.getElementById('late-form').hidden", WAIT);
            assertThat(text(page, "#session-summary")).contains("結果未記録（自動終了）");
            assertThat(text(page, "#late-form-title")).isEqualTo("結果を事後記録する");
            Accessibility.check(page, "late-result-form");

            click(page, "#late-submit"); // nothing chosen: said, nothing sent
            assertThat(text(page, "#late-error")).isEqualTo("検査結果を選んでください。");
            click(page, "#late-form input[value=PASS]");
            click(page, "#late-submit");
            assertThat(text(page, "#late-error")).isEqualTo("事後記録の理由を入力してください。");
            type(page, "#late-note", NOTE);
            click(page, "#late-submit");
            page.waitFor("!document.getElementById('late-recorded').hidden", WAIT);

            JsonObject late = server.call(HttpMethod.GET, "/api/sessions/" + id, server.loginAdmin(), null, 200).getJsonObject("lateResult");
            String when = japaneseDateTime(Instant.parse(late.getJsonObject("recordedAt").getString("utc")));
            assertThat(text(page, "#late-recorded-text")).isEqualTo("事後記録: 合格（記録者 監督 花子、" + when + "）");
            assertThat(text(page, "#late-recorded-note")).isEqualTo(NOTE);
            assertThat(text(page, "#session-summary")).as("the session's own result stays").contains("結果未記録（自動終了）");
            assertThat(page.evaluate("document.getElementById('late-form').hidden")).as("recorded once: no form any more").isEqualTo(true);
            assertThat(page.evaluate("document.activeElement.id")).as("focus on what was recorded").isEqualTo("late-recorded");
            screenshot(page, "late-result-recorded");
            Accessibility.check(page, "late-result-recorded");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(page, "#late-recorded-text")).startsWith("Recorded afterwards: Pass (by 監督 花子, ").endsWith(" JST)");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);

            // --- the archive's page of the recording: the signed result, and apart from it the late record
            Page archive = browser.open(server.url("/archive/"));
            login(archive, "kantoku.hanako", "view-search");
            archive.evaluate("location.hash = " + js("#/r/" + id));
            archive.waitFor("!document.getElementById('view-recording').hidden && !document.getElementById('late-block').hidden", WAIT);
            assertThat(text(archive, "#rec-summary")).contains("結果（署名された記録）").contains("結果未記録（自動終了）").doesNotContain("合格");
            assertThat(text(archive, "#late-block-title")).isEqualTo("事後記録（封印後の記録・署名の対象外）");
            assertThat(text(archive, "#late-record")).contains("合格").contains("監督 花子").contains(when).contains(NOTE);
            screenshot(archive, "late-result-archive");
            Accessibility.check(archive, "late-result-archive");
            page.assertNoConsoleErrors();
            archive.assertNoConsoleErrors();

            // --- the standalone audits it in the archive's log, under the recording's id, and the chain holds
            var audit = server.running().archive().audit();
            var row = audit.list(id, null, 100).stream().filter(r -> r.event().action().name().equals("LATE_RESULT")).findFirst()
                    .orElseThrow(() -> new AssertionError("no LATE_RESULT row for " + id));
            assertThat(row.event().actorName()).isEqualTo("監督 花子");
            assertThat(row.event().detail()).contains("\"result\":\"PASS\"");
            assertThat(audit.verify().ok()).isTrue();
        }
    }

    /**
     * A session led by a new inspector that went live and that nobody ended, moved to yesterday so that
     * the sweep closes it (its links have expired) and its recording is sealed; returns its id.
     */
    static String lapsedSessionOf(TestServer server, String login, String name) throws Exception {
        String admin = server.loginAdmin();
        String department = server.call(HttpMethod.GET, "/api/auth/me", admin, null, 200).getString("department");
        String inspector = server.call(HttpMethod.POST, "/api/users", admin, new JsonObject().put("loginName", login).put("displayName", name)
                .put("department", department).put("role", "INSPECTOR").put("password", PASSWORD), 201).getString("id");
        server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", "LATE-1").put("name", "市道7号線側溝改良工事")
                .put("contractor", "株式会社 臨場建設").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31")
                .put("location", "臨場市本町1丁目"), 201);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = server.call(HttpMethod.POST, "/api/sessions", admin, new JsonObject().put("contractNo", "LATE-1")
                .put("inspectionType", "STAGE_CHECK").put("inspectorId", inspector)
                .put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString()), 201).getString("id");
        server.goLive(admin, id);
        Instant yesterday = start.minus(Duration.ofHours(14));
        int rows = server.running().scheduling().database().jdbc().update(
                "UPDATE inspection_sessions SET window_start = ?, window_end = ?, started_at = ? WHERE id = ?", yesterday,
                yesterday.plus(Duration.ofHours(1)), yesterday, SessionId.of(id).value());
        assertThat(rows).isEqualTo(1);
        Poll.until("the session nobody ended lapses", Duration.ofSeconds(30),
                () -> server.running().scheduling().sessions().record(SessionId.of(id)).orElseThrow().session().result() != null);
        return id;
    }

    static void login(Page page, String login, String view) {
        page.waitFor("!document.getElementById('view-login').hidden", WAIT);
        type(page, "#login-name", login);
        type(page, "#login-password", PASSWORD);
        press(page, "Enter");
        page.waitFor("!document.getElementById(" + js(view) + ").hidden", WAIT);
    }

    /** 2026年11月27日(金) 10:00 JST, as the pages write a time */
    static String japaneseDateTime(Instant t) {
        var jst = t.atZone(ZoneId.of("Asia/Tokyo"));
        return InspectorDeskBrowserTest.japaneseDate(jst.toLocalDate()) + " " + jst.format(DateTimeFormatter.ofPattern("HH:mm")) + " JST";
    }
}
