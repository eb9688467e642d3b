package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A clerk who starts typing before the archive's lists (departments, inspectors) have loaded keeps
 * what they typed: the lists' request is held back by DevTools until the words are in the field, as
 * on a slow municipal network, then released.
 */
class ArchiveSearchFormBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dir;

    @Test
    void wordsTypedWhileTheListsLoadAreNotWipedWhenTheyArrive() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("archive-form"))) {
            Page archive = office.open(server.url("/archive/"));
            archive.waitFor("!document.getElementById('view-login').hidden", WAIT);
            CompletableFuture<String> held = new CompletableFuture<>();
            archive.onEvent((method, params) -> {
                if (method.equals("Fetch.requestPaused")) {
                    held.complete(params.getString("requestId"));
                }
            });
            archive.call("Fetch.enable", new JsonObject().put("patterns", new JsonArray()
                    .add(new JsonObject().put("urlPattern", "*/api/archive/facets*").put("requestStage", "Request"))));
            type(archive, "#login-name", "admin");
            type(archive, "#login-password", TestServer.ADMIN_PASSWORD);
            press(archive, "Enter");
            String request = held.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the search view asked for its lists
            archive.waitFor("!document.getElementById('view-search').hidden", WAIT);
            type(archive, "#f-q", "舗装補修");
            archive.call("Fetch.continueRequest", new JsonObject().put("requestId", request));
            archive.waitFor("document.getElementById('f-department').options.length > 0"
                    + " && document.getElementById('search-status').textContent !== ''", WAIT);
            assertThat(archive.evaluate("document.getElementById('f-q').value")).isEqualTo("舗装補修");
            Accessibility.check(archive, "archive-search-form");
            archive.assertNoConsoleErrors();
        }
    }
}
