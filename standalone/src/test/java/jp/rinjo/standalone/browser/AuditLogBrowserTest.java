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
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditEvent;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.audit.AuditRecord;

/**
 * 監査ログ: the admin opens the archive's audit log after a few audited acts (a contract registered
 * through the API, the search the archive page runs, and a recording's late result and playback as
 * the services write them), reads the rows newest first with their Japanese labels and JST times,
 * pages with a short page, narrows to the recording (also from the recording's page), and runs
 * 改ざんの検査: intact with the rows counted, then, after a row is edited in the database, the row
 * named and how it is broken. A records clerk sees no link and gets "not allowed". The recording
 * page's data is a stand-in answered through DevTools (its playback is other tests' business).
 */
class AuditLogBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ID = ArchiveTimelineBrowserTest.ID;
    static final String NOTE_SHA = "ab12cd34".repeat(8);
    static final String CLERK_PASSWORD = "audit-page-clerk-pw";
    @TempDir
    Path dir;

    @Test
    void theAdminReadsPagesNarrowsAndChecksTheAuditLogAndSeesWhichRowWasAlteredWhileAClerkMayNot() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("audit-log"))) {
            String admin = server.loginAdmin();
            String department = server.call(HttpMethod.GET, "/api/auth/me", admin, null, 200).getString("department");
            server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", "AUD-1").put("name", "市道9号線舗装工事")
                    .put("contractor", "株式会社 臨場建設").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31")
                    .put("location", "臨場市本町1丁目"), 201);
            var audit = server.running().archive().audit();
            AuditRecord late = audit.append(new AuditEvent("usr_inspector", "監督 花子", "INSPECTOR", AuditAction.LATE_RESULT, ID, "AUD-1",
                    AuditOutcome.OK, "{\"result\":\"PASS\",\"recordedAt\":\"2026-05-12T01:30:00Z\",\"noteSha256\":\"" + NOTE_SHA + "\"}"));
            AuditRecord play = audit.append(new AuditEvent("usr_clerk", "記録 一郎", "CLERK", AuditAction.PLAY, ID, "AUD-1", AuditOutcome.OK,
                    "{\"rendition\":\"p-1\",\"bytes\":1234567}"));

            Page page = office.open(server.url("/archive/"));
            BlockingQueue<JsonObject> held = ArchiveTimelineBrowserTest.loggedInHolding(page, "*/api/archive/recordings/" + ID);

            // --- the menu's link; then a short page: the newest four rows
            assertThat(page.evaluate("document.getElementById('nav-audit').hidden")).isEqualTo(false);
            click(page, "#nav-audit");
            page.waitFor("location.hash === '#/audit' && document.querySelectorAll('#audit-rows tbody tr').length > 0", WAIT);
            List<AuditRecord> before = audit.list(null, null, 100); // reading the log is audited too, then the page's own search
            assertThat(before).extracting(r -> r.event().action())
                    .startsWith(AuditAction.AUDIT_READ, AuditAction.SEARCH, AuditAction.PLAY, AuditAction.LATE_RESULT);
            page.evaluate("location.hash = '#/audit?limit=4'; 'paged'");
            awaitRows(page, before.subList(0, 4));
            assertThat(text(page, "#audit-title")).isEqualTo("監査ログ");
            assertThat(cell(page, play.seq(), 2)).isEqualTo(jst(play.at()));
            assertThat(cell(page, play.seq(), 3)).isEqualTo("再生");
            assertThat(cell(page, play.seq(), 4)).isEqualTo("記録 一郎記録担当（閲覧のみ）");
            assertThat(cell(page, play.seq(), 5)).isEqualTo("完了");
            assertThat(cell(page, play.seq(), 7)).contains("大きさ: 1.2 MB");
            assertThat(cell(page, late.seq(), 3)).isEqualTo("結果の事後記録");
            assertThat(cell(page, late.seq(), 7)).contains("結果: 合格").contains("記録日時: 2026年5月12日(火) 10:30:00 JST")
                    .contains("理由の SHA-256: ab12cd34ab12…").doesNotContain(NOTE_SHA);
            assertThat(page.evaluate("document.querySelector('tr[data-seq=\"" + late.seq() + "\"] .audit-hash code').title")).isEqualTo(NOTE_SHA);
            assertThat(cell(page, before.get(0).seq(), 4)).isEqualTo("管理者管理者");
            assertThat(cell(page, before.get(0).seq(), 3)).isEqualTo("監査ログの閲覧");
            assertThat(page.evaluate("document.querySelector('#audit-rows caption').textContent")).isEqualTo("監査ログ（新しい順）");
            assertThat(page.evaluate("document.getElementById('audit-newer').disabled")).isEqualTo(true);
            Accessibility.check(page, "audit-log");

            // older rows, by keyboard; and back to the newest, where the reads just made are audited too
            page.evaluate("document.getElementById('audit-older').focus(); 'focused'");
            press(page, "Enter");
            awaitRows(page, before.subList(4, Math.min(8, before.size())));
            assertThat((String) page.evaluate("location.hash")).isEqualTo("#/audit?before=" + before.get(3).seq() + "&limit=4");
            assertThat(text(page, "#audit-rows tbody")).contains("契約の登録").contains("AUD-1");
            click(page, "#audit-newer");
            page.waitFor("location.hash === '#/audit?limit=4' && document.querySelector('#audit-rows tbody tr')?.dataset.seq > "
                    + before.get(0).seq(), WAIT);
            assertThat(cell(page, Long.parseLong((String) page.evaluate("document.querySelector('#audit-rows tbody tr').dataset.seq")), 3))
                    .isEqualTo("監査ログの閲覧");

            // a page opened by its URL (a reload: no pages seen on the way): 新しい行へ goes to the four rows just
            // above it, not to the newest page
            for (int i = 0; i < 6; i++) {
                audit.append(new AuditEvent("usr_clerk", "記録 一郎", "CLERK", AuditAction.SEARCH, null, null, AuditOutcome.OK, "{}"));
            }
            List<AuditRecord> all = audit.list(null, null, 100);
            page.evaluate("location.hash = '#/audit?before=" + all.get(5).seq() + "&limit=4'; 'deep'");
            page.reload();
            awaitRows(page, all.subList(6, 10));
            assertThat(page.evaluate("document.getElementById('audit-newer').disabled")).isEqualTo(false);
            click(page, "#audit-newer");
            page.waitFor("location.hash === '#/audit?before=" + (all.get(2).seq() + 1) + "&limit=4'", WAIT);
            awaitRows(page, all.subList(2, 6));
            assertThat(page.evaluate("document.querySelector('#audit-rows tbody tr').dataset.seq")).isEqualTo(String.valueOf(all.get(2).seq()));
            assertThat(page.evaluate("document.querySelector('#audit-rows tbody tr:last-child').dataset.seq"))
                    .isEqualTo(String.valueOf(all.get(5).seq()));

            // narrowed to the recording: its two rows, each linking to the recording
            type(page, "#audit-session", ID);
            press(page, "Enter");
            awaitRows(page, List.of(play, late));
            assertThat(page.evaluate("document.querySelector('tr[data-seq=\"" + late.seq() + "\"] a.audit-recording').getAttribute('href')"))
                    .isEqualTo("#/r/" + ID);

            // the recording's page links to the same, narrowed page
            page.evaluate("location.hash = " + js("#/r/" + ID) + "; 'opened'");
            ArchiveTimelineBrowserTest.answer(page, held, ArchiveTimelineBrowserTest.detail(List.of("市道5号線 橋梁補修工事", "臨場建設", "土木課", "監督 太郎", "橋台A1", "現場代理人 山田", "配筋")));
            page.waitFor("!document.getElementById('view-recording').hidden && !document.getElementById('rec-audit').hidden", WAIT);
            click(page, "#rec-audit");
            // the view shown (the hash changes a task before the page handles it; until then the status is the one left before)
            page.waitFor("location.hash === " + js("#/audit?session=" + ID) + " && !document.getElementById('view-audit').hidden"
                    + " && document.getElementById('audit-status').textContent.startsWith('セッション')", WAIT);
            assertThat(page.evaluate("document.querySelector('tr[data-seq=\"" + late.seq() + "\"]') !== null")).isEqualTo(true);
            assertThat(text(page, "#audit-status")).startsWith("セッション " + ID + " の行");

            // 改ざんの検査: intact, with the number of rows the check read (the server's own AUDIT_VERIFY row says it too)
            click(page, "#audit-verify");
            page.waitFor("document.querySelector('#audit-verify-result .audit-intact') !== null", WAIT);
            long rows = new JsonObject(audit.list(null, null, 1).get(0).event().detail()).getLong("rows");
            assertThat(text(page, "#audit-verify-result .audit-intact")).startsWith("改ざんはありません。全 " + rows + " 行の連鎖を確認しました（")
                    .endsWith(" JST）。");
            UserInput.fullPageScreenshot(page, "audit-log-intact");
            Accessibility.check(page, "audit-log-intact");

            // a row edited behind the archive's back: the check names it and says how
            int edited = server.running().scheduling().database().jdbc().update(
                    "UPDATE archive_audit_log SET detail = ? WHERE seq = ?", "{\"result\":\"FAIL\"}", late.seq());
            assertThat(edited).isEqualTo(1);
            click(page, "#audit-verify");
            page.waitFor("document.querySelector('#audit-verify-result .audit-not-intact') !== null", WAIT);
            assertThat(text(page, "#audit-verify-result .audit-not-intact")).startsWith("改ざんまたは欠落があります: 行 " + late.seq() + " から");
            assertThat(text(page, "#audit-verify-result .audit-broken-how"))
                    .isEqualTo("行 " + late.seq() + " の内容が書き換えられています（内容から計算したハッシュが記録されたハッシュと一致しません）。");
            assertThat(page.evaluate("document.querySelector('tr[data-seq=\"" + late.seq() + "\"]').className")).isEqualTo("audit-broken");
            screenshot(page, "audit-log-altered");
            Accessibility.check(page, "audit-log-altered");

            // English on the switch; nothing Japanese left but what people wrote
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(page, "#audit-verify-result .audit-not-intact")).startsWith("Tampered or missing: the chain breaks at row " + late.seq());
            assertThat(cell(page, play.seq(), 3)).isEqualTo("Played");
            assertThat(cell(page, late.seq(), 7)).contains("Result: Pass").contains("Recorded at: Tue 2026-05-12 10:30:00 JST");
            assertThat(InspectorDeskBrowserTest.japaneseIn(page, "#view-audit", List.of("監督 花子", "記録 一郎", "管理者", department)))
                    .as("Japanese left on the audit page").isEmpty();
            Accessibility.check(page, "audit-log-en");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);
            page.assertNoConsoleErrors();

            // --- a records clerk: no link, and the page says it is for admins; the log is not asked for
            server.call(HttpMethod.POST, "/api/users", admin, new JsonObject().put("loginName", "kiroku.ichiro").put("displayName", "記録 一郎")
                    .put("department", department).put("role", "CLERK").put("password", CLERK_PASSWORD), 201);
            long newest = audit.list(null, null, 1).get(0).seq();
            Page clerk = office.open(server.url("/archive/#/audit"));
            clerk.waitFor("!document.getElementById('view-login').hidden", WAIT);
            type(clerk, "#login-name", "kiroku.ichiro");
            type(clerk, "#login-password", CLERK_PASSWORD);
            press(clerk, "Enter");
            clerk.waitFor("!document.getElementById('view-audit').hidden && !document.getElementById('audit-forbidden').hidden", WAIT);
            assertThat(text(clerk, "#audit-forbidden")).isEqualTo("監査ログは管理者だけが閲覧できます。");
            assertThat(clerk.evaluate("document.getElementById('nav-audit').hidden")).isEqualTo(true);
            assertThat(clerk.evaluate("document.getElementById('audit-body').hidden")).isEqualTo(true);
            assertThat(audit.list(null, null, 100)).filteredOn(r -> r.seq() > newest)
                    .noneMatch(r -> r.event().action() == AuditAction.AUDIT_READ);
            Accessibility.check(clerk, "audit-log-clerk");
            clerk.assertNoConsoleErrors();
        }
    }

    /** Waits until the table shows exactly these rows, in this order. */
    static void awaitRows(Page page, List<AuditRecord> rows) {
        JsonArray seqs = new JsonArray(rows.stream().map(r -> String.valueOf(r.seq())).toList());
        page.waitFor("JSON.stringify([...document.querySelectorAll('#audit-rows tbody tr')].map(tr => tr.dataset.seq)) === "
                + js(seqs.encode()), WAIT);
    }

    /** The text of the row's column n (1: the number). */
    static String cell(Page page, long seq, int n) {
        return ((String) page.evaluate("document.querySelector('tr[data-seq=\"" + seq + "\"] > :nth-child(" + n + ")').textContent")).trim();
    }

    /** 2026年5月12日(火) 10:02:13 JST, as the audit page writes a time */
    static String jst(Instant t) {
        var z = t.atZone(ZoneId.of("Asia/Tokyo"));
        return InspectorDeskBrowserTest.japaneseDate(z.toLocalDate()) + " " + z.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " JST";
    }
}
