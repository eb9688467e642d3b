package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/**
 * 静止画 end to end with the real pages: the inspector presses 静止画, the contractor's phone (Chromium's
 * fake camera) takes a full-resolution photo and uploads it, the inspector's strip shows the server's
 * thumbnail of it (≤ 320 px), with its JST time, opening the photo at full size; the contractor takes one
 * unasked with 撮影; the video goes on meanwhile; when the session reaches its cap of stills the
 * inspector's page says so at once and disables 静止画 (after a reload too) and the phone is not asked; the sealed recording lists the stills and verifies, and the
 * archive's page shows their thumbnails; a reloaded inspector's page shows the stills taken before.
 */
class StillBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration MEDIA = Duration.ofSeconds(45);

    @TempDir
    static Path dir;
    static TestServer server;

    /** Stills per session here: the first test takes three and then meets the cap. */
    static final int CAP = 3;
    /** The strip's images are the server's thumbnails, loaded and decoded (at most 320 px), not the photos. */
    static final String THUMBNAILS_LOADED = "[...document.querySelectorAll('#still-list img')].every(i => i.complete"
            + " && i.naturalWidth > 0 && Math.max(i.naturalWidth, i.naturalHeight) <= 320 && i.src.endsWith('/thumbnail'))";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, java.util.Map.of("stills.max-per-session", String.valueOf(CAP)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void awaitView(Page page, String id) {
        page.waitFor("!document.getElementById(" + js(id) + ").hidden", WAIT);
    }

    static Page contractor(HeadlessChromium browser, String token) {
        return contractor(browser.open("about:blank"), token);
    }

    /** The contractor's page on a phone, joined and sending. */
    static Page contractor(Page page, String token) {
        UserInput.emulatePhone(page);
        page.navigate(server.url("/join/?test#" + token));
        awaitView(page, "view-lobby");
        page.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
        click(page, "#join-button");
        awaitView(page, "view-call");
        page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
        return page;
    }

    static Page inspector(HeadlessChromium browser, String sessionId) {
        Page page = browser.open("about:blank");
        page.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1920).put("height", 1080)
                .put("deviceScaleFactor", 1).put("mobile", false));
        page.navigate(server.url("/inspector/?test"));
        page.waitFor("!document.getElementById('view-login').hidden", WAIT);
        type(page, "#login-name", "admin");
        type(page, "#login-password", TestServer.ADMIN_PASSWORD);
        press(page, "Enter");
        page.waitFor("!document.getElementById('view-list').hidden", WAIT);
        page.evaluate("location.hash = " + js("#/call/" + sessionId));
        awaitView(page, "view-call");
        page.waitFor("__rinjo.state === 'joined'", WAIT);
        return page;
    }

    static void awaitFramesAdvance(Page page, int more, Duration timeout) {
        long before = ((Number) page.evaluate("__rinjo.videos().then(vs => vs.filter(v => v.main).map(v => v.framesDecoded)[0] ?? 0)"))
                .longValue();
        page.waitFor("__rinjo.videos().then(vs => (vs.filter(v => v.main).map(v => v.framesDecoded)[0] ?? 0) >= " + (before + more) + ")",
                timeout);
    }

    @Test
    void theInspectorAsksThePhoneSendsAFullResolutionStillAndTheSealedRecordingListsAndVerifiesIt() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "STILL-1");
        String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        String observerToken = server.invite(admin, session, "OBSERVER", "立会 花子");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("still-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("still-office"))) {
            Page phone = contractor(site, token);
            // an observer invited by link uses the same page: it is not asked to take stills
            Page observer = contractor(site, observerToken);
            assertThat(observer.evaluate("document.getElementById('btn-still').hidden")).isEqualTo(true);
            Page desk = inspector(office, session);
            desk.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.width >= 640 && v.framesDecoded >= 30))", MEDIA);
            StatusLine.record(desk, "still-status");
            StatusLine.record(phone, "still-status");

            // --- the inspector presses 静止画: 撮影中…, then the phone's photo in the strip
            click(desk, "#btn-still");
            desk.waitFor("document.querySelectorAll('#still-list img').length === 1 && " + THUMBNAILS_LOADED, MEDIA);
            assertThat(desk.evaluate(StatusLine.hasShown("still-status", "撮影中…"))).isEqualTo(true);
            String id = (String) desk.evaluate("document.querySelector('#still-list li').dataset.still");
            assertThat((String) desk.evaluate("document.querySelector('#still-list img').src"))
                    .endsWith("/api/sessions/" + session + "/stills/" + id + "/thumbnail");
            assertThat(desk.evaluate("document.querySelector('#still-list img').loading")).isEqualTo("lazy");
            long thumbWidth = ((Number) desk.evaluate("document.querySelector('#still-list img').naturalWidth")).longValue();
            // the link opens the photo itself at full resolution (with the login cookie, as a new tab would)
            String link = (String) desk.evaluate("document.querySelector('#still-list a.still-open').href");
            assertThat(link).endsWith("/api/sessions/" + session + "/stills/" + id);
            long width = ((Number) desk.evaluate("fetch(" + js(link) + ").then(r => r.blob()).then(b => createImageBitmap(b)).then(b => b.width)"))
                    .longValue();
            assertThat(width).as("a full-resolution still, not a thumbnail of the video").isGreaterThanOrEqualTo(640)
                    .isGreaterThan(thumbWidth);
            assertThat(text(desk, "#still-list .still-time")).matches("\\d{2}:\\d{2}:\\d{2} JST");
            assertThat(text(desk, "#still-status")).startsWith("静止画を受け取りました").contains("現場代理人 山田");
            assertThat((String) desk.evaluate("document.querySelector('#still-list a.still-open').getAttribute('aria-label')"))
                    .contains("JST").contains("原寸で開く");
            assertThat(desk.evaluate("document.getElementById('btn-still').disabled")).isEqualTo(false);
            phone.waitFor(StatusLine.hasShown("still-status", "静止画を送信しました"), WAIT);
            assertThat(observer.evaluate("document.getElementById('still-status').hidden")).isEqualTo(true);
            observer.assertNoConsoleErrors();
            // the photo did not stop the video the inspector watches
            awaitFramesAdvance(desk, 30, MEDIA);
            screenshot(desk, "inspector-call-still");
            Accessibility.check(desk, "inspector-call-still");
            screenshot(phone, "contractor-call-still-sent");
            Accessibility.check(phone, "contractor-call-still-sent");

            // --- by keyboard: the button takes focus and Enter asks again
            desk.evaluate("document.getElementById('btn-still').focus()");
            press(desk, "Enter");
            desk.waitFor("document.querySelectorAll('#still-list img').length === 2 && " + THUMBNAILS_LOADED, MEDIA);
            // --- the contractor takes one unasked with 撮影
            click(phone, "#btn-still");
            desk.waitFor("document.querySelectorAll('#still-list img').length === 3 && " + THUMBNAILS_LOADED, MEDIA);
            assertThat(desk.evaluate("document.querySelector('#still-list li').dataset.request")).isEqualTo("");
            awaitFramesAdvance(desk, 30, MEDIA);

            // --- the session has its three (the cap here): the inspector's page says so at once, without his pressing
            // anything, and 静止画 is disabled with that reason (the status line describes the button); the phone is
            // not asked (a chat sent after it reaches the phone, which was asked nothing meanwhile)
            phone.evaluate("(() => { window.__asked = 0; __rinjo.client.addEventListener('message', e => {"
                    + " if (e.detail.type === 'still-request') window.__asked++; }); return 'counting'; })()");
            String full = "静止画はこの検査の上限（" + CAP + "枚）に達しました";
            desk.waitFor("document.getElementById('still-status').textContent === " + js(full), WAIT);
            assertThat(desk.evaluate("document.getElementById('btn-still').disabled")).isEqualTo(true);
            assertThat(desk.evaluate("document.getElementById('btn-still').getAttribute('aria-describedby')")).isEqualTo("still-status");
            assertThat(desk.evaluate("document.getElementById('still-status').classList.contains('form-error')")).isEqualTo(false);
            type(desk, "#chat-input", "上限に達しました");
            click(desk, "#chat-form button[type=submit]");
            phone.waitFor("document.getElementById('chat-log').textContent.includes('上限に達しました')", WAIT);
            assertThat(((Number) phone.evaluate("window.__asked")).intValue()).isZero();
            assertThat(((Number) desk.evaluate("document.querySelectorAll('#still-list li').length")).intValue()).isEqualTo(CAP);
            screenshot(desk, "inspector-call-still-limit");
            // in English too
            click(desk, "#lang-toggle");
            assertThat(text(desk, "#stills-title")).isEqualTo("Stills");
            assertThat(text(desk, "#btn-still")).isEqualTo("Still");
            assertThat(text(desk, "#still-status")).isEqualTo("This inspection has reached its limit of stills (" + CAP + ")");
            click(desk, "#lang-toggle");
            phone.assertNoConsoleErrors();
            desk.assertNoConsoleErrors();
            // F5 on a session at its cap: the page learns it again when it joins, still without pressing anything
            desk.reload();
            awaitView(desk, "view-call");
            desk.waitFor("__rinjo.state === 'joined'", WAIT);
            desk.waitFor("document.getElementById('still-status').textContent === " + js(full)
                    + " && document.getElementById('btn-still').disabled && document.querySelectorAll('#still-list li').length === " + CAP,
                    WAIT);

            // --- the contractor takes one unasked with 撮影 beyond the cap: refused (409), and the phone says so
            // plainly, sends it once only, and takes no more photos it could not send
            phone.evaluate("(() => { window.__uploads = 0; const f = window.fetch; window.fetch = (u, o) => {"
                    + " if (String(u).startsWith('/api/guest/stills')) window.__uploads++; return f(u, o); }; return 'counting'; })()");
            click(phone, "#btn-still");
            String limit = "この遠隔臨場の静止画は上限の枚数に達しました。これ以上は送信できません。";
            phone.waitFor("document.getElementById('still-status').textContent === " + js(limit), WAIT);
            assertThat(phone.evaluate("document.getElementById('still-status').classList.contains('form-error')")).isEqualTo(true);
            assertThat(((Number) phone.evaluate("window.__uploads")).intValue()).as("not sent again").isEqualTo(1);
            screenshot(phone, "contractor-call-still-limit");
            phone.evaluate("document.getElementById('still-status').textContent = ''");
            click(phone, "#btn-still");
            phone.waitFor("document.getElementById('still-status').textContent === " + js(limit), WAIT);
            assertThat(((Number) phone.evaluate("window.__uploads")).intValue()).as("no photo taken to be refused").isEqualTo(1);
            assertThat(((Number) desk.evaluate("document.querySelectorAll('#still-list li').length")).intValue()).isEqualTo(CAP);
            click(phone, "#lang-toggle");
            assertThat(text(phone, "#still-status")).isEqualTo("This inspection has as many stills as one may have: no more can be sent.");
            click(phone, "#lang-toggle");
            assertThat(phone.errors()).filteredOn(e -> !(e.source().equals("log")
                    && e.text().contains("Failed to load resource: the server responded with a status of 409"))).isEmpty();

            // --- the session ends: its sealed recording lists the three stills, and they verify
            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            Path sealed = dir.resolve("evidence").resolve("contracts").resolve("STILL-1").resolve("sessions").resolve(session);
            long deadline = System.nanoTime() + MEDIA.toNanos();
            while (!Files.exists(sealed.resolve("manifest.json")) && System.nanoTime() < deadline) {
                Thread.sleep(200); // sealing runs after the REST call returns
            }
            JsonArray stills = new JsonObject(Files.readString(sealed.resolve("manifest.json"))).getJsonArray("stills");
            assertThat(stills).hasSize(3);
            assertThat(stills.stream().map(s -> ((JsonObject) s).getLong("width"))).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(640));
            assertThat(stills.stream().filter(s -> ((JsonObject) s).getString("request") != null)).hasSize(2);
            VerificationReport report = new Verifier(Verifier.Options.defaults()).verify(sealed);
            assertThat(report.ok()).as("%s", report).isTrue();
            assertThat(report.findings()).anySatisfy(f -> {
                assertThat(f.code()).isEqualTo(Finding.Code.SIGNED_STILLS.id());
                assertThat(f.params()).containsEntry("count", "3").containsEntry("verified", "3");
            });

            // --- the archive's recording page lists them with their time and SHA-256, and shows them
            var index = server.running().archive().index();
            deadline = System.nanoTime() + MEDIA.toNanos();
            while (index.find(jp.rinjo.common.id.SessionId.of(session)).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200); // indexed after the seal and the renditions
            }
            desk.navigate(server.url("/archive/#/r/" + session));
            awaitView(desk, "view-recording");
            desk.waitFor("document.querySelectorAll('#archive-still-list img').length === 3"
                    + " && [...document.querySelectorAll('#archive-still-list img')].every(i => i.complete && i.naturalWidth > 0"
                    + " && Math.max(i.naturalWidth, i.naturalHeight) <= 320 && i.src.endsWith('/thumbnail'))", WAIT);
            assertThat((String) desk.evaluate("document.querySelector('#archive-still-list a.still-open').href"))
                    .matches(".*/api/archive/recordings/" + session + "/stills/stl_[0-9a-z]{20}");
            String listed = text(desk, "#archive-still-list");
            assertThat(listed).contains("JST").contains("現場代理人 山田").contains(stills.getJsonObject(0).getString("sha256"));
            screenshot(desk, "archive-recording-stills");
            Accessibility.check(desk, "archive-recording-stills");
            desk.assertNoConsoleErrors();
        }
    }

    @Test
    void aReloadedInspectorsPageShowsTheStillsTakenBeforeOnceEachWithTheirTimes() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "STILL-3");
        String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("still-reload-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("still-reload-office"))) {
            Page phone = contractor(site, token);
            Page desk = inspector(office, session);
            String loaded = THUMBNAILS_LOADED;
            click(desk, "#btn-still");
            desk.waitFor("document.querySelectorAll('#still-list img').length === 1 && " + loaded, MEDIA);
            String id = (String) desk.evaluate("document.querySelector('#still-list li').dataset.still");
            String time = text(desk, "#still-list .still-time");
            String takenAt = (String) desk.evaluate("document.querySelector('#still-list time').getAttribute('datetime')");
            assertThat(id).startsWith("stl_");
            assertThat(time).matches("\\d{2}:\\d{2}:\\d{2} JST");

            // --- F5: the page opens the call again and its strip has the still it had, with the same time
            desk.reload();
            awaitView(desk, "view-call");
            desk.waitFor("__rinjo.state === 'joined'", WAIT);
            desk.waitFor("document.querySelectorAll('#still-list img').length === 1 && " + loaded, WAIT);
            assertThat(desk.evaluate("document.querySelector('#still-list li').dataset.still")).isEqualTo(id);
            assertThat(text(desk, "#still-list .still-time")).isEqualTo(time);
            assertThat(desk.evaluate("document.querySelector('#still-list time').getAttribute('datetime')")).isEqualTo(takenAt);
            assertThat((String) desk.evaluate("document.querySelector('#still-list a.still-open').getAttribute('aria-label')"))
                    .contains(time).contains("現場代理人 山田");
            assertThat(desk.evaluate("document.getElementById('still-list').hidden")).isEqualTo(false);
            assertThat(desk.evaluate("document.getElementById('still-status').classList.contains('form-error')")).isEqualTo(false);

            // --- a still taken after the reload comes live, goes first, and nothing is shown twice
            click(phone, "#btn-still");
            desk.waitFor("document.querySelectorAll('#still-list img').length === 2 && " + loaded, MEDIA);
            assertThat(desk.evaluate("document.querySelectorAll('#still-list li')[1].dataset.still")).isEqualTo(id);
            assertThat(desk.evaluate("new Set([...document.querySelectorAll('#still-list li')].map(li => li.dataset.still)).size"))
                    .isEqualTo(2);
            screenshot(desk, "inspector-call-stills-after-reload");
            desk.assertNoConsoleErrors();
            phone.assertNoConsoleErrors();
        }
    }

    @Test
    void aPhoneWithoutImageCaptureSendsTheCameraFrameAtTheTracksOwnSize() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "STILL-2");
        server.goLive(admin, session);
        String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("still-ios"))) {
            Page blank = site.open("about:blank");
            // iOS Safari has no ImageCapture: the page draws the camera track's current frame instead
            blank.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source", "delete window.ImageCapture;"));
            Page phone = contractor(blank, token);
            assertThat(phone.evaluate("typeof window.ImageCapture")).isEqualTo("undefined");
            long trackWidth = ((Number) phone.evaluate("__rinjo.client.localStream.getVideoTracks()[0].getSettings().width")).longValue();
            long trackHeight = ((Number) phone.evaluate("__rinjo.client.localStream.getVideoTracks()[0].getSettings().height")).longValue();

            StatusLine.record(phone, "still-status");
            click(phone, "#btn-still");
            phone.waitFor(StatusLine.hasShown("still-status", "静止画を送信しました"), MEDIA);
            phone.assertNoConsoleErrors();

            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            Path sealed = dir.resolve("evidence").resolve("contracts").resolve("STILL-2").resolve("sessions").resolve(session);
            long deadline = System.nanoTime() + MEDIA.toNanos();
            while (!Files.exists(sealed.resolve("manifest.json")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            JsonObject still = new JsonObject(Files.readString(sealed.resolve("manifest.json"))).getJsonArray("stills").getJsonObject(0);
            assertThat(still.getLong("width")).isEqualTo(trackWidth);
            assertThat(still.getLong("height")).isEqualTo(trackHeight);
            assertThat(still.getString("request")).isNull();
            assertThat(new Verifier(Verifier.Options.defaults()).verify(sealed).ok()).isTrue();
        }
    }
}
