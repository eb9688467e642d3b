package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * 指し示し: the inspector points at the site video on his desk and the contractor sees the mark on the
 * same object in the own camera view of the phone, whatever the letterbox of either picture; a click
 * in the black bars points at nothing; with the tools 線, 丸 and 矢印 a drag draws a line, circles a box or
 * draws an arrow there too; 消去 takes the marks away; the keyboard points too.
 */
class PointerBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration MEDIA = Duration.ofSeconds(45);
    static final String ANNOUNCED = "監督員が指し示しています";

    /**
     * Where the picture of a video is drawn (object-fit: contain), computed here from the element's box
     * and the frame's size, not by the page's own code.
     */
    static JsonObject picture(Page page, String selector) {
        return page.evaluateObject("(() => { const v = document.querySelector(" + js(selector) + "); const b = v.getBoundingClientRect();"
                + " const s = Math.min(b.width / v.videoWidth, b.height / v.videoHeight); const w = v.videoWidth * s, h = v.videoHeight * s;"
                + " return {boxLeft: b.left, boxTop: b.top, boxWidth: b.width, boxHeight: b.height,"
                + " left: b.left + (b.width - w) / 2, top: b.top + (b.height - h) / 2, width: w, height: h,"
                + " fit: getComputedStyle(v).objectFit, mirrored: getComputedStyle(v).transform.startsWith('matrix(-1')}; })()");
    }

    /** The screen point of frame point (x, y) in a picture, flipped when the picture is drawn mirrored. */
    static double[] onScreen(JsonObject p, double x, double y) {
        double fx = p.getBoolean("mirrored") ? 1 - x : x;
        return new double[] {p.getDouble("left") + fx * p.getDouble("width"), p.getDouble("top") + y * p.getDouble("height")};
    }

    static void mouse(Page page, String type, double x, double y, int buttons) {
        JsonObject e = new JsonObject().put("type", type).put("x", x).put("y", y).put("buttons", buttons);
        if (!type.equals("mouseMoved")) {
            e.put("button", "left").put("clickCount", 1);
        } else if (buttons != 0) {
            e.put("button", "left");
        }
        page.call("Input.dispatchMouseEvent", e);
    }

    static void clickAt(Page page, double[] xy) {
        mouse(page, "mouseMoved", xy[0], xy[1], 0);
        mouse(page, "mousePressed", xy[0], xy[1], 1);
        mouse(page, "mouseReleased", xy[0], xy[1], 0);
    }

    /** A press at from, a drag through ten steps to to, a release there. */
    static void drag(Page page, double[] from, double[] to) {
        mouse(page, "mouseMoved", from[0], from[1], 0);
        mouse(page, "mousePressed", from[0], from[1], 1);
        for (int i = 1; i <= 10; i++) {
            mouse(page, "mouseMoved", from[0] + (to[0] - from[0]) * i / 10, from[1] + (to[1] - from[1]) * i / 10, 1);
        }
        mouse(page, "mouseReleased", to[0], to[1], 0);
    }

    /** The screen box {left, top, right, bottom} of the first element the selector finds. */
    static JsonObject box(Page page, String selector) {
        return page.evaluateObject("(() => { const b = document.querySelector(" + js(selector) + ").getBoundingClientRect();"
                + " return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; })()");
    }

    /** The two points a circle or an arrow was sent with, as they arrived. */
    static void assertTwoPoints(JsonObject mark, double x0, double y0, double x1, double y1) {
        JsonArray points = mark.getJsonArray("points");
        assertThat(points.size()).as("%s points", mark.getString("shape")).isEqualTo(2);
        assertThat(points.getJsonArray(0).getDouble(0)).isCloseTo(x0, within(0.005));
        assertThat(points.getJsonArray(0).getDouble(1)).isCloseTo(y0, within(0.005));
        assertThat(points.getJsonArray(1).getDouble(0)).isCloseTo(x1, within(0.005));
        assertThat(points.getJsonArray(1).getDouble(1)).isCloseTo(y1, within(0.005));
    }

    static String pressed(Page page, String tool) {
        return String.valueOf(page.evaluate("document.getElementById('pointer-tool-" + tool + "').getAttribute('aria-pressed')"));
    }

    /** The centre of the first mark of the shape the page draws, or null when it draws none. */
    static double[] markCentre(Page page, String shape) {
        JsonObject c = page.evaluateObject("(() => { const m = document.querySelector('.pointer-layer .mark-" + shape + " .mark-dot');"
                + " if (!m) return null; const b = m.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; })()");
        return c == null ? null : new double[] {c.getDouble("x"), c.getDouble("y")};
    }

    static void assertNear(double[] actual, double[] expected, double tolerance, String what) {
        assertThat(actual).as("%s drawn", what).isNotNull();
        assertThat(actual[0]).as("%s x", what).isCloseTo(expected[0], within(tolerance));
        assertThat(actual[1]).as("%s y", what).isCloseTo(expected[1], within(tolerance));
    }

    /** The contractor has joined from the invitation link on a phone and sends the fake camera. */
    /**
     * The inspector points at (30 %, 60 %) once more; the phone has its {@code nth} pointer on screen.
     * A click on the same spot within 500 ms of the last is the second half of a double-click and is
     * not sent, so this one comes later than that by the page's own clock.
     */
    private static void pointAgain(Page desk, Page phone, JsonObject seen, int nth) throws Exception {
        desk.waitFor("performance.now() - window.pointedAt > 600", WAIT);
        clickAt(desk, onScreen(seen, 0.3, 0.6));
        desk.evaluate("window.pointedAt = performance.now(); 'pointed'");
        phone.waitFor("received.length >= " + nth + " && document.querySelector('.pointer-layer .mark-pointer') != null", WAIT);
    }

    static Page contractor(HeadlessChromium browser, String token) {
        return contractor(server, browser, token);
    }

    static Page contractor(TestServer server, HeadlessChromium browser, String token) {
        return contractor(server, browser.open("about:blank"), token);
    }

    /** In a page of its own (e.g. a second phone: a browser profile of its own in the same Chromium). */
    static Page contractor(TestServer server, Page page, String token) {
        UserInput.emulatePhone(page);
        page.navigate(server.url("/join/?test#" + token));
        page.waitFor("!document.getElementById('view-lobby').hidden", WAIT);
        page.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
        click(page, "#join-button");
        page.waitFor("!document.getElementById('view-call').hidden", WAIT);
        page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
        page.waitFor("document.getElementById('self-view').videoWidth > 0", WAIT);
        // every annotation the phone is sent, in order (what arrives, not what is drawn)
        page.evaluate("window.received = []; __rinjo.client.addEventListener('annotation', e => received.push(e.detail)); 'listening'");
        return page;
    }

    /** The inspector at a desk, logged in as admin, in the session's call with the site video playing. */
    static Page inspector(HeadlessChromium browser, String sessionId) {
        return inspector(browser.open("about:blank"), "admin", TestServer.ADMIN_PASSWORD, sessionId);
    }

    static Page inspector(Page page, String login, String password, String sessionId) {
        return inspector(server, page, login, password, sessionId);
    }

    static Page inspector(TestServer server, Page page, String login, String password, String sessionId) {
        // a box taller than the 16:9 picture: black bars above and below it
        page.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1200).put("height", 1000)
                .put("deviceScaleFactor", 1).put("mobile", false));
        page.navigate(server.url("/inspector/?test"));
        page.waitFor("!document.getElementById('view-login').hidden", WAIT);
        type(page, "#login-name", login);
        type(page, "#login-password", password);
        press(page, "Enter");
        page.waitFor("!document.getElementById('view-list').hidden", WAIT);
        page.evaluate("location.hash = " + js("#/call/" + sessionId));
        page.waitFor("!document.getElementById('view-call').hidden && __rinjo.state === 'joined'", WAIT);
        page.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.width >= 320 && v.framesDecoded >= 10))", MEDIA);
        return page;
    }

    @Test
    void theContractorSeesThePointerOnTheSameSpotOfTheOwnViewAndAClickInTheBarsSendsNothing() throws Exception {
        String admin = server.loginAdmin();
        String sessionId = server.scheduleSessionNow(admin, "POINTER-SPOT");
        String token = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-office"))) {
            Page phone = contractor(site, token);
            Page desk = inspector(office, sessionId);
            assertThat(text(desk, "#pointer-hint")).contains("クリックで指し示す").contains("矢印");

            JsonObject seen = picture(desk, "#remote-main video");
            assertThat(seen.getString("fit")).isEqualTo("contain");
            double bar = seen.getDouble("top") - seen.getDouble("boxTop");
            assertThat(bar).as("black bars above and below the picture: %s", seen).isGreaterThan(40.0);
            // a click in the bar above the picture, then one on the picture at (30 %, 60 %) of its frame
            clickAt(desk, new double[] {seen.getDouble("left") + seen.getDouble("width") / 2, seen.getDouble("boxTop") + bar / 2});
            clickAt(desk, onScreen(seen, 0.3, 0.6));
            desk.evaluate("window.pointedAt = performance.now(); 'pointed'");

            phone.waitFor("received.length >= 1", WAIT);
            JsonObject first = phone.evaluateObject("received[0]");
            assertThat(phone.evaluate("received.length")).as("the click in the bar sent nothing").isEqualTo(1);
            assertThat(first.getString("shape")).isEqualTo("pointer");
            JsonArray xy = first.getJsonArray("points").getJsonArray(0);
            assertThat(xy.getDouble(0)).isCloseTo(0.3, within(0.005));
            assertThat(xy.getDouble(1)).isCloseTo(0.6, within(0.005));

            // on the phone: the ring on the same spot of the own view, and said aloud
            phone.waitFor("document.querySelector('.pointer-layer .mark-pointer') != null", WAIT);
            JsonObject own = picture(phone, "#self-view");
            assertThat(own.getString("fit")).isEqualTo("contain");
            double tolerance = 2 + 0.01 * own.getDouble("width");
            assertNear(markCentre(phone, "pointer"), onScreen(own, 0.3, 0.6), tolerance, "the contractor's pointer");
            phone.waitFor("document.getElementById('pointer-announcement').textContent === " + js(ANNOUNCED), WAIT);
            assertThat(phone.evaluate("document.getElementById('pointer-announcement').getAttribute('aria-live')")).isEqualTo("assertive");
            // the inspector sees his own mark where he clicked
            assertNear(markCentre(desk, "pointer"), onScreen(seen, 0.3, 0.6), 2, "the inspector's own pointer");
            screenshot(desk, "pointer-inspector");
            screenshot(phone, "pointer-contractor");
            Accessibility.check(desk, "pointer-inspector");
            Accessibility.check(phone, "pointer-contractor");

            // the front camera's view is mirrored: the mark moves to the same object in the flipped picture
            // (pointed at again first: a pointer fades after 8 s, which the checks above can outlast on a busy machine)
            pointAgain(desk, phone, seen, 2);
            phone.evaluate("document.getElementById('self-view').classList.add('mirrored'); 'flipped'");
            JsonObject flipped = picture(phone, "#self-view");
            assertThat(flipped.getBoolean("mirrored")).isTrue();
            double[] expected = onScreen(flipped, 0.3, 0.6);
            phone.waitFor("(() => { const b = document.querySelector('.pointer-layer .mark-pointer .mark-dot').getBoundingClientRect();"
                    + " return Math.abs(b.left + b.width / 2 - " + expected[0] + ") < " + tolerance + "; })()", WAIT);
            phone.evaluate("document.getElementById('self-view').classList.remove('mirrored'); 'back'");
            // the phone is turned sideways: the own view moves to another place and size, the mark with it
            pointAgain(desk, phone, seen, 3);
            phone.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 844).put("height", 390)
                    .put("deviceScaleFactor", 2).put("mobile", true));
            phone.waitFor("innerWidth === 844", WAIT);
            JsonObject sideways = picture(phone, "#self-view");
            assertThat(sideways.getDouble("boxLeft")).as("the own view moved: %s", sideways).isNotCloseTo(own.getDouble("boxLeft"), within(1.0));
            double[] turned = onScreen(sideways, 0.3, 0.6);
            phone.waitFor("(() => { const b = document.querySelector('.pointer-layer .mark-pointer .mark-dot').getBoundingClientRect();"
                    + " return Math.hypot(b.left + b.width / 2 - " + turned[0] + ", b.top + b.height / 2 - " + turned[1] + ") < "
                    + (2 + 0.01 * sideways.getDouble("width")) + "; })()", WAIT);
            screenshot(phone, "pointer-contractor-sideways");

            // 消去: the marks go on both screens
            click(desk, "#pointer-clear");
            phone.waitFor("received.at(-1).shape === 'clear' && document.querySelectorAll('.pointer-layer .mark').length === 0", WAIT);
            assertThat(desk.evaluate("document.querySelectorAll('.pointer-layer .mark').length")).isEqualTo(0);
            desk.assertNoConsoleErrors();
            phone.assertNoConsoleErrors();
        }
    }

    @Test
    void aDragDrawsALineACircleOrAnArrowByTheToolChosenAndTheKeyboardPointsAndClears() throws Exception {
        String admin = server.loginAdmin();
        String sessionId = server.scheduleSessionNow(admin, "POINTER-LINE");
        String token = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-line-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-line-office"))) {
            Page phone = contractor(site, token);
            Page desk = inspector(office, sessionId);
            assertThat(pressed(desk, "pointer")).as("ポインタ is the tool at first").isEqualTo("true");
            assertThat(text(desk, ".pointer-tools")).contains("ポインタ").contains("線").contains("丸").contains("矢印");

            // 線, then press at (20 %, 20 %), drag through ten steps to (60 %, 40 %), release
            click(desk, "#pointer-tool-line");
            assertThat(pressed(desk, "line")).isEqualTo("true");
            assertThat(pressed(desk, "pointer")).isEqualTo("false");
            assertThat(text(desk, "#pointer-hint")).contains("ドラッグで線を描く");
            // measured after the button was pressed: bringing it into view may have scrolled the page
            JsonObject seen = picture(desk, "#remote-main video");
            drag(desk, onScreen(seen, 0.2, 0.2), onScreen(seen, 0.6, 0.4));
            phone.waitFor("received.length >= 1", WAIT);
            JsonObject line = phone.evaluateObject("received[0]");
            assertThat(line.getString("shape")).isEqualTo("line");
            JsonArray points = line.getJsonArray("points");
            assertThat(points.size()).isBetween(2, 500);
            assertThat(points.getJsonArray(0).getDouble(0)).isCloseTo(0.2, within(0.005));
            assertThat(points.getJsonArray(points.size() - 1).getDouble(0)).isCloseTo(0.6, within(0.005));
            assertThat(points.getJsonArray(points.size() - 1).getDouble(1)).isCloseTo(0.4, within(0.005));
            phone.waitFor("document.querySelector('.pointer-layer .mark-line path') != null", WAIT);
            // the drawn line spans the same part of the own view
            JsonObject own = picture(phone, "#self-view");
            JsonObject drawn = box(phone, ".pointer-layer .mark-line .mark-stroke");
            double tolerance = 2 + 0.01 * own.getDouble("width");
            assertThat(drawn.getDouble("left")).isCloseTo(onScreen(own, 0.2, 0.2)[0], within(tolerance));
            assertThat(drawn.getDouble("right")).isCloseTo(onScreen(own, 0.6, 0.4)[0], within(tolerance));
            assertThat(drawn.getDouble("top")).isCloseTo(onScreen(own, 0.2, 0.2)[1], within(tolerance));
            assertThat(drawn.getDouble("bottom")).isCloseTo(onScreen(own, 0.6, 0.4)[1], within(tolerance));
            phone.waitFor("document.getElementById('pointer-announcement').textContent === " + js(ANNOUNCED), WAIT);

            // 丸, chosen by keyboard: a drag from (30 %, 30 %) to (50 %, 70 %) circles what is inside that box
            desk.evaluate("document.getElementById('pointer-tool-circle').focus(); 'focused'");
            press(desk, "Enter");
            assertThat(pressed(desk, "circle")).isEqualTo("true");
            assertThat(pressed(desk, "line")).isEqualTo("false");
            seen = picture(desk, "#remote-main video");
            drag(desk, onScreen(seen, 0.3, 0.3), onScreen(seen, 0.5, 0.7));
            phone.waitFor("received.length >= 2 && document.querySelector('.pointer-layer .mark-circle') != null", WAIT);
            JsonObject circle = phone.evaluateObject("received[1]");
            assertThat(circle.getString("shape")).isEqualTo("circle");
            assertTwoPoints(circle, 0.3, 0.3, 0.5, 0.7);
            // the ellipse fills the same box of the phone's own view
            JsonObject ring = box(phone, ".pointer-layer .mark-circle .mark-stroke");
            assertThat(ring.getDouble("left")).isCloseTo(onScreen(own, 0.3, 0.3)[0], within(tolerance));
            assertThat(ring.getDouble("top")).isCloseTo(onScreen(own, 0.3, 0.3)[1], within(tolerance));
            assertThat(ring.getDouble("right")).isCloseTo(onScreen(own, 0.5, 0.7)[0], within(tolerance));
            assertThat(ring.getDouble("bottom")).isCloseTo(onScreen(own, 0.5, 0.7)[1], within(tolerance));
            assertThat(desk.evaluate("document.querySelector('.pointer-layer .mark-circle') != null")).as("the inspector's own circle").isEqualTo(true);

            // 矢印: a drag from the tail at (80 %, 80 %) to the head at (60 %, 50 %)
            click(desk, "#pointer-tool-arrow");
            seen = picture(desk, "#remote-main video");
            drag(desk, onScreen(seen, 0.8, 0.8), onScreen(seen, 0.6, 0.5));
            phone.waitFor("received.length >= 3 && document.querySelector('.pointer-layer .mark-arrow') != null", WAIT);
            JsonObject arrow = phone.evaluateObject("received[2]");
            assertThat(arrow.getString("shape")).isEqualTo("arrow");
            assertTwoPoints(arrow, 0.8, 0.8, 0.6, 0.5);
            // on the phone the shaft starts at the tail, and the head — large enough to see there — sits on the head's end
            double[] tail = onScreen(own, 0.8, 0.8);
            double[] tip = onScreen(own, 0.6, 0.5);
            JsonObject shaft = box(phone, ".pointer-layer .mark-arrow .mark-stroke");
            assertThat(shaft.getDouble("right")).isCloseTo(tail[0], within(tolerance));
            assertThat(shaft.getDouble("bottom")).isCloseTo(tail[1], within(tolerance));
            JsonObject head = box(phone, ".pointer-layer .mark-arrow .mark-head");
            assertThat(Math.max(head.getDouble("right") - head.getDouble("left"), head.getDouble("bottom") - head.getDouble("top")))
                    .as("the arrowhead's size on the phone: %s", head).isGreaterThanOrEqualTo(12.0);
            assertThat(tip[0]).as("the head's end in the head: %s", head).isBetween(head.getDouble("left") - tolerance, head.getDouble("right") + tolerance);
            assertThat(tip[1]).as("the head's end in the head: %s", head).isBetween(head.getDouble("top") - tolerance, head.getDouble("bottom") + tolerance);
            double[] headCentre = {(head.getDouble("left") + head.getDouble("right")) / 2, (head.getDouble("top") + head.getDouble("bottom")) / 2};
            assertThat(Math.hypot(headCentre[0] - tip[0], headCentre[1] - tip[1])).as("the head points the way it was drawn")
                    .isLessThan(Math.hypot(headCentre[0] - tail[0], headCentre[1] - tail[1]) / 2);
            screenshot(desk, "pointer-inspector-shapes");
            screenshot(phone, "pointer-contractor-shapes");

            // with 矢印 still chosen, a click without a drag points
            clickAt(desk, onScreen(seen, 0.4, 0.4));
            phone.waitFor("received.length >= 4", WAIT);
            JsonObject clicked = phone.evaluateObject("received[3]");
            assertThat(clicked.getString("shape")).isEqualTo("pointer");
            assertThat(clicked.getJsonArray("points").getJsonArray(0).getDouble(0)).isCloseTo(0.4, within(0.005));

            // by keyboard: Shift+Tab from 全画面 reaches the video area, which shows its cursor in the middle;
            // three steps right, one down, Enter: the pointer, whatever the tool
            desk.evaluate("document.getElementById('btn-fullscreen').focus(); 'focused'");
            press(desk, "Tab", true);
            assertThat(desk.evaluate("document.activeElement.id")).isEqualTo("remote-main");
            assertThat(desk.evaluate("document.querySelector('.pointer-layer .pointer-cursor') != null")).isEqualTo(true);
            for (int i = 0; i < 3; i++) {
                press(desk, "ArrowRight");
            }
            press(desk, "ArrowDown");
            press(desk, "Enter");
            phone.waitFor("received.length >= 5", WAIT);
            JsonObject keyed = phone.evaluateObject("received[4]");
            assertThat(keyed.getString("shape")).isEqualTo("pointer");
            assertThat(keyed.getJsonArray("points").getJsonArray(0).getDouble(0)).isCloseTo(0.56, within(0.001));
            assertThat(keyed.getJsonArray("points").getJsonArray(0).getDouble(1)).isCloseTo(0.52, within(0.001));
            screenshot(desk, "pointer-inspector-keyboard");
            Accessibility.check(desk, "pointer-inspector-tools");
            // Escape clears everything
            press(desk, "Escape");
            phone.waitFor("received.length >= 6 && received[5].shape === 'clear'"
                    + " && document.querySelectorAll('.pointer-layer .mark').length === 0", WAIT);
            assertThat(pressed(desk, "arrow")).as("the tool is kept").isEqualTo("true");
            desk.assertNoConsoleErrors();
            phone.assertNoConsoleErrors();
        }
    }

    @Test
    void anotherInspectorInTheCallSeesTheMarksOnTheSameSpotOfHisView() throws Exception {
        String admin = server.loginAdmin();
        String department = server.call(io.vertx.core.http.HttpMethod.GET, "/api/auth/me", admin, null, 200)
                .getString("department");
        server.call(io.vertx.core.http.HttpMethod.POST, "/api/users", admin, new JsonObject().put("loginName", "pointer-colleague")
                .put("displayName", "監督 田中").put("department", department).put("role", "INSPECTOR")
                .put("password", "pointer colleague 2026"), 201);
        String sessionId = server.scheduleSessionNow(admin, "POINTER-TWO");
        String token = server.invite(admin, sessionId, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-two-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-two-office"))) {
            Page phone = contractor(site, token);
            Page desk = inspector(office, sessionId);
            // the colleague watches from another desk (a browser profile of his own), in a narrower window
            Page colleague = office.openIsolated("about:blank");
            Page other = inspector(colleague, "pointer-colleague", "pointer colleague 2026", sessionId);
            other.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1000).put("height", 700)
                    .put("deviceScaleFactor", 1).put("mobile", false));

            clickAt(desk, onScreen(picture(desk, "#remote-main video"), 0.7, 0.25));
            phone.waitFor("received.length >= 1", WAIT);
            other.waitFor("document.querySelector('.pointer-layer .mark-pointer') != null", WAIT);
            JsonObject seen = picture(other, "#remote-main video");
            assertNear(markCentre(other, "pointer"), onScreen(seen, 0.7, 0.25), 2, "the colleague's view of the pointer");
            click(desk, "#pointer-clear");
            other.waitFor("document.querySelectorAll('.pointer-layer .mark').length === 0", WAIT);
            other.assertNoConsoleErrors();
            desk.assertNoConsoleErrors();
        }
    }

    @Test
    void theMappingGoesThroughTheLetterboxAndTheMirror() {
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("pointer-geometry"))) {
            Page page = browser.open(server.url("/join/"));
            JsonObject r = page.evaluateObject("(async () => { const g = await import('/js/pointer-geometry.js');"
                    // a 1280×720 frame in a 1000×1000 box: drawn 1000×562.5, bars of 218.75 above and below
                    + " const box = {left: 100, top: 50, width: 1000, height: 1000};"
                    + " const inBar = g.toFrame(600, 100, box, 1280, 720);"
                    + " const centre = g.toFrame(600, 550, box, 1280, 720);"
                    + " const corner = g.toFrame(100, 268.75, box, 1280, 720);"
                    + " const mirrored = g.toFrame(350, 550, box, 1280, 720, true);"
                    + " const back = g.fromFrame([0.25, 0.5], box, 1280, 720, true);"
                    + " const noFrame = g.toFrame(600, 550, box, 0, 0);"
                    // a portrait frame in a landscape box: bars left and right
                    + " const pillar = g.toFrame(120, 550, box, 720, 1280);"
                    + " const many = Array.from({length: 1234}, (_, i) => [i / 1233, 0.5]);"
                    + " const d = g.decimate(many, 500);"
                    + " return {inBar, centre, corner, mirrored, back, noFrame, pillar, n: d.length, first: d[0], last: d.at(-1),"
                    + "  nudged: g.nudge([0.99, 0.01], 0.02, -0.02)}; })()");
            assertThat(r.getValue("inBar")).isNull();
            assertThat(r.getJsonArray("centre")).isEqualTo(new JsonArray().add(0.5).add(0.5));
            assertThat(r.getJsonArray("corner")).isEqualTo(new JsonArray().add(0).add(0));
            assertThat(r.getJsonArray("mirrored")).isEqualTo(new JsonArray().add(0.75).add(0.5));
            assertThat(r.getJsonObject("back").getDouble("x")).isCloseTo(850.0, within(1e-9));
            assertThat(r.getJsonObject("back").getDouble("y")).isCloseTo(550.0, within(1e-9));
            assertThat(r.getValue("noFrame")).isNull();
            assertThat(r.getValue("pillar")).isNull();
            assertThat(r.getInteger("n")).isEqualTo(500);
            assertThat(r.getJsonArray("first").getDouble(0)).isEqualTo(0.0);
            assertThat(r.getJsonArray("last").getDouble(0)).isEqualTo(1.0);
            assertThat(r.getJsonArray("nudged")).isEqualTo(new JsonArray().add(1).add(0));
        }
    }
}
