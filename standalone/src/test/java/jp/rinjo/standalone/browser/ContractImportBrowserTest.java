package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.AccountsBrowserTest.awaitView;
import static jp.rinjo.standalone.browser.AccountsBrowserTest.logIn;
import static jp.rinjo.standalone.browser.AccountsBrowserTest.openDesk;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * 契約の一括登録 through the inspector's desk: a road department's inspector downloads the template,
 * drops a Shift_JIS file that Excel saved (one row wrong), sees the row at fault, chooses the fixed
 * file, registers it and finds the contracts in the list, the one registered before left alone.
 */
class ContractImportBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Charset SJIS = Charset.forName("windows-31j");
    static final String HEADER = "契約番号,工事名,受注者,工事場所,工期開始日,工期終了日,備考\r\n";

    @TempDir
    Path dir;

    static String row(String no, String status) {
        return "document.querySelector('#import-table tbody tr[data-row=\"" + no + "\"]')" + status;
    }

    @Test
    void anInspectorImportsAShiftJisFileFromExcelAfterFixingTheRowThePreviewShowed() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contract-import"))) {
            String admin = server.loginAdmin();
            server.call(HttpMethod.POST, "/api/users", admin, new JsonObject().put("loginName", "doro.kakari").put("displayName", "道路 係長")
                    .put("department", "道路課").put("role", "INSPECTOR").put("password", "doro kakari 2026-04"), 201);
            server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", "R8道路第12号").put("name", "市道1号線舗装補修工事")
                    .put("contractor", "株式会社 臨場建設").put("department", "道路課").put("periodStart", "2026-04-01")
                    .put("periodEnd", "2027-03-31").put("location", "臨場市本町1丁目"), 201);
            String rows = "R8道路第301号,市道301号線舗装工事,㈱臨場建設,臨場市本町,2026/4/1,2027/3/31,\r\n"
                    + "R8道路第302号,\"側溝工事（その1, その2）\",髙橋土木,臨場市川町,令和8年5月1日,%s,急ぎ\r\n"
                    + "R8道路第303号,護岸工事,臨場建設,臨場市,2026/6/1,2026/12/25,\r\n";
            byte[] wrong = (HEADER + rows.formatted("R8.4.30")).getBytes(SJIS);
            Path fixed = dir.resolve("契約一覧.csv");
            Files.write(fixed, (HEADER + rows.formatted("R9.2.26") + "Ｒ８道路第１２号,別の名前,別の業者,別の場所,2026/4/1,2027/3/31,\r\n")
                    .getBytes(SJIS));

            Page page = openDesk(office.open("about:blank"), server);
            logIn(page, "doro.kakari", "doro kakari 2026-04");
            click(page, "#nav-contracts");
            awaitView(page, "view-contracts");
            page.waitFor("document.getElementById('contracts-status').textContent.startsWith('1件')", WAIT);
            assertThat(text(page, "#contracts-list tbody")).contains("R8道路第12号").contains("市道1号線舗装補修工事");

            // by keyboard: the summary opens the import
            page.evaluate("document.getElementById('import-title').focus()");
            press(page, "Enter");
            page.waitFor("document.getElementById('contract-import').open", WAIT);
            assertThat(text(page, "#import-title")).isEqualTo("CSVから一括登録");
            // the template is a download that Excel opens as UTF-8 (it has the BOM)
            assertThat(page.evaluate("document.getElementById('import-template').hasAttribute('download')")).isEqualTo(true);
            JsonArray head = (JsonArray) page.evaluate("fetch(document.getElementById('import-template').href).then(r => r.arrayBuffer())"
                    + ".then(b => Array.from(new Uint8Array(b).slice(0, 3)))");
            assertThat(head.encode()).isEqualTo("[239,187,191]"); // EF BB BF
            assertThat(page.evaluate("fetch(document.getElementById('import-template').href).then(r => r.text())"))
                    .asString().contains("契約番号,工事名,受注者,工事場所,工期開始日,工期終了日");
            Accessibility.check(page, "contract-import-open");

            // the file Excel saved, dropped on the page: row 3 ends before it starts
            drop(page, wrong, "excel.csv");
            page.waitFor("!document.getElementById('import-preview').hidden", WAIT);
            assertThat(text(page, "#import-summary")).isEqualTo("「excel.csv」（Shift_JIS）: 3行 — 登録 2件・登録済み 0件・エラー 1件");
            assertThat(text(page, "#import-ignored")).isEqualTo("読み込まない列: 備考");
            assertThat(page.evaluate(row("3", ".className"))).asString().contains("import-error");
            assertThat(page.evaluate(row("3", ".querySelector('.status').textContent"))).isEqualTo("エラー");
            assertThat(page.evaluate(row("3", ".querySelector('td.cell-error').dataset.field"))).isEqualTo("periodEnd");
            assertThat(page.evaluate(row("3", ".querySelector('.import-problems').textContent")))
                    .isEqualTo("工期（終了）が工期（開始）より前です。");
            assertThat(page.evaluate(row("2", ".querySelector('.status').textContent"))).isEqualTo("登録");
            assertThat(text(page, "#import-next")).startsWith("エラーが1行あります");
            assertThat(page.evaluate("document.getElementById('import-submit').disabled")).isEqualTo(true);
            screenshot(page, "contract-import-error");
            Accessibility.check(page, "contract-import-error");

            // the fixed file, chosen with the file dialog
            String input = page.call("Runtime.evaluate", new JsonObject().put("expression", "document.getElementById('import-file')"))
                    .getJsonObject("result").getString("objectId");
            page.call("DOM.setFileInputFiles", new JsonObject().put("objectId", input).put("files", new JsonArray().add(fixed.toString())));
            page.waitFor("document.getElementById('import-summary').textContent.includes('エラー 0件')", WAIT);
            assertThat(text(page, "#import-summary")).isEqualTo("「契約一覧.csv」（Shift_JIS）: 4行 — 登録 3件・登録済み 1件・エラー 0件");
            assertThat(page.evaluate(row("3", ".querySelector('td[data-field=name]').textContent"))).isEqualTo("側溝工事（その1, その2）");
            assertThat(page.evaluate(row("3", ".querySelector('td[data-field=contractor]').textContent"))).isEqualTo("髙橋土木");
            assertThat(page.evaluate(row("3", ".querySelector('td[data-field=periodEnd]').textContent"))).isEqualTo("2027-02-26");
            assertThat(page.evaluate(row("5", ".querySelector('.status').textContent"))).isEqualTo("登録済み（スキップ）");
            assertThat(page.evaluate(row("5", ".querySelector('.import-problems').textContent")))
                    .isEqualTo("契約番号 R8道路第12号 は登録済みです。上書きせずにスキップします。");
            assertThat(text(page, "#import-next")).isEqualTo("3件の契約を登録できます。");
            screenshot(page, "contract-import-ready");
            Accessibility.check(page, "contract-import-ready");

            click(page, "#import-submit");
            page.waitFor("!document.getElementById('import-done').hidden", WAIT);
            assertThat(text(page, "#import-done")).isEqualTo("3件の契約を登録しました（登録済みの1件はそのままです）。");
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("import-done");
            assertThat(page.evaluate("document.getElementById('import-preview').hidden")).isEqualTo(true);
            // the list shows them, newest first, in the department of the one who imported them
            page.waitFor("!!document.querySelector('#contracts-list tr[data-no=\"R8道路第302号\"]')", WAIT);
            assertThat(text(page, "#contracts-status")).startsWith("4件");
            assertThat(text(page, "#contracts-list tr[data-no=\"R8道路第301号\"]")).contains("㈱臨場建設").contains("道路課")
                    .contains("2026-04-01 〜 2027-03-31");
            assertThat(text(page, "#contracts-list tr[data-no=\"R8道路第12号\"]")).contains("市道1号線舗装補修工事");
            screenshot(page, "contract-import-done");
            Accessibility.check(page, "contract-import-done");
            for (String no : new String[] {"R8道路第301号", "R8道路第302号", "R8道路第303号"}) {
                JsonObject c = server.call(HttpMethod.GET, "/api/contracts/" + java.net.URLEncoder.encode(no, java.nio.charset.StandardCharsets.UTF_8),
                        admin, null, 200);
                assertThat(c.getString("department")).as(no).isEqualTo("道路課");
            }
            assertThat(server.call(HttpMethod.GET, "/api/contracts/" + java.net.URLEncoder.encode("R8道路第12号",
                    java.nio.charset.StandardCharsets.UTF_8), admin, null, 200).getString("contractor")).isEqualTo("株式会社 臨場建設");

            // in English, the import's words are English; the data stays as written
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(page, "#import-title")).isEqualTo("Import from CSV");
            assertThat(text(page, "#import-done")).isEqualTo("Registered 3 contracts (1 registered already were left as they are).");
            assertThat(text(page, "#contracts-list thead")).contains("Department").doesNotContain("担当課");
            page.assertNoConsoleErrors();
            // a file without columns the import needs: English names them as the Japanese message does
            drop(page, "契約番号,工事名,受注者\r\nR8道路第304号,舗装工事,臨場建設\r\n".getBytes(SJIS), "short.csv");
            page.waitFor("document.getElementById('import-error').textContent.startsWith('The header')", WAIT);
            assertThat(text(page, "#import-error"))
                    .isEqualTo("The header (row 1) lacks these columns: 工事場所, 工期（開始）, 工期（終了）. The template has every column.");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);
            assertThat(text(page, "#import-error")).isEqualTo("1行目の見出しに次の列がありません: 工事場所、工期（開始）、工期（終了）。");
            assertThat(page.errors()).as("the refusal (400) only").singleElement()
                    .satisfies(e -> assertThat(e.text() + " " + e.url()).contains("status of 400").contains("/api/contracts/import?dryRun=true"));
        }
    }

    /** A file dropped on the import's drop zone, as from the desktop. */
    static void drop(Page page, byte[] file, String name) {
        page.evaluate("(() => { const bytes = Uint8Array.from(atob(" + js(Base64.getEncoder().encodeToString(file))
                + "), c => c.charCodeAt(0)); const dt = new DataTransfer();"
                + " dt.items.add(new File([bytes], " + js(name) + ", {type: 'application/vnd.ms-excel'}));"
                + " const zone = document.getElementById('import-drop');"
                + " zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + " zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); })()");
    }
}
