package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A page whose scripts cannot run does not show 読み込み中… for ever. A browser without JavaScript
 * modules (Internet Explorer, Edge before 16 on a municipal PC) is told, in Japanese and English, to
 * use a recent Chrome, Edge or Safari, and contractors to open the link in the phone's own browser.
 * A page whose module does not load (blocked, not parsable here, never arriving) says so and offers
 * 再読み込み, which brings the page once the module loads. In a browser with modules none of this shows.
 */
class PageLoadBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** page-load-watch.js gives a module 20 s (the stalled page here: 3 s); this is how long a test waits for it to give up. */
    static final Duration GIVE_UP = Duration.ofSeconds(45);
    /** The pages built by a module, and the view each shows once it runs (the join link here is malformed). */
    static final Map<String, String> PAGES = Map.of("/inspector/", "view-login", "/archive/", "view-login", "/join/#not-a-token", "view-error");
    static final String PROBLEM = "document.querySelector('#view-loading .boot-problem')";

    static String shown(String view) {
        return "!document.getElementById('" + view + "').hidden";
    }

    @Test
    void aBrowserWithModulesNeitherFetchesNorRunsTheNomoduleScript() {
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("page-load-modern"))) {
            for (String url : new String[] {"/", "/inspector/", "/archive/", "/join/#not-a-token"}) {
                Page p = office.open(server.url(url));
                assertThat(p.evaluate("document.querySelector('script[nomodule]').getAttribute('src')")).as(url)
                        .isEqualTo("/js/unsupported-browser.js");
                if (PAGES.containsKey(url)) {
                    p.waitFor(shown(PAGES.get(url)), WAIT);
                    assertThat(p.evaluate("document.documentElement.hasAttribute('data-started')")).as(url).isEqualTo(true);
                } else {
                    p.waitFor("document.documentElement.lang === 'ja' && document.querySelector('h1').textContent === '臨場 Rinjo'", WAIT);
                }
                assertThat(p.evaluate("document.querySelectorAll('.boot-problem').length")).as(url).isEqualTo(0);
                assertThat(p.evaluate("performance.getEntriesByType('resource').some(e => e.name.includes('unsupported-browser'))"))
                        .as(url + " fetched the nomodule script").isEqualTo(false);
                p.assertNoConsoleErrors();
                p.close();
            }
        }
    }

    @Test
    void aBrowserWithoutModulesIsToldToUseARecentOne() throws Exception {
        try (HeadlessChromium old = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("page-load-old"))) {
            for (String url : new String[] {"/join/#not-a-token", "/inspector/", "/archive/", "/"}) {
                Page p = old.open("about:blank");
                // what such a browser does with the page: skips the module (an unknown script type), runs the nomodule
                // script as a classic one, and has no HTMLScriptElement.noModule
                p.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject()
                        .put("source", "delete HTMLScriptElement.prototype.noModule;"));
                BlockingQueue<JsonObject> held = hold(p, "Response", "*" + url.replaceFirst("#.*", ""));
                // Page.navigate answers once the document's response is in, which is held here until rewritten
                CompletableFuture<JsonObject> navigated = CompletableFuture.supplyAsync(
                        () -> p.call("Page.navigate", new JsonObject().put("url", server.url(url))));
                JsonObject response = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(response).as(url + " requested").isNotNull();
                JsonObject body = p.call("Fetch.getResponseBody", new JsonObject().put("requestId", response.getString("requestId")));
                String html = body.getBoolean("base64Encoded") ? new String(Base64.getDecoder().decode(body.getString("body")),
                        StandardCharsets.UTF_8) : body.getString("body");
                assertThat(html).contains("<script nomodule");
                String old1999 = html.replaceAll("<script type=\"module\"[^>]*></script>", "").replace("<script nomodule", "<script");
                p.call("Fetch.fulfillRequest", new JsonObject().put("requestId", response.getString("requestId")).put("responseCode", 200)
                        .put("responseHeaders", new JsonArray().add(new JsonObject().put("name", "Content-Type").put("value", "text/html; charset=utf-8")))
                        .put("body", Base64.getEncoder().encodeToString(old1999.getBytes(StandardCharsets.UTF_8))));

                navigated.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                String where = url.equals("/") ? "#main" : "#view-loading";
                p.waitFor("document.querySelector('" + where + " > .boot-problem') !== null", WAIT);
                String message = text(p, ".boot-problem");
                assertThat(message).as(url).contains("このブラウザーでは臨場を使えません")
                        .contains("最新の Google Chrome、Microsoft Edge、Safari").contains("スマートフォンの標準のブラウザー")
                        .contains("This browser cannot be used for Rinjo").contains("phone's standard browser");
                assertThat(message.indexOf("このブラウザー")).as("Japanese first").isLessThan(message.indexOf("This browser"));
                if (!url.equals("/")) {
                    assertThat(text(p, "#view-loading")).as(url).doesNotContain("読み込み中");
                }
                assertThat(p.evaluate("document.querySelectorAll('h1').length - document.querySelectorAll('[hidden] h1').length"))
                        .as(url + ": one title").isEqualTo(1);
                assertThat(p.evaluate("document.getElementById('lang-toggle').getClientRects().length")).as("the module's language switch")
                        .isEqualTo(0);
                UserInput.screenshot(p, "page-load-unsupported-" + url.replaceAll("[^a-z]", ""));
                p.close();
            }
        }
    }

    @Test
    void aModuleThatCannotBeLoadedIsSaidAndReloadBringsThePageOnceItCan() {
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("page-load-blocked"))) {
            for (Map.Entry<String, String> page : PAGES.entrySet()) {
                Page p = office.open("about:blank");
                p.call("Network.enable", new JsonObject());
                // a proxy or a security setting that stops one of the page's scripts: the module graph fails
                p.call("Network.setBlockedURLs", new JsonObject().put("urls", new JsonArray().add("*/js/dom.js")));
                p.navigate(server.url(page.getKey()));
                p.waitFor(PROBLEM + " !== null", WAIT);
                assertThat(p.evaluate(PROBLEM + ".dataset.why")).as(page.getKey()).isEqualTo("load");
                assertThat(text(p, "#view-loading")).as(page.getKey()).doesNotContain("読み込み中").contains("ページを読み込めませんでした")
                        .contains("The page could not be loaded");
                assertThat(text(p, ".boot-reload")).isEqualTo("再読み込み / Reload");
                assertThat(p.evaluate("document.getElementById('lang-toggle').getClientRects().length")).as("the module's language switch")
                        .isEqualTo(0);
                Accessibility.check(p, "page-load-blocked");
                UserInput.screenshot(p, "page-load-blocked-" + page.getKey().replaceAll("[^a-z]", ""));

                p.call("Network.setBlockedURLs", new JsonObject().put("urls", new JsonArray()));
                click(p, ".boot-reload");
                p.waitFor(shown(page.getValue()), WAIT);
                assertThat(p.evaluate("document.querySelectorAll('.boot-problem').length")).isEqualTo(0);
                assertThat(p.evaluate("document.getElementById('lang-toggle').getClientRects().length")).isEqualTo(1);
                p.close();
            }
        }
    }

    @Test
    void aModuleThatDoesNotParseIsSaidAndOneThatNeverArrivesIsGivenUpUntilItComes() throws Exception {
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("page-load-stalled"))) {
            // a browser too old for the modules' syntax: a module that does not parse here
            Page broken = office.open("about:blank");
            BlockingQueue<JsonObject> time = hold(broken, "Request", "*/js/time.js");
            broken.call("Page.navigate", new JsonObject().put("url", server.url("/archive/")));
            JsonObject timeRequest = time.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(timeRequest).isNotNull();
            broken.call("Fetch.fulfillRequest", new JsonObject().put("requestId", timeRequest.getString("requestId")).put("responseCode", 200)
                    .put("responseHeaders", new JsonArray().add(new JsonObject().put("name", "Content-Type").put("value", "text/javascript")))
                    .put("body", Base64.getEncoder().encodeToString("export const broken = ;".getBytes(StandardCharsets.UTF_8))));
            broken.waitFor(PROBLEM + "?.dataset.why === 'error'", WAIT);
            assertThat(text(broken, "#view-loading")).contains("ページを読み込めませんでした").contains("最新の Google Chrome");

            // a working page next to it, to show that the watch leaves a page alone once its module runs
            Page working = office.open(server.url("/inspector/"));
            working.waitFor(shown("view-login"), WAIT);

            // a script that never arrives (the connection hangs): given up (after 20 s, here 3 s); when it comes after all, the page goes on
            Page stalled = office.open("about:blank");
            stalled.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source", "window.__rinjoLoadTimeoutMs = 3000;"));
            BlockingQueue<JsonObject> api = hold(stalled, "Request", "*/js/api.js");
            stalled.call("Page.navigate", new JsonObject().put("url", server.url("/inspector/")));
            JsonObject apiRequest = api.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(apiRequest).isNotNull();
            assertThat(text(stalled, "#view-loading")).contains("読み込み中");
            stalled.waitFor(PROBLEM + "?.dataset.why === 'timeout'", GIVE_UP);
            assertThat(text(stalled, "#view-loading")).doesNotContain("読み込み中").contains("再読み込み");
            stalled.call("Fetch.continueRequest", new JsonObject().put("requestId", apiRequest.getString("requestId")));
            stalled.waitFor(shown("view-login"), WAIT);
            assertThat(stalled.evaluate("document.querySelectorAll('.boot-problem').length")).isEqualTo(0);
            assertThat(text(stalled, "#view-loading")).as("the loading text is back, hidden").contains("読み込み中");

            assertThat(working.evaluate("document.querySelectorAll('.boot-problem').length")).as("a page that started").isEqualTo(0);
            assertThat(text(working, "#view-loading")).contains("読み込み中");
            working.assertNoConsoleErrors();
        }
    }

    /** Holds the page's requests to the URL pattern at the stage given (DevTools Fetch); returns the queue of held requests. */
    static BlockingQueue<JsonObject> hold(Page page, String stage, String urlPattern) {
        BlockingQueue<JsonObject> held = new LinkedBlockingQueue<>();
        page.onEvent((method, params) -> {
            if (method.equals("Fetch.requestPaused")) {
                held.add(params);
            }
        });
        page.call("Fetch.enable", new JsonObject().put("patterns", new JsonArray()
                .add(new JsonObject().put("urlPattern", urlPattern).put("requestStage", stage))));
        return held;
    }
}
