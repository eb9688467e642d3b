package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The inspector's desk at a desktop screen: the site video as large as the screen allows, full
 * screen by button or double-click.
 */
class InspectorDeskBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The inspector page at a 1920×1080 desk screen, logged in as admin, on the list. */
    static Page desk(HeadlessChromium browser) {
        Page page = browser.open("about:blank");
        page.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1920).put("height", 1080)
                .put("deviceScaleFactor", 1).put("mobile", false));
        page.navigate(server.url("/inspector/?test"));
        page.waitFor("!document.getElementById('view-login').hidden", WAIT);
        type(page, "#login-name", "admin");
        type(page, "#login-password", TestServer.ADMIN_PASSWORD);
        press(page, "Enter");
        page.waitFor("!document.getElementById('view-list').hidden", WAIT);
        return page;
    }

    static void go(Page page, String hash, String view) {
        page.evaluate("location.hash = " + js(hash));
        page.waitFor("!document.getElementById(" + js(view) + ").hidden", WAIT);
    }

    /** Double-clicks the element's centre with the mouse, as a person does. */
    static void doubleClick(Page page, String selector) {
        JsonObject r = page.evaluateObject("(() => { const b = document.querySelector(" + js(selector) + ").getBoundingClientRect();"
                + " return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()");
        for (int count = 1; count <= 2; count++) {
            for (String type : new String[] {"mousePressed", "mouseReleased"}) {
                page.call("Input.dispatchMouseEvent", new JsonObject().put("type", type).put("x", r.getDouble("x"))
                        .put("y", r.getDouble("y")).put("button", "left").put("clickCount", count));
            }
        }
    }

    @Test
    void theSiteVideoFillsTheDeskScreenAndGoesFullScreenByButtonOrDoubleClick() throws Exception {
        SfuBrowserTest.Session s = SfuBrowserTest.session(server, "DESK-VIDEO");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("desk-contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("desk-office"))) {
            SfuBrowserTest.publisher(site, s); // 1280×720, landscape
            Page inspector = desk(office);
            go(inspector, "#/call/" + s.sessionId(), "view-call");
            inspector.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.width >= 640 && v.framesDecoded >= 10))", SfuBrowserTest.DECODE);

            // the picture as drawn (object-fit: contain inside the video's box) uses the width of the screen
            // and the height left under the header and above the controls: a portrait phone's picture is as
            // tall as that box
            String picture = "(() => { const v = document.querySelector('#remote-main video'); const b = v.getBoundingClientRect();"
                    + " const scale = Math.min(b.width / v.videoWidth, b.height / v.videoHeight);"
                    + " const c = document.querySelector('.controls').getBoundingClientRect();"
                    + " return {width: v.videoWidth * scale, boxHeight: b.height, fit: getComputedStyle(v).objectFit,"
                    + " bottom: b.bottom, controlsTop: c.top}; })()";
            JsonObject shown = inspector.evaluateObject(picture);
            assertThat(shown.getDouble("width")).as("drawn width of a 16:9 picture at 1920×1080: %s", shown).isGreaterThanOrEqualTo(1200.0);
            assertThat(shown.getDouble("boxHeight")).as("height a portrait picture gets: %s", shown).isGreaterThanOrEqualTo(700.0);
            assertThat(shown.getString("fit")).isEqualTo("contain");
            assertThat(shown.getDouble("bottom")).as("the controls stay on screen: %s", shown).isLessThanOrEqualTo(shown.getDouble("controlsTop"));
            screenshot(inspector, "inspector-call-desk");
            Accessibility.check(inspector, "inspector-call-desk");

            // 全画面 by the button, which then says how to leave; back by pressing it again
            assertThat(UserInput.text(inspector, "#btn-fullscreen")).isEqualTo("全画面");
            click(inspector, "#btn-fullscreen");
            inspector.waitFor("document.fullscreenElement?.id === 'remote-main'", WAIT);
            inspector.waitFor("document.getElementById('btn-fullscreen').textContent === '全画面を終了'", WAIT);
            click(inspector, "#btn-fullscreen");
            inspector.waitFor("document.fullscreenElement === null", WAIT);
            // by keyboard
            inspector.evaluate("document.getElementById('btn-fullscreen').focus(); 'focused'");
            press(inspector, "Enter");
            inspector.waitFor("document.fullscreenElement?.id === 'remote-main'", WAIT);
            press(inspector, " ");
            inspector.waitFor("document.fullscreenElement === null", WAIT);
            // double-click on the picture toggles it too
            doubleClick(inspector, "#remote-main video");
            inspector.waitFor("document.fullscreenElement?.id === 'remote-main'", WAIT);
            doubleClick(inspector, "#remote-main video");
            inspector.waitFor("document.fullscreenElement === null && document.getElementById('btn-fullscreen').textContent === '全画面'", WAIT);
            inspector.assertNoConsoleErrors();
        }
    }
}
