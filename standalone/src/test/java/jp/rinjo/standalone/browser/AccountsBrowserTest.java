package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.setValue;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Accounts through the inspector's desk instead of curl: everyone changes their own password on
 * #/account and the page goes on with the fresh login; an admin adds an account with a generated
 * password to hand over, moves it to another department (人事異動) and disables it, and the person
 * at the other PC sees each change on their next step.
 */
class AccountsBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String NEW_ADMIN_PASSWORD = "admin password 2026-04";

    @TempDir
    Path dir;

    static Page openDesk(Page page, TestServer server) {
        page.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1366).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", false));
        page.navigate(server.url("/inspector/"));
        page.waitFor("!document.getElementById('view-login').hidden", WAIT);
        return page;
    }

    static void logIn(Page page, String loginName, String password) {
        setValue(page, "#login-name", "");
        setValue(page, "#login-password", "");
        type(page, "#login-name", loginName);
        type(page, "#login-password", password);
        press(page, "Enter");
        page.waitFor("!document.getElementById('view-list').hidden", WAIT);
    }

    static void awaitView(Page page, String id) {
        page.waitFor("!document.getElementById(" + js(id) + ").hidden", WAIT);
    }

    /** Waits until the session list has loaded (a list drawn before stays on screen while it loads). */
    static void awaitList(Page page) {
        page.waitFor("document.getElementById('list-status').textContent === ''"
                + " && document.querySelector('#list-today table, #list-today p') !== null", WAIT);
    }

    static String token(Page page) {
        return (String) page.evaluate("JSON.parse(sessionStorage.getItem('rinjo.auth')).token");
    }

    /** Errors but the browser's own line for each refused request (a 401 the test provoked on purpose). */
    static void assertNoErrorsButRefusedRequests(Page page) {
        assertThat(page.errors()).filteredOn(e -> !(e.source().equals("log") && e.text().contains("Failed to load resource: the server responded with a status of 4")))
                .isEmpty();
    }

    @Test
    void theAdminChangesThePrintedPasswordOnTheAccountPageAndTheDeskGoesOn() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("accounts-own"))) {
            Page otherTab = openDesk(office.open("about:blank"), server);
            logIn(otherTab, "admin", TestServer.ADMIN_PASSWORD);
            Page page = openDesk(office.open("about:blank"), server);
            logIn(page, "admin", TestServer.ADMIN_PASSWORD);
            String before = token(page);

            // the user's name in the app bar leads to the own account
            assertThat(text(page, "#user-name")).isEqualTo("管理者");
            click(page, "#user-name");
            awaitView(page, "view-account");
            assertThat(page.evaluate("location.hash")).isEqualTo("#/account");
            assertThat(text(page, "#account-summary")).contains("admin").contains("管理者").contains("管理課");
            assertThat(text(page, "#password-rules")).contains("10文字以上");
            assertThat(page.evaluate("document.getElementById('user-name').getAttribute('aria-current')")).isEqualTo("page");

            // mistakes are said next to the field, in Japanese, before anything is sent
            type(page, "#pw-current", TestServer.ADMIN_PASSWORD);
            type(page, "#pw-next", "short");
            click(page, "#password-submit");
            page.waitFor("document.getElementById('pw-next-error').textContent !== ''", WAIT);
            assertThat(text(page, "#pw-next-error")).isEqualTo("パスワードは10文字以上にしてください。");
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("pw-next");
            assertThat(page.evaluate("document.getElementById('pw-next').getAttribute('aria-invalid')")).isEqualTo("true");
            setValue(page, "#pw-next", NEW_ADMIN_PASSWORD);
            type(page, "#pw-again", NEW_ADMIN_PASSWORD + "x");
            click(page, "#password-submit");
            page.waitFor("document.getElementById('pw-again-error').textContent !== ''", WAIT);
            assertThat(text(page, "#pw-again-error")).startsWith("新しいパスワードが一致しません");
            // a wrong current password is the server's answer, shown at its field
            setValue(page, "#pw-current", "not the password");
            setValue(page, "#pw-again", NEW_ADMIN_PASSWORD);
            click(page, "#password-submit");
            page.waitFor("document.getElementById('pw-current-error').textContent !== ''", WAIT);
            assertThat(text(page, "#pw-current-error")).isEqualTo("現在のパスワードが違います。");
            assertThat(text(page, "#pw-again-error")).isEmpty();
            screenshot(page, "account-password-errors");
            Accessibility.check(page, "account-password-errors");

            setValue(page, "#pw-current", TestServer.ADMIN_PASSWORD);
            press(page, "Enter");
            page.waitFor("!document.getElementById('password-done').hidden", WAIT);
            assertThat(text(page, "#password-done")).startsWith("パスワードを変更しました。").contains("他のログイン");
            assertThat(page.evaluate("document.getElementById('pw-current').value")).isEqualTo("");
            screenshot(page, "account-password-changed");
            Accessibility.check(page, "account-password-changed");

            // this tab goes on with the fresh login the server answered; the old one is ended
            String fresh = token(page);
            assertThat(fresh).isNotEqualTo(before);
            server.call(HttpMethod.GET, "/api/auth/me", before, null, 401);
            click(page, "#nav-list");
            awaitView(page, "view-list");
            page.waitFor("document.getElementById('list-status').textContent === ''", WAIT);
            assertThat(page.evaluate("document.getElementById('view-login').hidden")).isEqualTo(true);
            // the other tab's next step says its login was ended
            click(otherTab, "#list-refresh");
            awaitView(otherTab, "view-login");
            assertThat(text(otherTab, "#login-error")).startsWith("このログインは終了しました");
            // the printed password is over, the new one logs in
            server.call(HttpMethod.POST, "/api/auth/login", null,
                    new JsonObject().put("loginName", "admin").put("password", TestServer.ADMIN_PASSWORD), 401);
            logIn(otherTab, "admin", NEW_ADMIN_PASSWORD);
            assertThat(page.evaluate("document.getElementById('nav-users').hidden")).isEqualTo(false);

            // in English, the account page has no Japanese but the data
            click(page, "#user-name");
            awaitView(page, "view-account");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(page, "#account-summary")).contains("Login name").contains("Administrator").doesNotContain("ログイン名");
            assertThat(text(page, "#password-rules")).startsWith("The new password needs 10 characters or more.");
            assertThat(page.evaluate("document.getElementById('user-name').title")).isEqualTo("Account and password");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);
            assertNoErrorsButRefusedRequests(page);
            assertNoErrorsButRefusedRequests(otherTab);
        }
    }

    @Test
    void anAdminAddsMovesAndDisablesAnInspectorWhoChangesTheirOwnPassword() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("accounts-admin"))) {
            String adminToken = server.loginAdmin();
            sessionInDepartment(server, adminToken, "R8道路第1号", "道路課", "市道2号線側溝補修工事");
            sessionInDepartment(server, adminToken, "R8河川第1号", "河川課", "一級河川護岸改修工事");

            Page admin = openDesk(browser.open("about:blank"), server);
            browser.call("Browser.grantPermissions", new JsonObject().put("origin", server.url(""))
                    .put("permissions", new JsonArray().add("clipboardReadWrite").add("clipboardSanitizedWrite")));
            logIn(admin, "admin", TestServer.ADMIN_PASSWORD);
            click(admin, "#nav-users");
            awaitView(admin, "view-users");
            admin.waitFor("document.querySelector('#users-list tr[data-login=\"admin\"]') !== null", WAIT);
            // the admin cannot disable themselves, so the page does not offer it
            assertThat(admin.evaluate("document.querySelector('tr[data-login=\"admin\"] [data-action=\"disable\"]')")).isNull();

            // 田中 joins 道路課 with a generated password, handed over from the screen
            click(admin, "#user-new > summary");
            type(admin, "#nu-login", "Tanaka");
            type(admin, "#nu-name", "田中 一郎");
            type(admin, "#nu-dept", "道路課");
            setValue(admin, "#nu-role", "INSPECTOR");
            click(admin, "#nu-generate");
            String first = (String) admin.evaluate("document.getElementById('nu-password').value");
            assertThat(first).matches("[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}");
            screenshot(admin, "users-add");
            Accessibility.check(admin, "users-add");
            click(admin, "#user-new-submit");
            awaitView(admin, "users-secret");
            assertThat(text(admin, "#users-secret-text")).isEqualTo("田中 一郎（tanaka）の初期パスワード");
            assertThat(admin.evaluate("document.activeElement.id")).as("a screen reader reads it next").isEqualTo("users-secret");
            assertThat(admin.evaluate("document.getElementById('users-secret-value').value")).isEqualTo(first);
            click(admin, "#users-secret-copy");
            admin.waitFor("document.getElementById('users-secret-copied').textContent !== ''", WAIT);
            assertThat(text(admin, "#users-secret-copied")).isEqualTo("コピーしました。");
            assertThat(admin.evaluate("navigator.clipboard.readText()")).isEqualTo(first);
            click(admin, "#users-secret-close");
            admin.waitFor("document.getElementById('users-secret').hidden && document.getElementById('users-secret-value').value === ''", WAIT);
            admin.waitFor("document.querySelector('tr[data-login=\"tanaka\"]') !== null", WAIT);
            assertThat(text(admin, "tr[data-login=\"tanaka\"]")).contains("田中 一郎").contains("監督職員").contains("有効");
            assertThat(admin.evaluate("document.querySelector('tr[data-login=\"tanaka\"]').closest('section').querySelector('h2').textContent"))
                    .asString().startsWith("道路課");
            screenshot(admin, "users-added");
            Accessibility.check(admin, "users-added");
            // a taken login name is said at its field
            click(admin, "#user-new > summary");
            type(admin, "#nu-login", "tanaka");
            type(admin, "#nu-name", "田中 二郎");
            type(admin, "#nu-dept", "道路課");
            click(admin, "#user-new-submit");
            admin.waitFor("document.getElementById('nu-login-error').textContent !== ''", WAIT);
            assertThat(text(admin, "#nu-login-error")).isEqualTo("このログイン名は既に使われています。");
            click(admin, "#user-new > summary");

            // 田中 at another PC logs in with it, sees 道路課's session, and makes the password their own
            Page tanaka = openDesk(browser.openIsolated("about:blank"), server);
            logIn(tanaka, "tanaka", first);
            awaitList(tanaka);
            assertThat(text(tanaka, "#view-list")).contains("市道2号線側溝補修工事").doesNotContain("一級河川護岸改修工事");
            assertThat(tanaka.evaluate("document.getElementById('nav-users').hidden")).isEqualTo(true);
            tanaka.evaluate("location.hash = '#/users'");
            awaitView(tanaka, "view-list");
            click(tanaka, "#user-name");
            awaitView(tanaka, "view-account");
            assertThat(text(tanaka, "#account-summary")).contains("tanaka").contains("道路課").contains("監督職員");
            type(tanaka, "#pw-current", first);
            type(tanaka, "#pw-next", "tanaka no password 1");
            type(tanaka, "#pw-again", "tanaka no password 1");
            click(tanaka, "#password-submit");
            tanaka.waitFor("!document.getElementById('password-done').hidden", WAIT);

            // April: 田中 moves to 河川課
            click(admin, "tr[data-login=\"tanaka\"] [data-action=\"edit\"]");
            admin.waitFor("document.getElementById('user-edit-dialog').open", WAIT);
            assertThat(text(admin, "#user-edit-title")).isEqualTo("田中 一郎（tanaka）を編集");
            screenshot(admin, "users-edit");
            Accessibility.check(admin, "users-edit");
            setValue(admin, "#ed-dept", "");
            type(admin, "#ed-dept", "河川課");
            click(admin, "#user-edit-submit");
            admin.waitFor("!document.getElementById('user-edit-dialog').open", WAIT);
            admin.waitFor("document.getElementById('users-status').textContent.includes('ログインは終了')", WAIT);
            admin.waitFor("document.querySelector('tr[data-login=\"tanaka\"]')?.closest('section').querySelector('h2').textContent.startsWith('河川課')", WAIT);
            assertThat(admin.evaluate("document.activeElement.dataset.action")).as("focus returns to the row").isEqualTo("edit");

            // 田中's next step asks for a new login, after which 河川課's sessions are theirs and 道路課's are gone
            click(tanaka, "#nav-list");
            awaitView(tanaka, "view-login");
            assertThat(text(tanaka, "#login-error")).startsWith("このログインは終了しました");
            logIn(tanaka, "tanaka", "tanaka no password 1");
            awaitList(tanaka);
            assertThat(text(tanaka, "#view-list")).contains("一級河川護岸改修工事").doesNotContain("市道2号線側溝補修工事");

            // the last admin cannot make themselves an inspector
            click(admin, "tr[data-login=\"admin\"] [data-action=\"edit\"]");
            admin.waitFor("document.getElementById('user-edit-dialog').open", WAIT);
            setValue(admin, "#ed-role", "INSPECTOR");
            click(admin, "#user-edit-submit");
            admin.waitFor("document.getElementById('user-edit-error').textContent !== ''", WAIT);
            assertThat(text(admin, "#user-edit-error")).startsWith("自分のアカウントから管理者の役割は外せません");
            press(admin, "Escape");
            admin.waitFor("!document.getElementById('user-edit-dialog').open", WAIT);

            // 田中 leaves: disabled after a confirmation that says what ends
            click(admin, "tr[data-login=\"tanaka\"] [data-action=\"disable\"]");
            admin.waitFor("document.getElementById('user-confirm-dialog').open", WAIT);
            assertThat(text(admin, "#user-confirm-title")).isEqualTo("田中 一郎（tanaka）を無効にしますか？");
            assertThat(text(admin, "#user-confirm-text")).contains("開いているログインと参加中の通話はすぐに終了します");
            // the safe answer has the focus: Enter alone does not disable anyone
            assertThat(admin.evaluate("document.activeElement.id")).isEqualTo("user-confirm-cancel");
            screenshot(admin, "users-disable-confirm");
            Accessibility.check(admin, "users-disable-confirm");
            click(admin, "#user-confirm-submit");
            admin.waitFor("!document.getElementById('user-confirm-dialog').open", WAIT);
            admin.waitFor("document.querySelector('tr[data-login=\"tanaka\"]')?.dataset.active === 'false'", WAIT);
            assertThat(text(admin, "tr[data-login=\"tanaka\"]")).contains("無効");

            click(tanaka, "#list-refresh");
            awaitView(tanaka, "view-login");
            assertThat(text(tanaka, "#login-error")).startsWith("このログインは終了しました");
            type(tanaka, "#login-name", "tanaka");
            type(tanaka, "#login-password", "tanaka no password 1");
            press(tanaka, "Enter");
            tanaka.waitFor("document.getElementById('login-error').textContent.startsWith('ログイン名またはパスワードが違います')", WAIT);

            // a forgotten password: a new one is generated and shown once
            click(admin, "tr[data-login=\"tanaka\"] [data-action=\"enable\"]");
            admin.waitFor("document.querySelector('tr[data-login=\"tanaka\"]')?.dataset.active === 'true'", WAIT);
            click(admin, "tr[data-login=\"tanaka\"] [data-action=\"reset\"]");
            admin.waitFor("document.getElementById('user-confirm-dialog').open", WAIT);
            assertThat(text(admin, "#user-confirm-text")).contains("新しいパスワードを生成して設定します");
            click(admin, "#user-confirm-submit");
            awaitView(admin, "users-secret");
            assertThat(text(admin, "#users-secret-text")).isEqualTo("田中 一郎（tanaka）の新しいパスワード");
            String reset = (String) admin.evaluate("document.getElementById('users-secret-value').value");
            assertThat(reset).isNotEqualTo(first).hasSize(19);
            server.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("loginName", "tanaka").put("password", reset), 200);

            assertNoErrorsButRefusedRequests(admin);
            assertNoErrorsButRefusedRequests(tanaka);
        }
    }

    /** A contract of the department with a session whose window is now, scheduled by the admin. */
    static void sessionInDepartment(TestServer server, String adminToken, String no, String department, String name) throws Exception {
        server.call(HttpMethod.POST, "/api/contracts", adminToken, new JsonObject().put("no", no).put("name", name)
                .put("contractor", "株式会社 臨場建設").put("department", department).put("periodStart", "2026-04-01")
                .put("periodEnd", "2027-03-31").put("location", "臨場市本町1丁目"), 201);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        server.call(HttpMethod.POST, "/api/sessions", adminToken, new JsonObject().put("contractNo", no)
                .put("inspectionType", "STAGE_CHECK")
                .put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString()), 201);
    }
}
