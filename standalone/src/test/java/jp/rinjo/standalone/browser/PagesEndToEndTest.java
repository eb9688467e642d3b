package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.awaitVisible;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.setValue;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static jp.rinjo.standalone.browser.UserInput.typeHere;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * The real pages, driven as people use them: the inspector logs in, registers a contract, schedules
 * a session and invites the contractor through the inspector page; the contractor opens the link on
 * a phone-sized page in another browser (fake camera and microphone), sees the lobby and joins; both
 * talk and chat; the contractor's network drops and the page recovers by itself; the inspector ends
 * the session with instructions and the contractor sees them. Plus the contractor's error screens
 * and the login form by keyboard alone. Screenshots of every state go to target/screenshots/.
 */
class PagesEndToEndTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration MEDIA = Duration.ofSeconds(45);
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    static HeadlessChromium.Options options(String name) {
        return HeadlessChromium.Options.defaults().withName(name);
    }

    static boolean visible(Page page, String id) {
        return Boolean.TRUE.equals(page.evaluate("!document.getElementById(" + js(id) + ").hidden"));
    }

    static void awaitView(Page page, String id) {
        page.waitFor("!document.getElementById(" + js(id) + ").hidden", WAIT);
    }

    @Test
    void inspectorSchedulesAndInvitesThroughThePageTheContractorJoinsFromTheLinkTheyTalkReconnectAndEnd() throws Exception {
        try (HeadlessChromium office = HeadlessChromium.launch(options("pages-office"))) {
            // --- the inspector logs in
            Page inspector = office.open(server.url("/inspector/?test"));
            awaitView(inspector, "view-login");
            screenshot(inspector, "inspector-login");
            Accessibility.check(inspector, "inspector-login");
            type(inspector, "#login-name", "admin");
            type(inspector, "#login-password", TestServer.ADMIN_PASSWORD);
            click(inspector, "#login-submit");
            awaitView(inspector, "view-list");
            inspector.waitFor("document.querySelector('#list-today p, #list-today table') != null", WAIT);

            // --- schedules a session for a new contract and invites the contractor
            click(inspector, "#view-list a[href='#/new']");
            awaitView(inspector, "view-new");
            inspector.waitFor("document.getElementById('contract-status').textContent !== ''", WAIT); // the first search answered
            click(inspector, "#contract-new summary");
            String contractNo = "R8-道路-E2E";
            String projectName = "市道3号線 側溝改良工事";
            type(inspector, "#c-no", contractNo);
            type(inspector, "#c-name", projectName);
            type(inspector, "#c-contractor", "株式会社 臨場土木");
            type(inspector, "#c-location", "臨場市中央2丁目");
            setValue(inspector, "#c-start", "2026-04-01");
            setValue(inspector, "#c-end", "2027-03-31");
            click(inspector, "#contract-register");
            try {
                inspector.waitFor("document.querySelector('#contract-results input:checked')?.value === " + js(contractNo), WAIT);
            } catch (AssertionError e) {
                screenshot(inspector, "failed-contract-register");
                throw new AssertionError(e.getMessage() + "\n  status: " + text(inspector, "#contract-status")
                        + "\n  error: " + text(inspector, "#contract-new-error"), e);
            }
            setValue(inspector, "#s-type", "STAGE_CHECK");
            type(inspector, "#s-place", "中央2丁目 側溝 No.3");
            // a window around now (JST), within today
            LocalTime now = LocalTime.now(JST).truncatedTo(ChronoUnit.MINUTES);
            LocalTime from = now.isBefore(LocalTime.of(0, 10)) ? LocalTime.MIDNIGHT : now.minusMinutes(10);
            LocalTime to = now.isAfter(LocalTime.of(22, 58)) ? LocalTime.of(23, 59) : now.plusMinutes(60);
            setValue(inspector, "#s-date", java.time.LocalDate.now(JST).toString());
            setValue(inspector, "#s-start", from.toString());
            setValue(inspector, "#s-end", to.toString());
            type(inspector, "#invitees .iv-name", "現場代理人 山田");
            type(inspector, "#invitees .iv-email", "yamada@example.jp");
            UserInput.fullPageScreenshot(inspector, "inspector-schedule-form");
            Accessibility.check(inspector, "inspector-schedule-form");
            click(inspector, "#schedule-submit");

            awaitView(inspector, "view-session");
            inspector.waitFor("document.querySelector('.invitation-link') != null", WAIT);
            inspector.waitFor("(() => { const q = document.querySelector('img.qr'); return q && q.complete && q.naturalWidth > 0; })()", WAIT);
            assertThat(text(inspector, "#session-title")).contains(projectName).contains("段階確認");
            assertThat(text(inspector, "#session-summary")).contains(contractNo).contains("JST");
            UserInput.fullPageScreenshot(inspector, "inspector-invitation");
            Accessibility.check(inspector, "inspector-invitation");
            String link = (String) inspector.evaluate("document.querySelector('.invitation-link').value");
            Matcher m = Pattern.compile("^https://[^/]+/join/#([A-Za-z0-9._-]+)$").matcher(link);
            assertThat(m.matches()).as("invitation link %s", link).isTrue();
            String token = m.group(1);
            String sessionId = (String) inspector.evaluate("decodeURIComponent(location.hash.split('/')[2])");
            // the calendar file is there for the inspector's login
            assertThat((String) inspector.evaluate("(async () => { const a = JSON.parse(sessionStorage.getItem('rinjo.auth'));"
                    + " const h = {headers: {Authorization: 'Bearer ' + a.token}};"
                    + " const id = decodeURIComponent(location.hash.split('/')[2]);"
                    + " const invs = await (await fetch('/api/sessions/' + encodeURIComponent(id) + '/invitations', h)).json();"
                    + " return (await fetch(invs[0].icsUrl, h)).text(); })()")).contains("BEGIN:VCALENDAR");

            try (HeadlessChromium site = HeadlessChromium.launch(options("pages-site"))) {
                // --- the contractor opens the link on a phone: the lobby
                Page contractor = site.open("about:blank");
                UserInput.emulatePhone(contractor);
                contractor.navigate(server.url("/join/?test#" + token));
                awaitView(contractor, "view-lobby");
                assertThat(text(contractor, "#lobby-contract")).isEqualTo(projectName);
                assertThat(text(contractor, "#lobby-type")).isEqualTo("段階確認");
                assertThat(text(contractor, "#lobby-inspector")).isNotBlank();
                assertThat(text(contractor, "#lobby-when")).endsWith("JST");
                assertThat(text(contractor, ".notice-recording")).contains("この遠隔臨場は録画されます");
                contractor.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
                // the rear camera is asked for
                assertThat((String) contractor.evaluate("JSON.stringify(document.getElementById('lobby-preview').srcObject.getVideoTracks()[0].getConstraints())"))
                        .contains("environment");
                screenshot(contractor, "contractor-lobby");
                Accessibility.check(contractor, "contractor-lobby");
                // Chromium's fake camera has neither torch nor zoom: this page is shown a track that claims
                // both (a fake, named so), to check that the controls appear and apply what the user picks
                contractor.evaluate("(() => { const caps = MediaStreamTrack.prototype.getCapabilities;"
                        + " MediaStreamTrack.prototype.getCapabilities = function () { const c = caps.call(this);"
                        + "   return this.kind === 'video' ? {...c, torch: true, zoom: {min: 1, max: 4, step: 0.5}} : c; };"
                        + " const apply = MediaStreamTrack.prototype.applyConstraints; window.__applied = [];"
                        + " MediaStreamTrack.prototype.applyConstraints = function (c) {"
                        + "   if (c && c.advanced) { window.__applied.push(JSON.stringify(c.advanced)); return Promise.resolve(); }"
                        + "   return apply.call(this, c); }; })()");
                click(contractor, "#join-button");
                awaitView(contractor, "view-call");
                contractor.waitFor("__rinjo.state === 'joined'", WAIT);
                assertThat(text(contractor, "#rec-indicator")).isEqualTo("記録状態: 確認中");

                // --- the inspector finds the session in today's list and joins it; sees and hears the site
                click(inspector, "#view-session a[href='#/']");
                awaitView(inspector, "view-list");
                String row = "#list-today tr[data-session=" + js(sessionId) + "]";
                inspector.waitFor("document.querySelector(" + js(row) + ") != null", WAIT);
                assertThat(text(inspector, row)).contains(projectName).contains("JST");
                screenshot(inspector, "inspector-list");
                Accessibility.check(inspector, "inspector-list");
                click(inspector, row + " a[href^='#/call/']");
                awaitView(inspector, "view-call");
                inspector.waitFor("__rinjo.state === 'joined'", WAIT);
                awaitMainVideo(inspector, 640, 30, MEDIA);
                awaitFramesAdvance(inspector, 30, WAIT);
                inspector.waitFor("__rinjo.audioPackets().then(n => n >= 50)", WAIT);
                // two-way audio: the phone hears the inspector's microphone
                contractor.waitFor("__rinjo.audioPackets().then(n => n >= 50)", MEDIA);
                inspector.waitFor("document.getElementById('participants').textContent.includes('現場代理人 山田')", WAIT);
                contractor.waitFor("document.getElementById('placeholder-text').textContent.includes('音声で参加中')", WAIT);
                inspector.waitFor("document.getElementById('quality').dataset.level !== 'none'", WAIT);
                contractor.waitFor("document.getElementById('quality').dataset.level !== 'none'", WAIT);
                // the phone shows the word (良好…), not round-trip times and bitrates; the office sees both
                assertThat(contractor.evaluate("(() => { const q = document.getElementById('quality');"
                        + " return q.querySelector('.q-label').offsetParent !== null && q.querySelector('.q-label').textContent.length > 0"
                        + " && q.querySelector('.q-detail').offsetParent === null; })()")).isEqualTo(true);
                assertThat(inspector.evaluate("document.querySelector('#quality .q-detail').offsetParent !== null")).isEqualTo(true);

                // --- chat both ways
                click(contractor, "#chat-details summary");
                type(contractor, "#chat-input", "配筋の状況を映します");
                press(contractor, "Enter");
                inspector.waitFor("document.getElementById('chat-log').textContent.includes('配筋の状況を映します')", WAIT);
                type(inspector, "#chat-input", "かぶり厚さを近くで見せてください");
                click(inspector, "#chat-form button[type=submit]");
                contractor.waitFor("document.getElementById('chat-log').textContent.includes('かぶり厚さを近くで見せてください')", WAIT);
                // a chat line's time of day says its zone, like every time on the pages
                contractor.waitFor("[...document.querySelectorAll('#chat-log .chat-time')].every(t => /^\\d{2}:\\d{2} JST$/.test(t.textContent))"
                        + " && document.querySelectorAll('#chat-log .chat-time').length === 2", WAIT);
                // --- the inspector turns the camera on: the phone shows the inspector large
                click(inspector, "#btn-camera");
                inspector.waitFor("document.getElementById('self-view').videoWidth > 0", WAIT);
                contractor.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.width > 0 && v.framesDecoded >= 10))", MEDIA);
                awaitFramesAdvance(inspector, 30, WAIT); // the contractor's video is unaffected
                // the recording indicator says 記録中 once the server has stored the first segment
                for (Page p : new Page[] {contractor, inspector}) {
                    p.waitFor("document.querySelector('[data-state=\"rec-on\"]')?.textContent.includes('記録中') ?? false", MEDIA);
                }
                screenshot(contractor, "contractor-call");
                Accessibility.check(contractor, "contractor-call");
                screenshot(inspector, "inspector-call");
                Accessibility.check(inspector, "inspector-call");

                // --- the phone's controls: torch and zoom (where the camera has them), front/rear, mute
                click(contractor, "#btn-torch");
                contractor.waitFor("document.getElementById('btn-torch').getAttribute('aria-pressed') === 'true'", WAIT);
                setValue(contractor, "#zoom", "2.5");
                assertThat((String) contractor.evaluate("window.__applied.join()")).contains("{\"torch\":true}").contains("{\"zoom\":2.5}");
                click(contractor, "#btn-switch");
                contractor.waitFor("document.getElementById('self-view').classList.contains('mirrored')", WAIT);
                awaitFramesAdvance(inspector, 30, WAIT); // the new camera track is what the node forwards now
                click(contractor, "#btn-switch");
                contractor.waitFor("!document.getElementById('self-view').classList.contains('mirrored')", WAIT);
                click(contractor, "#btn-mic");
                assertThat(contractor.evaluate("__rinjo.client.localStream.getAudioTracks()[0].enabled")).isEqualTo(false);
                assertThat(text(contractor, "#btn-mic")).isEqualTo("ミュート中");
                click(contractor, "#btn-mic");
                assertThat(contractor.evaluate("__rinjo.client.localStream.getAudioTracks()[0].enabled")).isEqualTo(true);
                awaitFramesAdvance(inspector, 30, WAIT);

                // --- the phone's network drops: the page says so and recovers by itself, video comes back
                contractor.evaluate("(() => { window.__banner = []; const b = document.getElementById('reconnect-banner');"
                        + " new MutationObserver(() => { if (!b.hidden) window.__banner.push(b.textContent); })"
                        + ".observe(b, {attributes: true, childList: true, characterData: true, subtree: true}); })()");
                int statesBefore = ((Number) contractor.evaluate("__rinjo.states.length")).intValue();
                contractor.evaluate("__rinjo.dropNetwork()");
                contractor.waitFor("__rinjo.states.slice(" + statesBefore + ").includes('reconnecting')", WAIT);
                contractor.waitFor("__rinjo.state === 'joined' && __rinjo.states.slice(" + statesBefore + ").join() === 'reconnecting,joined'", WAIT);
                assertThat(contractor.evaluate("window.__banner.includes('再接続中…')")).isEqualTo(true);
                awaitFramesAdvance(inspector, 60, MEDIA);
                awaitMainVideo(inspector, 640, 0, WAIT);

                // --- the inspector ends the session with instructions; everyone sees the end
                String note = "側溝No.3の目地を補修し、写真を提出してください。";
                click(inspector, "#btn-end");
                awaitVisible(inspector, "#end-dialog");
                click(inspector, "#end-form input[value=INSTRUCTION]");
                click(inspector, "#end-submit");
                inspector.waitFor("document.getElementById('end-error').textContent.includes('指示事項の内容を入力してください')", WAIT);
                type(inspector, "#end-note", note);
                screenshot(inspector, "inspector-end-dialog");
                Accessibility.check(inspector, "inspector-end-dialog");
                click(inspector, "#end-submit");
                awaitView(inspector, "view-ended");
                assertThat(inspector.evaluate("document.getElementById('view-ended').dataset.result")).isEqualTo("INSTRUCTION");
                assertThat(text(inspector, "#ended-note")).isEqualTo(note);
                screenshot(inspector, "inspector-ended");
                Accessibility.check(inspector, "inspector-ended");

                awaitView(contractor, "view-end");
                assertThat(contractor.evaluate("document.getElementById('view-end').dataset.result")).isEqualTo("INSTRUCTION");
                assertThat(text(contractor, "#end-result")).isEqualTo("結果: 指示事項");
                // the English switch redraws the result in English, not around the Japanese word
                click(contractor, "#lang-toggle");
                contractor.waitFor("document.getElementById('end-result').textContent === 'Result: Instructions'", WAIT);
                click(contractor, "#lang-toggle");
                contractor.waitFor("document.getElementById('end-result').textContent === '結果: 指示事項'", WAIT);
                assertThat(text(contractor, "#end-note")).isEqualTo(note);
                contractor.waitFor("__rinjo.state === 'closed'", WAIT);
                screenshot(contractor, "contractor-end");
                Accessibility.check(contractor, "contractor-end");

                // back on the list, the session shows as ended with its result
                click(inspector, "#view-ended a[href='#/']");
                awaitView(inspector, "view-list");
                inspector.waitFor("document.querySelector(" + js(row) + ")?.dataset.status === 'ENDED'", WAIT);
                assertThat(text(inspector, row)).contains("終了").contains("指示事項");
                contractor.assertNoConsoleErrors();
                inspector.assertNoConsoleErrors();

                // --- the recording appears in the archive (sealed, rendered and indexed after the end) and plays
                click(inspector, "#nav-archive");
                inspector.waitFor("location.pathname === '/archive/' && !document.getElementById('view-search').hidden", WAIT);
                Page archive = inspector;
                var index = server.running().archive().index();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (index.find(jp.rinjo.common.id.SessionId.of(sessionId)).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(200); // sealed, rendered and indexed in the background after the end
                }
                assertThat(index.find(jp.rinjo.common.id.SessionId.of(sessionId))).as("indexed within 90 s of the end").isPresent();
                type(archive, "#f-q", contractNo);
                click(archive, "#search-submit");
                archive.waitFor("document.querySelectorAll('#results tbody tr').length === 1", WAIT);
                assertThat(text(archive, "#results tbody tr")).contains(contractNo).contains("段階確認");
                screenshot(archive, "archive-search-after-session");
                Accessibility.check(archive, "archive-search-after-session");
                click(archive, "#results a.result-link");
                archive.waitFor("!document.getElementById('view-recording').hidden && document.getElementById('player').readyState >= 1", WAIT);
                assertThat(text(archive, "#rec-summary")).contains(contractNo).contains("JST");
                archive.evaluate("document.getElementById('player').muted = true; document.getElementById('player').play().then(() => 'playing')");
                archive.waitFor("document.getElementById('player').currentTime > 1.0 && document.getElementById('player').videoWidth >= 640", WAIT);
                screenshot(archive, "archive-recording-playing");
                Accessibility.check(archive, "archive-recording-playing");
                archive.assertNoConsoleErrors();
            }
        }
    }

    /** The large video is the contractor's, at least {@code minWidth} wide, with at least {@code frames} decoded. */
    static void awaitMainVideo(Page page, int minWidth, int frames, Duration timeout) {
        try {
            page.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.width >= " + minWidth + " && v.framesDecoded >= " + frames + "))", timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  videos: " + page.evaluate("__rinjo.videos()"), e);
        }
    }

    /** Decoded frames keep coming (receiver stats: a background tab decodes without painting). */
    static void awaitFramesAdvance(Page page, int more, Duration timeout) {
        long now = ((Number) page.evaluate("__rinjo.videos().then(vs => Math.max(0, ...vs.map(v => v.framesDecoded)))")).longValue();
        page.waitFor("__rinjo.videos().then(vs => vs.some(v => v.main && v.framesDecoded >= " + (now + more) + "))", timeout);
    }

    // ---------------------------------------------------------------------------------------------

    /** A contract and a session with the given window; returns an invitation token for a contractor. */
    static JsonObject sessionWithInvitation(String admin, String contractNo, Instant start, Instant end) throws Exception {
        server.call(HttpMethod.POST, "/api/contracts", admin, new JsonObject().put("no", contractNo).put("name", "臨場川護岸工事")
                .put("contractor", "臨場建設").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31")
                .put("location", "臨場市川端町"), 201);
        String sessionId = server.call(HttpMethod.POST, "/api/sessions", admin, new JsonObject().put("contractNo", contractNo)
                .put("inspectionType", "MATERIAL_CHECK").put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", end.atOffset(ZoneOffset.ofHours(9)).toString()).put("place", "川端町"), 201).getString("id");
        JsonObject inv = server.call(HttpMethod.POST, "/api/sessions/" + sessionId + "/invitations", admin,
                new JsonObject().put("role", "CONTRACTOR").put("displayName", "現場代理人 佐藤"), 201);
        String link = inv.getString("link");
        return inv.put("token", link.substring(link.indexOf('#') + 1)).put("sessionId", sessionId);
    }

    @Test
    void aCameraThePhoneTakesAwayIsNoticedInTheLobbyAndInTheCallAndRestartedWithOneTap() throws Exception {
        String admin = server.loginAdmin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject invitation = sessionWithInvitation(admin, "CAM-LOST", now, now.plus(Duration.ofHours(1)));
        try (HeadlessChromium site = HeadlessChromium.launch(options("pages-camera-site"));
             HeadlessChromium office = HeadlessChromium.launch(options("pages-camera-office"))) {
            Page contractor = site.open("about:blank");
            UserInput.emulatePhone(contractor);
            contractor.navigate(server.url("/join/?test#" + invitation.getString("token")));
            awaitView(contractor, "view-lobby");
            contractor.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);

            // --- in the lobby another app takes the camera: its track ends, the microphone's lives on.
            // Chrome fires no 'ended' for a track that script stops (only for one the browser ends), so
            // the event is dispatched after stop(): the page then sees what a real end shows it, a track
            // whose readyState is 'ended' and its 'ended' event.
            contractor.evaluate("(() => { const v = document.getElementById('lobby-preview').srcObject.getVideoTracks()[0];"
                    + " v.stop(); v.dispatchEvent(new Event('ended')); })()");
            contractor.waitFor("document.getElementById('preview-status').textContent.includes('カメラが停止しました')", WAIT);
            assertThat(visible(contractor, "preview-retry")).isTrue();
            // joining opens the camera again instead of sending the dead track (and the live microphone)
            click(contractor, "#join-button");
            awaitView(contractor, "view-call");
            contractor.waitFor("__rinjo.state === 'joined' && __rinjo.client.localStream.getTracks().length === 2"
                    + " && __rinjo.client.localStream.getTracks().every(t => t.readyState === 'live')", WAIT);
            Page inspector = SfuBrowserTest.viewer(office, new SfuBrowserTest.Session(server, admin, invitation.getString("sessionId")), null);
            SfuBrowserTest.awaitVideo(inspector, 320, 240, 30, MEDIA);
            SfuBrowserTest.awaitAudio(inspector, 50, WAIT);
            assertThat(visible(contractor, "media-warning")).isFalse();

            // --- during the call the phone takes camera and microphone away. Revoking the page's camera
            // permission makes Chrome end the page's captures itself, as when the system or the user takes
            // access away: both tracks end with the browser's own 'ended' events
            String origin = server.url("");
            contractor.evaluate("window.__publishPc = __rinjo.client._pub; 'kept'");
            site.call("Browser.setPermission", new JsonObject().put("permission", new JsonObject().put("name", "camera"))
                    .put("setting", "denied").put("origin", origin));
            contractor.waitFor("!document.getElementById('media-warning').hidden", WAIT);
            assertThat(text(contractor, "#media-warning-text")).isEqualTo("カメラとマイクが停止しました。映像と音声が送られていません。");
            assertThat(text(contractor, "#media-restart")).isEqualTo("カメラを再開");
            assertThat(contractor.evaluate("__rinjo.client.localStream.getTracks().every(t => t.readyState === 'ended')")).isEqualTo(true);
            // the inspector's picture stands still
            inspector.waitFor("(async () => { const n = async () => Math.max(0, ...(await rinjo.videos()).map(v => v.frames));"
                    + " const before = await n(); await new Promise(r => setTimeout(r, 1500)); return await n() === before; })()", WAIT);
            screenshot(contractor, "contractor-camera-stopped");
            Accessibility.check(contractor, "contractor-camera-stopped");

            // --- the contractor allows the camera again and taps the one large button: the picture and the
            // voice come back on the same publish connection (the tracks are swapped in, no new offer)
            site.call("Browser.setPermission", new JsonObject().put("permission", new JsonObject().put("name", "camera"))
                    .put("setting", "granted").put("origin", origin));
            long audioBefore = ((Number) inspector.evaluate("rinjo.audioIn()")).longValue();
            click(contractor, "#media-restart");
            contractor.waitFor("document.getElementById('media-warning').hidden", WAIT);
            SfuBrowserTest.awaitFramesAdvance(inspector, 30, MEDIA);
            SfuBrowserTest.awaitAudio(inspector, (int) audioBefore + 50, WAIT);
            assertThat(contractor.evaluate("__rinjo.client._pub === window.__publishPc"
                    + " && __rinjo.client.localStream.getTracks().every(t => t.readyState === 'live')"
                    + " && document.getElementById('self-view').srcObject.getVideoTracks()[0].readyState === 'live'")).isEqualTo(true);
            contractor.assertNoConsoleErrors();
        }
    }

    /**
     * How much of the video's picture its box shows, 0..1: object-fit cover crops whatever does not
     * fit the box's shape; contain (and a box of the picture's own shape) shows all of it.
     */
    static final String SHOWN = "(v => { const b = v.getBoundingClientRect(); const fit = getComputedStyle(v).objectFit;"
            + " const box = b.width / b.height; const shot = v.videoWidth / v.videoHeight;"
            + " return fit === 'contain' || fit === 'scale-down' ? 1 : Math.min(box / shot, shot / box); })";

    /** The element's box lies within the viewport (and the page is scrolled to its top). */
    static JsonObject box(Page page, String selector) {
        return page.evaluateObject("(() => { const b = document.querySelector(" + js(selector) + ").getBoundingClientRect();"
                + " return {left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: innerWidth, height: innerHeight}; })()");
    }

    static void assertOnScreen(JsonObject b, String what) {
        assertThat(b.getDouble("left")).as("%s left %s", what, b).isGreaterThanOrEqualTo(-0.5);
        assertThat(b.getDouble("top")).as("%s top %s", what, b).isGreaterThanOrEqualTo(-0.5);
        assertThat(b.getDouble("right")).as("%s right %s", what, b).isLessThanOrEqualTo(b.getDouble("width") + 0.5);
        assertThat(b.getDouble("bottom")).as("%s bottom %s", what, b).isLessThanOrEqualTo(b.getDouble("height") + 0.5);
    }

    static boolean overlap(JsonObject a, JsonObject b) {
        return a.getDouble("left") < b.getDouble("right") - 0.5 && b.getDouble("left") < a.getDouble("right") - 0.5
                && a.getDouble("top") < b.getDouble("bottom") - 0.5 && b.getDouble("top") < a.getDouble("bottom") - 0.5;
    }

    @Test
    void uprightOrSidewaysThePhoneShowsTheWholeShotAndSidewaysTheCallFitsTheScreen() throws Exception {
        String admin = server.loginAdmin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject invitation = sessionWithInvitation(admin, "PHONE-TURNED", now, now.plus(Duration.ofHours(1)));
        try (HeadlessChromium site = HeadlessChromium.launch(options("pages-turned"))) {
            Page contractor = site.open("about:blank");
            UserInput.emulatePhone(contractor);
            // a phone held upright films in portrait (720×1280): the fake camera is asked for that shape
            contractor.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source",
                    "const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);"
                    + " navigator.mediaDevices.getUserMedia = c => gum(c && c.video"
                    + " ? {...c, video: {...c.video, width: {exact: 720}, height: {exact: 1280}}} : c);"));
            contractor.navigate(server.url("/join/?test#" + invitation.getString("token")));
            awaitView(contractor, "view-lobby");
            contractor.waitFor("document.getElementById('lobby-preview').videoHeight === 1280", WAIT);
            assertThat(((Number) contractor.evaluate(SHOWN + "(document.getElementById('lobby-preview'))")).doubleValue())
                    .as("share of the upright picture the lobby preview shows").isGreaterThan(0.99);
            screenshot(contractor, "contractor-lobby-upright");

            // --- the phone is turned sideways (844×390), and with it the picture (1280×720)
            contractor.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 844).put("height", 390)
                    .put("deviceScaleFactor", 2).put("mobile", true)
                    .put("screenOrientation", new JsonObject().put("type", "landscapePrimary").put("angle", 90)));
            contractor.evaluate("document.getElementById('lobby-preview').srcObject.getVideoTracks()[0]"
                    + ".applyConstraints({width: {exact: 1280}, height: {exact: 720}}).then(() => 'turned')");
            contractor.waitFor("document.getElementById('lobby-preview').videoWidth === 1280", WAIT);
            assertThat(((Number) contractor.evaluate(SHOWN + "(document.getElementById('lobby-preview'))")).doubleValue())
                    .as("share of the sideways picture the lobby preview shows").isGreaterThan(0.99);
            // no media node takes the first publication (in a cluster, one restarting): signaling's answer
            // media-unavailable is given to the first publish offer by the page's socket
            contractor.evaluate("window.WebSocket = class extends WebSocket { send(d) { const m = JSON.parse(d);"
                    + " if (m.type === 'sdp' && m.purpose === 'publish' && !window.refused) { window.refused = true;"
                    + "   setTimeout(() => this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify("
                    + "     {v: 1, type: 'error', code: 'media-unavailable', message: 'no media node', ref: m.ref})})), 10); return; }"
                    + " super.send(d); } }; 'patched'");
            click(contractor, "#join-button");
            awaitView(contractor, "view-call");
            contractor.waitFor("__rinjo.state === 'joined' && document.getElementById('self-view').videoWidth === 1280", WAIT);
            contractor.waitFor("!document.getElementById('media-warning').hidden", WAIT);
            assertThat(text(contractor, "#media-warning-text")).startsWith("映像サーバーに接続できません").contains("自動で接続し直しています");
            contractor.evaluate("window.scrollTo(0, 0); document.activeElement.blur(); 'top'");
            assertOnScreen(box(contractor, "#media-warning"), "warning");
            assertOnScreen(box(contractor, "#self-view"), "own picture under the warning");
            screenshot(contractor, "contractor-call-sideways-no-media-node");
            // the page publishes again by itself and the warning goes once the phone sends
            contractor.waitFor("document.getElementById('media-warning').hidden", WAIT);
            assertThat(contractor.evaluate("window.refused && __rinjo.client._pub.connectionState === 'connected'")).isEqualTo(true);
            contractor.evaluate("window.scrollTo(0, 0); 'top'");

            // nobody sends the phone a picture: its own view is the large one by itself
            assertThat(contractor.evaluate("document.getElementById('self-toggle').getAttribute('aria-pressed')")).isEqualTo("true");
            JsonObject large = box(contractor, "#self-view");
            assertOnScreen(large, "enlarged own picture");
            assertThat(overlap(large, box(contractor, ".controls"))).as("enlarged own picture under the controls").isFalse();
            assertThat(large.getDouble("bottom") - large.getDouble("top")).as("enlarged height").isGreaterThan(200);
            screenshot(contractor, "contractor-call-sideways-self-large");

            // made small by a tap: the stage, the own picture and every control are on the screen at once;
            // the own picture is not under the controls, and it shows all of what is sent
            click(contractor, "#self-toggle");
            contractor.evaluate("window.scrollTo(0, 0); 'top'");
            assertThat(contractor.evaluate("document.getElementById('self-toggle').getAttribute('aria-pressed')")).isEqualTo("false");
            JsonObject self = box(contractor, "#self-view");
            JsonObject controls = box(contractor, ".controls");
            assertOnScreen(box(contractor, ".call-contractor .stage"), "stage");
            assertOnScreen(self, "own picture");
            assertOnScreen(controls, "controls");
            for (String button : List.of("#btn-mic", "#btn-switch", "#btn-leave")) {
                assertOnScreen(box(contractor, button), button);
            }
            assertThat(overlap(self, controls)).as("own picture %s under the controls %s", self, controls).isFalse();
            assertThat(((Number) contractor.evaluate(SHOWN + "(document.getElementById('self-view'))")).doubleValue())
                    .as("share of the picture the own view shows").isGreaterThan(0.99);
            screenshot(contractor, "contractor-call-sideways");
            Accessibility.check(contractor, "contractor-call-sideways");
            contractor.assertNoConsoleErrors();
        }
    }

    @Test
    void theContractorPageExplainsLinksThatAreWithdrawnExpiredNotYetOpenOrOverOrBroken() throws Exception {
        String admin = server.loginAdmin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject expiring = sessionWithInvitation(admin, "ERR-EXPIRED", now.minus(Duration.ofHours(1)), now.plusSeconds(3));
        JsonObject revoked = sessionWithInvitation(admin, "ERR-REVOKED", now, now.plus(Duration.ofHours(1)));
        server.call(HttpMethod.DELETE, "/api/invitations/" + revoked.getString("id"), admin, null, 204);
        JsonObject later = sessionWithInvitation(admin, "ERR-LATER", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        JsonObject cancelled = sessionWithInvitation(admin, "ERR-CANCELLED", now, now.plus(Duration.ofHours(1)));
        server.call(HttpMethod.POST, "/api/sessions/" + cancelled.getString("sessionId") + "/cancel", admin, null, 200);

        try (HeadlessChromium browser = HeadlessChromium.launch(options("pages-errors"))) {
            Page page = browser.open("about:blank");
            UserInput.emulatePhone(page);
            int n = 0;
            record Case(String token, String code, String title, String shot) {
            }
            // the expiring one is checked last, once its window is over
            for (Case c : List.of(
                    new Case(revoked.getString("token"), "token-revoked", "この招待は取り消されました", "contractor-error-revoked"),
                    new Case(later.getString("token"), "token-not-yet-valid", "まだ参加できません（開始前）", "contractor-error-not-yet-open"),
                    new Case("i1.broken.link", "token-invalid", "招待リンクが正しくありません", "contractor-error-invalid"))) {
                page.navigate(server.url("/join/?n=" + (++n) + "#" + c.token()));
                awaitView(page, "view-error");
                assertThat(page.evaluate("document.getElementById('view-error').dataset.code")).as(c.code()).isEqualTo(c.code());
                assertThat(text(page, "#error-title")).isEqualTo(c.title());
                screenshot(page, c.shot());
                Accessibility.check(page, c.shot());
            }
            // a link to a session that is over says how it ended: here, cancelled
            page.navigate(server.url("/join/?n=" + (++n) + "#" + cancelled.getString("token")));
            awaitView(page, "view-end");
            assertThat(text(page, "#end-title")).isEqualTo("この遠隔臨場は中止されました");
            assertThat(page.evaluate("document.getElementById('view-end').dataset.status")).isEqualTo("CANCELLED");
            screenshot(page, "contractor-link-after-cancel");
            Accessibility.check(page, "contractor-link-after-cancel");

            // the error screens switch to English and back
            page.navigate(server.url("/join/?n=" + (++n) + "#" + revoked.getString("token")));
            awaitView(page, "view-error");
            click(page, "#lang-toggle");
            assertThat(text(page, "#error-title")).isEqualTo("This invitation was withdrawn");
            assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("en");
            screenshot(page, "contractor-error-revoked-en");
            click(page, "#lang-toggle");
            assertThat(text(page, "#error-title")).isEqualTo("この招待は取り消されました");

            // not yet open: says from when (30 minutes before the window, JST)
            page.navigate(server.url("/join/?n=" + (++n) + "#" + later.getString("token")));
            awaitView(page, "view-error");
            assertThat(text(page, "#error-when")).startsWith("参加できるのは ").endsWith("JST からです。");

            while (Instant.now().isBefore(now.plusSeconds(4))) {
                Thread.sleep(250);
            }
            page.navigate(server.url("/join/?n=" + (++n) + "#" + expiring.getString("token")));
            awaitView(page, "view-error");
            assertThat(page.evaluate("document.getElementById('view-error').dataset.code")).isEqualTo("token-expired");
            assertThat(text(page, "#error-title")).isEqualTo("この招待リンクは期限切れです");
            assertThat(text(page, "#error-when")).startsWith("有効期限: ").endsWith("JST");
            screenshot(page, "contractor-error-expired");

            // the landing page links the inspector desk
            page.navigate(server.url("/"));
            assertThat(page.evaluate("document.querySelector('a[href=\"/inspector/\"]') != null")).isEqualTo(true);

            // the only errors are the refused lobby requests themselves (the browser logs every 4xx)
            assertThat(page.errors()).allSatisfy(e -> {
                assertThat(e.text()).containsPattern("status of (401|409)");
                assertThat(e.url()).endsWith("/api/guest/session");
            });
        }
    }

    @Test
    void theLoginFormWorksByKeyboardAloneWithVisibleFocus() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.launch(options("pages-keyboard"))) {
            Page home = browser.open(server.url("/"));
            home.waitFor("document.querySelector('a[href=\"/archive/\"]') !== null", WAIT);
            screenshot(home, "home");
            Accessibility.check(home, "home");
            home.close();
            Page page = browser.open(server.url("/inspector/"));
            awaitView(page, "view-login");
            // the login name has focus on arrival; Tab goes through the form, then the header, round again
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("login-name");
            java.util.List<String> order = new java.util.ArrayList<>();
            for (int i = 0; i < 10 && order.size() < 6; i++) {
                press(page, "Tab");
                String at = (String) page.evaluate("document.activeElement === document.body ? '' : (document.activeElement.id || document.activeElement.className)");
                if (!at.isEmpty()) {
                    order.add(at);
                }
            }
            assertThat(order).containsExactly("login-password", "login-submit", "skip-link", "brand", "lang-toggle", "login-name");
            // the focused element shows a ring
            JsonObject ring = page.evaluateObject("(() => { const s = getComputedStyle(document.activeElement);"
                    + " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; })()");
            assertThat(ring.getString("style")).isNotEqualTo("none");
            assertThat(ring.getDouble("width")).isGreaterThanOrEqualTo(2.0);

            // the language switch works from the keyboard and back
            press(page, "Tab", true);
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("lang-toggle");
            press(page, "Enter");
            assertThat(text(page, "#login-title")).isEqualTo("Inspector login");
            assertThat(page.evaluate("document.documentElement.lang")).isEqualTo("en");
            press(page, " ");
            assertThat(text(page, "#login-title")).isEqualTo("監督職員ログイン");

            // wrong password: the error is announced and focus returns to the password
            press(page, "Tab");
            typeHere(page, "admin");
            press(page, "Tab");
            typeHere(page, "wrong-password");
            press(page, "Enter");
            page.waitFor("document.getElementById('login-error').textContent.includes('ログイン名またはパスワードが違います')", WAIT);
            assertThat(page.evaluate("document.getElementById('login-error').getAttribute('role')")).isEqualTo("alert");
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("login-password");
            screenshot(page, "inspector-login-error");
            Accessibility.check(page, "inspector-login-error");
            // the wrong password is selected: typing replaces it
            typeHere(page, TestServer.ADMIN_PASSWORD);
            press(page, "Enter");
            awaitView(page, "view-list");
            page.waitFor("document.activeElement.id === 'list-title'", WAIT);
            assertThat(page.errors()).allSatisfy(e -> assertThat(e.url()).endsWith("/api/auth/login"));
        }
    }
}
