package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * What the contractor meets on site that the happy path does not show: a link opened in a browser
 * that cannot use the camera (an app's built-in browser), a reconnect that finds no media node
 * taking the camera, and a phone coming back from the lock screen to a connection that died
 * meanwhile.
 */
class ContractorPhoneBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static String invitation(String contractNo) throws Exception {
        String admin = server.loginAdmin();
        return server.invite(admin, server.scheduleSessionNow(admin, contractNo), "CONTRACTOR", "現場代理人 山田");
    }

    static Page phone(HeadlessChromium browser) {
        Page page = browser.open("about:blank");
        UserInput.emulatePhone(page);
        return page;
    }

    static void awaitView(Page page, String id) {
        page.waitFor("!document.getElementById(" + UserInput.js(id) + ").hidden", WAIT);
    }

    @Test
    void aBrowserThatCannotUseTheCameraSaysToOpenTheLinkInSafariOrChromeAndCopiesIt() throws Exception {
        String token = invitation("PHONE-IN-APP");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-in-app"))) {
            Page page = phone(browser);
            // an app's built-in browser (LINE, a mail app) gives pages no camera: navigator.mediaDevices is missing
            page.call("Page.addScriptToEvaluateOnNewDocument", new JsonObject().put("source",
                    "Object.defineProperty(Navigator.prototype, 'mediaDevices', {get: () => undefined, configurable: true});"));
            browser.call("Browser.grantPermissions", new JsonObject().put("origin", server.url(""))
                    .put("permissions", new io.vertx.core.json.JsonArray().add("clipboardReadWrite").add("clipboardSanitizedWrite")));
            page.navigate(server.url("/join/#" + token));
            awaitView(page, "view-lobby");
            page.waitFor("document.getElementById('preview-status').classList.contains('form-error')", WAIT);
            assertThat(text(page, "#preview-status")).startsWith("このブラウザではカメラを使えません。")
                    .contains("Safari（iPhone）または Chrome（Android）");
            // trying the camera again here cannot help; copying the link to another browser can
            assertThat(page.evaluate("document.getElementById('preview-retry').hidden")).isEqualTo(true);
            click(page, "#preview-copy");
            page.waitFor("!document.getElementById('preview-copied').hidden", WAIT);
            assertThat(text(page, "#preview-copied")).startsWith("コピーしました。");
            assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(server.url("/join/#" + token));
            screenshot(page, "contractor-lobby-no-camera-api");
            Accessibility.check(page, "contractor-lobby-no-camera-api");
            // joining is refused with a pointer to that message, not a connection that sends nothing
            click(page, "#join-button");
            page.waitFor("document.getElementById('join-error').textContent !== ''", WAIT);
            assertThat(text(page, "#join-error")).startsWith("カメラとマイクが使えないため参加できません");
            assertThat(page.evaluate("document.getElementById('view-lobby').hidden")).isEqualTo(false);
            // in English too
            click(page, "#lang-toggle");
            assertThat(text(page, "#preview-status")).startsWith("This browser cannot use the camera.");
            assertThat(text(page, "#preview-copy")).isEqualTo("Copy this link");
            page.assertNoConsoleErrors();
        }
    }

    /** The contractor has joined and the phone sends to the media node. */
    static Page joined(HeadlessChromium browser, String token) {
        return joined(browser, token, "");
    }

    /** @param waits the page's waits to shorten, e.g. {@code &longReconnect=4000} (call-ui.js testWaitMs) */
    static Page joined(HeadlessChromium browser, String token, String waits) {
        Page page = phone(browser);
        page.navigate(server.url("/join/?test" + waits + "#" + token));
        awaitView(page, "view-lobby");
        page.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
        // the media node's refusal, media-unavailable, answers publish offers while window.refusePublish
        // is set, as signaling does while no media node takes the session (in a cluster, one restarting)
        page.evaluate("window.WebSocket = class extends WebSocket { send(d) { const m = JSON.parse(d);"
                + " if (m.type === 'sdp' && m.purpose === 'publish' && window.refusePublish) {"
                + "   window.refused = (window.refused || 0) + 1;"
                + "   setTimeout(() => this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify("
                + "     {v: 1, type: 'error', code: 'media-unavailable', message: 'no media node', ref: m.ref})})), 10); return; }"
                + " super.send(d); } }; 'patched'");
        click(page, "#join-button");
        awaitView(page, "view-call");
        page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
        return page;
    }

    @Test
    void aPhoneLeftInTheLobbyPausesItsCameraAndJoiningShowsTheSiteAgain() throws Exception {
        String token = invitation("PHONE-LOBBY-IDLE");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-lobby-idle"))) {
            Page page = phone(browser);
            // three minutes untouched in real use; 1.5 s here
            page.navigate(server.url("/join/?test&lobbyIdle=1500#" + token));
            awaitView(page, "view-lobby");
            page.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
            page.waitFor("document.getElementById('preview-status').textContent.startsWith('電池の節約のため、カメラを止めました')", WAIT);
            assertThat(page.evaluate("document.getElementById('lobby-preview').srcObject === null")).isEqualTo(true);
            assertThat(page.evaluate("document.getElementById('preview-retry').hidden")).isEqualTo(false);
            screenshot(page, "contractor-lobby-camera-paused");

            click(page, "#join-button");
            awaitView(page, "view-call");
            page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
            // the camera is open again and sent: live tracks on the publish connection
            page.waitFor("__rinjo.client._pub.getSenders().some(s => s.track && s.track.kind === 'video'"
                    + " && s.track.readyState === 'live')", WAIT);
            page.waitFor("document.getElementById('self-view').videoWidth > 0", WAIT);
            page.assertNoConsoleErrors();
        }
    }

    @Test
    void aReconnectThatFindsNoMediaNodeSaysNothingIsSentUntilThePhoneSendsAgain() throws Exception {
        String token = invitation("PHONE-NO-NODE");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-no-node"))) {
            Page page = joined(browser, token);
            assertThat(page.evaluate("document.getElementById('media-warning').hidden")).isEqualTo(true);

            // the network drops; signaling comes back, but no media node takes the camera
            page.evaluate("window.refusePublish = true; __rinjo.dropNetwork()");
            page.waitFor("window.refused >= 1 && __rinjo.state === 'joined'", WAIT);
            // "再接続しました" alone would say all is well while nothing is sent or recorded
            page.waitFor("!document.getElementById('media-warning').hidden", WAIT);
            assertThat(text(page, "#media-warning-text")).startsWith("映像サーバーに接続できません。音声・映像は送られていません。");
            screenshot(page, "contractor-call-reconnected-no-media-node");

            // a media node takes it again: the page publishes by itself and the warning goes
            page.evaluate("window.refusePublish = false; 'allowed'");
            page.waitFor("document.getElementById('media-warning').hidden", WAIT);
            assertThat(page.evaluate("__rinjo.client._pub.connectionState")).isEqualTo("connected");
            page.assertNoConsoleErrors();
        }
    }

    @Test
    void aPhoneBackFromTheLockScreenFindsItsDeadConnectionAtOnceAndReconnects() throws Exception {
        String token = invitation("PHONE-UNLOCKED");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-unlocked"))) {
            Page page = joined(browser, token);
            int statesBefore = ((Number) page.evaluate("__rinjo.states.length")).intValue();
            // while the screen was locked the carrier dropped the connection without a word (a half-open
            // TCP connection): nothing sent on it arrives, nothing comes back, and closing it never
            // completes (the close handshake has no one to answer it)
            page.evaluate("(() => { const ws = __rinjo.client._ws; ws.send = () => {}; ws.close = () => {}; return 'dead'; })()");
            // the contractor unlocks the phone: the page is shown again. The keepalive alone would notice
            // the dead connection only 20 + 10 s after the last join; the page is back in the call long before
            page.evaluate("document.dispatchEvent(new Event('visibilitychange')); 'shown'");
            page.waitFor("__rinjo.states.slice(" + statesBefore + ").includes('reconnecting')", Duration.ofSeconds(12));
            page.waitFor("document.getElementById('reconnect-banner').textContent === '再接続しました'", WAIT);
            page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
            page.assertNoConsoleErrors();
        }
    }

    @Test
    void aReconnectThatGoesOnSaysWhatToTryAndTheCallComesBackWithTheSignal() throws Exception {
        String token = invitation("PHONE-NO-SIGNAL");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-no-signal"))) {
            // 15 s of reconnecting in real use before the banner says what to try; 4 s here
            Page page = joined(browser, token, "&longReconnect=4000");
            // no signal: the connection is lost, and every new one fails
            page.evaluate("(() => { const c = __rinjo.client; window.realUrl = c.url; c.url = 'wss://127.0.0.1:9/ws'; c._ws.close();"
                    + " return 'lost'; })()");
            page.waitFor("document.getElementById('reconnect-banner').textContent === '再接続中…'", WAIT);
            // after a while the banner says what the contractor can do, while the page keeps trying by itself
            page.waitFor("document.getElementById('reconnect-banner').textContent.startsWith('接続が回復しません')", Duration.ofSeconds(30));
            assertThat(text(page, "#reconnect-banner")).contains("電波の良い場所");
            screenshot(page, "contractor-call-reconnecting-long");
            page.evaluate("(() => { __rinjo.client.url = window.realUrl; window.dispatchEvent(new Event('online')); return 'back'; })()");
            page.waitFor("document.getElementById('reconnect-banner').textContent === '再接続しました'", WAIT);
            page.waitFor("__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'", WAIT);
        }
    }

    @Test
    void aLobbyThatDoesNotLoadOnADeadLinkSaysSoInsteadOfLoadingForMinutes() throws Exception {
        String token = invitation("PHONE-DEAD-LINK");
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-dead-link"))) {
            Page page = phone(browser);
            // the request for the session's details leaves the phone and no answer ever comes back
            page.call("Fetch.enable", new JsonObject().put("patterns", new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("urlPattern", "*/api/guest/session*").put("requestStage", "Request"))));
            // the page gives up after 15 s in real use; 2 s here
            page.navigate(server.url("/join/?test&lobbyTimeout=2000#" + token));
            page.waitFor("!document.getElementById('view-error').hidden", Duration.ofSeconds(45));
            assertThat(page.evaluate("document.getElementById('view-error').dataset.code")).isEqualTo("network");
            assertThat(text(page, "#view-error")).contains("接続できません").contains("電波の良い場所");
        }
    }

    @Test
    void aLinkOpenedAfterTheSessionEndedShowsTheResultAndTheInstructions() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "PHONE-AFTER-END");
        String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        server.goLive(admin, session);
        server.call(io.vertx.core.http.HttpMethod.POST, "/api/sessions/" + session + "/end", admin,
                new JsonObject().put("result", "INSTRUCTION").put("note", "A1橋台の鉄筋かぶりを是正し、写真を提出してください。"), 200);
        try (HeadlessChromium browser = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("phone-after-end"))) {
            // the next morning, the contractor opens the link again to read what the inspector asked for
            Page page = phone(browser);
            page.navigate(server.url("/join/#" + token));
            awaitView(page, "view-end");
            assertThat(text(page, "#end-result")).contains("指示事項");
            assertThat(text(page, "#end-note")).isEqualTo("A1橋台の鉄筋かぶりを是正し、写真を提出してください。");
            screenshot(page, "contractor-after-end"); // (the console shows the lobby's 409 session-closed, which led here)
        }
    }
}
