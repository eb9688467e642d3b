package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.setValue;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The inspector's desk at a desktop screen: the site video as large as the screen allows, full
 * screen by button or double-click; a night window (夜間工事) booked across midnight; the English
 * switch on the session, the call and the end screen leaves no Japanese but what people typed; a
 * microphone or camera that stops during the call is said at once and opened again into the call; a
 * call opened again in another tab takes over, and the first tab lets go of its microphone and camera.
 */
class InspectorDeskBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** The inspector page at a 1920×1080 desk screen, logged in as admin, on the list. */
    static Page desk(HeadlessChromium browser) {
        return desk(browser, false);
    }

    /** exclusiveCamera: with {@link ExclusiveCameraFake}, as a camera on Windows is. */
    static Page desk(HeadlessChromium browser, boolean exclusiveCamera) {
        Page page = browser.open("about:blank");
        if (exclusiveCamera) {
            ExclusiveCameraFake.install(page, "");
        }
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

    /** 2026年11月27日(金), as the pages write a date */
    static String japaneseDate(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日(" + "月火水木金土日".charAt(d.getDayOfWeek().getValue() - 1) + ")";
    }

    @Test
    void aNightWindowThatCrossesMidnightIsBookedFromTheFormWithTheEndOnTheNextDay() throws Exception {
        String admin = server.loginAdmin();
        server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", "DESK-NIGHT").put("name", "国道8号 夜間舗装工事")
                .put("contractor", "臨場道路").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31").put("location", "臨場市"), 201);
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("desk-night"))) {
            Page page = desk(office);
            go(page, "#/new", "view-new");
            page.waitFor("document.getElementById('contract-status').textContent !== ''", WAIT);
            type(page, "#contract-q", "DESK-NIGHT");
            click(page, "#contract-search");
            String choice = "#contract-results input[value='DESK-NIGHT']";
            page.waitFor("document.querySelector(" + js(choice) + ") != null", WAIT);
            click(page, choice);
            type(page, "#invitees .iv-name", "現場代理人 夜勤");
            LocalDate day = LocalDate.now(JST).plusDays(1);
            setValue(page, "#s-date", day.toString());

            // a start that leaves no sensible end moves the end an hour on: past midnight, not stopped at 23:59
            setValue(page, "#s-end", "23:30");
            setValue(page, "#s-start", "23:30");
            assertThat(page.evaluate("document.getElementById('s-end').value")).isEqualTo("00:30");
            UserInput.awaitVisible(page, "#s-end-next-day");
            assertThat(text(page, "#s-end-next-day")).isEqualTo("翌日");

            // longer than the 12 hours a session may last: said plainly, nothing is booked
            setValue(page, "#s-start", "22:00");
            setValue(page, "#s-end", "11:00");
            click(page, "#schedule-submit");
            page.waitFor("document.getElementById('schedule-error').textContent !== ''", WAIT);
            assertThat(text(page, "#schedule-error")).contains("12時間");
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("s-end");

            // 22:00–翌03:00
            setValue(page, "#s-end", "03:00");
            assertThat(text(page, "#s-end-next-day")).isEqualTo("翌日");
            UserInput.fullPageScreenshot(page, "inspector-schedule-night");
            Accessibility.check(page, "inspector-schedule-night");
            click(page, "#schedule-submit");
            page.waitFor("!document.getElementById('view-session').hidden && document.getElementById('session-summary').textContent !== ''", WAIT);
            assertThat(text(page, "#session-summary"))
                    .contains(japaneseDate(day) + " 22:00 – " + japaneseDate(day.plusDays(1)) + " 03:00 JST");
            String sessionId = (String) page.evaluate("decodeURIComponent(location.hash.split('/')[2])");
            JsonObject session = server.call(HttpMethod.GET, "/api/sessions/" + sessionId, admin, null, 200);
            assertThat(Instant.parse(session.getJsonObject("windowStart").getString("utc"))).isEqualTo(day.atTime(22, 0).atZone(JST).toInstant());
            assertThat(Instant.parse(session.getJsonObject("windowEnd").getString("utc")))
                    .isEqualTo(day.plusDays(1).atTime(3, 0).atZone(JST).toInstant());
            page.assertNoConsoleErrors();
        }
    }

    /**
     * Japanese left in what the page shows in its main area (its visible text, and the alt texts and
     * accessible names of its elements), once the given user data (names people typed) is taken out.
     */
    static String japaneseIn(Page page, String selector, List<String> userData) {
        return (String) page.evaluate("(() => { const root = document.querySelector(" + js(selector) + ");"
                + " let text = root.innerText;"
                + " for (const el of root.querySelectorAll('[alt], [aria-label]')) {"
                + "   text += '\\n' + (el.getAttribute('alt') ?? '') + ' ' + (el.getAttribute('aria-label') ?? ''); }"
                + " for (const u of " + new JsonArray(userData).encode() + ") { text = text.split(u).join(' '); }"
                + " return (text.match(/[\\u3040-\\u30ff\\u4e00-\\u9fff]+/g) ?? []).join(' '); })()");
    }

    @Test
    void theEnglishSwitchTranslatesTheSessionTheCallAndTheEndScreenWhateverWasShownBefore() throws Exception {
        String admin = server.loginAdmin();
        List<String> typed = List.of("臨場川護岸工事", "臨場建設", "川端町", "管理者", "現場代理人 佐藤", "護岸の目地を補修すること");
        server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", "DESK-EN").put("name", typed.get(0))
                .put("contractor", typed.get(1)).put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31").put("location", "臨場市"), 201);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String sessionId = server.call(HttpMethod.POST, "/api/sessions", admin, new JsonObject().put("contractNo", "DESK-EN")
                .put("inspectionType", "MATERIAL_CHECK").put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString()).put("place", typed.get(2)), 201)
                .getString("id");
        server.invite(admin, sessionId, "CONTRACTOR", typed.get(4));
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("desk-english"))) {
            Page page = desk(office);

            // the session with its invitation, shown in Japanese, then switched
            go(page, "#/session/" + sessionId, "view-session");
            page.waitFor("(() => { const q = document.querySelector('img.qr'); return q && q.complete && q.naturalWidth > 0; })()", WAIT);
            assertThat(japaneseIn(page, "#view-session", typed)).isNotEmpty();
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(japaneseIn(page, "#view-session", typed)).as("Japanese left on the session view").isEmpty();
            assertThat(text(page, "#session-title")).isEqualTo(typed.get(0) + " — Material check");
            screenshot(page, "inspector-invitation-en");
            Accessibility.check(page, "inspector-invitation-en");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);
            assertThat(text(page, "#session-title")).isEqualTo(typed.get(0) + " — 材料確認");

            // the call, joined in Japanese, then switched
            go(page, "#/call/" + sessionId, "view-call");
            page.waitFor("__rinjo.state === 'joined' && document.getElementById('participants').textContent !== ''", WAIT);
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(japaneseIn(page, "#view-call", typed)).as("Japanese left on the call view").isEmpty();
            assertThat(text(page, "#call-title")).isEqualTo(typed.get(0) + " — Material check");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'ja'", WAIT);

            // ended with instructions in Japanese, then switched
            click(page, "#btn-end");
            UserInput.awaitVisible(page, "#end-dialog");
            click(page, "#end-form input[value=INSTRUCTION]");
            type(page, "#end-note", typed.get(5));
            click(page, "#end-submit");
            page.waitFor("!document.getElementById('view-ended').hidden", WAIT);
            assertThat(text(page, "#ended-result")).isEqualTo("結果: 指示事項");
            click(page, "#lang-toggle");
            page.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(page, "#ended-result")).isEqualTo("Result: Instructions");
            assertThat(japaneseIn(page, "#view-ended", typed)).as("Japanese left on the end screen").isEmpty();
            screenshot(page, "inspector-ended-en");
            Accessibility.check(page, "inspector-ended-en");
            page.assertNoConsoleErrors();
        }
    }

    /**
     * The device goes away (a USB headset unplugged): the browser ends the track. Chrome's
     * track.stop() fires no 'ended' (only the device going away does), so the test stops the track
     * and sends the event the browser would.
     */
    static void unplug(Page page, String kind) {
        assertThat(page.evaluate("(() => { const t = __rinjo.client.localStream.get" + kind + "Tracks()[0]; t.stop();"
                + " t.dispatchEvent(new Event('ended')); return t.readyState; })()")).isEqualTo("ended");
    }

    @Test
    void aMicrophoneOrCameraThatStopsDuringTheCallIsSaidAtOnceAndOpenedAgainIntoTheCall() throws Exception {
        SfuBrowserTest.Session s = SfuBrowserTest.session(server, "DESK-DEVICE");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("device-contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("device-office"))) {
            Page contractor = SfuBrowserTest.publisher(site, s);
            Page inspector = desk(office);
            go(inspector, "#/call/" + s.sessionId(), "view-call");
            inspector.waitFor("__rinjo.state === 'joined' && __rinjo.client.localStream?.getAudioTracks()[0]?.readyState === 'live'", WAIT);
            contractor.waitFor("rinjo.audioIn().then(n => n >= 50)", SfuBrowserTest.DECODE);

            // muted, then the headset is unplugged
            click(inspector, "#btn-mic");
            unplug(inspector, "Audio");
            UserInput.awaitVisible(inspector, "#device-warning");
            assertThat(text(inspector, "#device-warning-text")).contains("マイクが使えなくなりました");
            assertThat(text(inspector, "#device-reopen")).isEqualTo("マイクを再開");
            screenshot(inspector, "inspector-mic-lost");
            Accessibility.check(inspector, "inspector-mic-lost");
            click(inspector, "#device-reopen");
            inspector.waitFor("document.getElementById('device-warning').hidden"
                    + " && __rinjo.client.localStream.getAudioTracks().length === 1"
                    + " && __rinjo.client.localStream.getAudioTracks()[0].readyState === 'live'", WAIT);
            assertThat(inspector.evaluate("__rinjo.client.localStream.getAudioTracks()[0].enabled")).as("still muted").isEqualTo(false);
            click(inspector, "#btn-mic");
            assertThat(inspector.evaluate("__rinjo.client.localStream.getAudioTracks()[0].enabled")).isEqualTo(true);
            long heard = ((Number) contractor.evaluate("rinjo.audioIn()")).longValue();
            contractor.waitFor("rinjo.audioIn().then(n => n >= " + (heard + 50) + ")", WAIT);

            // the camera, when it is on, the same
            click(inspector, "#btn-camera");
            inspector.waitFor("document.getElementById('self-view').videoWidth > 0 && __rinjo.client.localStream.getVideoTracks().length === 1", WAIT);
            unplug(inspector, "Video");
            UserInput.awaitVisible(inspector, "#device-warning");
            assertThat(text(inspector, "#device-warning-text")).contains("カメラが止まりました");
            click(inspector, "#device-reopen");
            inspector.waitFor("document.getElementById('device-warning').hidden"
                    + " && __rinjo.client.localStream.getVideoTracks()[0].readyState === 'live'"
                    + " && document.getElementById('self-view').srcObject.getVideoTracks()[0] === __rinjo.client.localStream.getVideoTracks()[0]", WAIT);
            contractor.waitFor("rinjo.videos().then(vs => vs.some(v => v.width > 0 && v.frames >= 10))", SfuBrowserTest.DECODE);
            inspector.assertNoConsoleErrors();
        }
    }

    @Test
    void theCallOpenedInASecondTabTakesOverAndTheFirstLetsGoOfItsMicrophoneAndCamera() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "DESK-TWO-TABS");
        try (HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("desk-two-tabs"))) {
            Page first = desk(office, true);
            go(first, "#/call/" + session, "view-call");
            first.waitFor("__rinjo.state === 'joined' && __rinjo.client.localStream?.getAudioTracks()[0]?.readyState === 'live'", WAIT);
            click(first, "#btn-camera");
            first.waitFor("document.getElementById('self-view').videoWidth > 0", WAIT);

            // the same session opened in another tab: the server moves the call there
            Page second = desk(office, true);
            go(second, "#/call/" + session, "view-call");
            second.waitFor("__rinjo.state === 'joined'", WAIT);
            UserInput.awaitVisible(first, "#media-warning");
            assertThat(text(first, "#media-warning")).startsWith("別の画面でこの遠隔臨場に参加したため");
            first.waitFor("__fakeCamera.tracks.length >= 2 && " + ExclusiveCameraFake.ALL_TRACKS_ENDED, WAIT);
            assertThat(first.evaluate("document.getElementById('self-view').hidden")).isEqualTo(true);
            // the camera is free for the tab that has the call now
            click(second, "#btn-camera");
            second.waitFor("document.getElementById('self-view').videoWidth > 0"
                    + " && __rinjo.client.localStream.getVideoTracks()[0]?.readyState === 'live'", WAIT);
            first.assertNoConsoleErrors();
            second.assertNoConsoleErrors();
        }
    }
}
