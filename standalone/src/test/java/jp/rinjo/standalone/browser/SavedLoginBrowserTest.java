package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Staff at a municipal PC reload a page (F5) and stay logged in; a login ended elsewhere (logged
 * out from another tab, revoked) brings the login form back on the next load instead of a page of
 * errors. The same on the inspector's desk and the archive, which share the saved login.
 */
class SavedLoginBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;

    @Test
    void aReloadKeepsTheLoginAndAnEndedLoginShowsTheFormAgain() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("saved-login"))) {
            for (String[] page : new String[][] {{"/inspector/", "view-list"}, {"/archive/", "view-search"}}) {
                Page p = office.open(server.url(page[0]));
                String view = "!document.getElementById('" + page[1] + "').hidden";
                p.waitFor("!document.getElementById('view-login').hidden", WAIT);
                type(p, "#login-name", "admin");
                type(p, "#login-password", TestServer.ADMIN_PASSWORD);
                press(p, "Enter");
                p.waitFor(view, WAIT);
                String user = text(p, "#user-name");
                assertThat(user).as(page[0] + " shows who is logged in").isNotBlank();

                p.navigate(server.url(page[0]));
                p.waitFor(view + " && document.getElementById('user-name').textContent !== ''", WAIT);
                assertThat(text(p, "#user-name")).as(page[0] + " after a reload").isEqualTo(user);

                String token = (String) p.evaluate("JSON.parse(sessionStorage.getItem('rinjo.auth')).token");
                server.call(HttpMethod.POST, "/api/auth/logout", token, new JsonObject(), 204);
                p.navigate(server.url(page[0]));
                p.waitFor("!document.getElementById('view-login').hidden", WAIT);
                assertThat(p.evaluate("document.getElementById('" + page[1] + "').hidden")).isEqualTo(true);
                assertThat(p.evaluate("document.getElementById('logout').hidden")).isEqualTo(true);
                assertThat(p.evaluate("sessionStorage.getItem('rinjo.auth')")).as("the ended login is forgotten").isNull();
                p.close();
            }
        }
    }
}
