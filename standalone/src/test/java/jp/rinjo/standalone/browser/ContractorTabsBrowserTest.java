package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The contractor taps the invitation link again (from mail or LINE) while a tab of it is still open.
 * On a phone the camera is exclusive: the new tab would get "camera busy" while the old one, out of
 * sight, keeps it. Here the new tab takes the camera and the call over, the old one says so and can
 * take them back; a link opened on another device replaces the call through the server, and the old
 * page lets go of its camera too.
 *
 * <p>Chromium's fake camera can be opened by any number of pages; {@link ExclusiveCameraFake} makes it
 * exclusive within the browser, as a phone's camera is, so that a page that kept it would show.
 */
class ContractorTabsBrowserTest extends SharedServerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration MEDIA = Duration.ofSeconds(45);

    /** Every camera and microphone track the page was ever given has ended. */
    /** The camera and the microphone at least: both ended. */
    static final String ALL_TRACKS_ENDED = "__fakeCamera.tracks.length >= 2 && " + ExclusiveCameraFake.ALL_TRACKS_ENDED;
    static final String PUBLISHING = "__rinjo.state === 'joined' && __rinjo.client._pub?.connectionState === 'connected'"
            + " && __rinjo.client._pub.getSenders().some(s => s.track?.kind === 'video' && s.track.readyState === 'live')";

    static void awaitView(Page page, String id) {
        page.waitFor("!document.getElementById(" + js(id) + ").hidden", WAIT);
    }

    /** A new tab of the phone's browser, whose camera is exclusive; extra: more script run before the page's. */
    static Page tab(HeadlessChromium phone, String extra) {
        Page page = phone.open("about:blank");
        UserInput.emulatePhone(page);
        ExclusiveCameraFake.install(page, extra);
        return page;
    }

    /** Opens the link in the page and waits for the lobby's camera picture. */
    static void openLink(Page page, String token) {
        page.navigate(server.url("/join/?test#" + token));
        awaitView(page, "view-lobby");
        page.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
    }

    static void joinCall(Page page) {
        click(page, "#join-button");
        awaitView(page, "view-call");
        page.waitFor(PUBLISHING, WAIT);
    }

    static Page inspector(HeadlessChromium office, String sessionId) {
        Page page = office.open("about:blank");
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

    /** The inspector's large video decodes `more` frames beyond what it had: the phone's picture arrives. */
    static void awaitSiteVideo(Page desk, int more) {
        String decoded = "__rinjo.videos().then(vs => vs.filter(v => v.main).map(v => v.framesDecoded)[0] ?? 0)";
        long before = ((Number) desk.evaluate(decoded)).longValue();
        desk.waitFor(decoded + ".then(n => n >= " + (before + more) + ")", MEDIA);
    }

    static void assertReplaced(Page page) {
        awaitView(page, "view-error");
        assertThat(page.evaluate("document.getElementById('view-error').dataset.code")).isEqualTo("replaced");
        assertThat(text(page, "#error-title")).isEqualTo("別の画面で参加しました");
        assertThat(text(page, "#error-text")).contains("カメラとマイクを止めました");
        assertThat(page.evaluate("document.getElementById('view-call').hidden")).isEqualTo(true);
        // the camera and the microphone are given up with the message, not some time later
        assertThat(page.evaluate(ALL_TRACKS_ENDED)).isEqualTo(true);
        assertThat(page.evaluate("__rinjo.state")).isEqualTo("closed");
    }

    @Test
    void aSecondTabOfTheLinkTakesTheCameraAndTheCallAndTheFirstTakesThemBack() throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "TABS-HANDOVER");
        String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium phone = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("tabs-phone"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("tabs-office"))) {
            Page desk = inspector(office, session);
            Page first = tab(phone, "");
            openLink(first, token);
            joinCall(first);
            awaitSiteVideo(desk, 20);

            // --- the contractor taps the link again: the new tab gets the camera, the first lets go
            Page second = tab(phone, "");
            openLink(second, token);
            assertThat(text(second, "#preview-status")).isEqualTo("カメラ: 背面（現場を映します）");
            assertReplaced(first);
            assertThat(first.evaluate("document.getElementById('error-takeback').hidden")).isEqualTo(false);
            assertThat(text(first, "#error-takeback")).isEqualTo("この画面で続ける");
            screenshot(first, "contractor-tab-handed-over");
            Accessibility.check(first, "contractor-tab-handed-over");
            joinCall(second);
            // nothing comes from the first tab any more: frames that still arrive are the second's
            awaitSiteVideo(desk, 30);
            desk.waitFor("[...__rinjo.client.participants.values()].filter(p => p.role === 'CONTRACTOR').length === 1", WAIT);

            // --- 「この画面で続ける」 in the first tab: the same handover the other way, straight back into the call
            click(first, "#error-takeback");
            awaitView(first, "view-call");
            first.waitFor(PUBLISHING, WAIT);
            assertReplaced(second);
            awaitSiteVideo(desk, 30);
            assertThat(first.evaluate("document.getElementById('self-view').videoWidth > 0")).isEqualTo(true);

            // in English too
            click(second, "#lang-toggle");
            assertThat(text(second, "#error-title")).isEqualTo("Joined from another screen");
            assertThat(text(second, "#error-takeback")).isEqualTo("Continue on this screen");
            first.assertNoConsoleErrors();
            second.assertNoConsoleErrors();
            desk.assertNoConsoleErrors();
        }
    }

    @Test
    void aTabOpenedWhileTheFirstIsStillInTheLobbyTakesTheCameraAndTheFirstTakesItBackInTheLobby() throws Exception {
        String admin = server.loginAdmin();
        String token = server.invite(admin, server.scheduleSessionNow(admin, "TABS-LOBBY"), "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium phone = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("tabs-lobby"))) {
            Page first = tab(phone, "");
            openLink(first, token);
            Page second = tab(phone, "");
            openLink(second, token);
            awaitView(first, "view-error");
            assertThat(first.evaluate("document.getElementById('view-error').dataset.code")).isEqualTo("replaced");
            assertThat(first.evaluate(ALL_TRACKS_ENDED)).isEqualTo(true);
            // the first had not joined: taking it back shows the lobby's picture again, and joining stays a tap away
            click(first, "#error-takeback");
            awaitView(first, "view-lobby");
            first.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
            awaitView(second, "view-error");
            assertThat(second.evaluate(ALL_TRACKS_ENDED)).isEqualTo(true);
            joinCall(first);
            first.assertNoConsoleErrors();
            second.assertNoConsoleErrors();
        }
    }

    @Test
    void theLinkJoinedOnAnotherDeviceReplacesTheCallAndThePhoneLetsGoOfItsCamera() throws Exception {
        String admin = server.loginAdmin();
        String token = server.invite(admin, server.scheduleSessionNow(admin, "TABS-DEVICE"), "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium phone = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("tabs-device"))) {
            Page first = tab(phone, "");
            openLink(first, token);
            joinCall(first);
            // another device: its own browser profile, which no message between tabs reaches; only the server knows
            Page tablet = phone.openIsolated("about:blank");
            UserInput.emulatePhone(tablet);
            tablet.navigate(server.url("/join/?test#" + token));
            awaitView(tablet, "view-lobby");
            tablet.waitFor("document.getElementById('lobby-preview').videoWidth > 0", WAIT);
            joinCall(tablet);
            assertReplaced(first);
            first.assertNoConsoleErrors();
        }
    }

    @Test
    void withoutBroadcastChannelTheSecondTabSaysTheCameraIsBusyAsBefore() throws Exception {
        String admin = server.loginAdmin();
        String token = server.invite(admin, server.scheduleSessionNow(admin, "TABS-OLD"), "CONTRACTOR", "現場代理人 山田");
        try (HeadlessChromium phone = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("tabs-old"))) {
            String noChannel = "delete window.BroadcastChannel;";
            Page first = tab(phone, noChannel);
            openLink(first, token);
            joinCall(first);
            Page second = tab(phone, noChannel);
            second.navigate(server.url("/join/?test#" + token));
            awaitView(second, "view-lobby");
            second.waitFor("document.getElementById('preview-status').classList.contains('form-error')", WAIT);
            assertThat(text(second, "#preview-status")).startsWith("カメラが他のアプリか別のタブで使用中です");
            // the first tab goes on as it was
            assertThat(first.evaluate("document.getElementById('view-call').hidden")).isEqualTo(false);
            assertThat(first.evaluate(PUBLISHING)).isEqualTo(true);
        }
    }
}
