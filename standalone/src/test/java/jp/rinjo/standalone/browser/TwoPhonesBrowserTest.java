package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.PointerBrowserTest.MEDIA;
import static jp.rinjo.standalone.browser.PointerBrowserTest.WAIT;
import static jp.rinjo.standalone.browser.PointerBrowserTest.clickAt;
import static jp.rinjo.standalone.browser.PointerBrowserTest.drag;
import static jp.rinjo.standalone.browser.PointerBrowserTest.onScreen;
import static jp.rinjo.standalone.browser.PointerBrowserTest.picture;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Two phones stream from the site into one call ({@link TwoPhonesCall}, started once for both tests: the
 * two phones and the desk take most of the time) and what the inspector does goes to the phone whose video
 * he has large: his marks and his still requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoPhonesBrowserTest {
    static final String LINE_TOOL = "document.getElementById('pointer-tool-line').getAttribute('aria-pressed')";
    /** Marks the page shows (a picture's marks are kept, hidden, while another picture is on the stage). */
    static final String SHOWN = "[...document.querySelectorAll('.pointer-layer .mark')].filter(g => g.getBoundingClientRect().width > 0)";

    /** The still-requests a phone is sent, and the chat it is sent (the inspector's chat comes after any request before it). */
    static void listen(Page phone) {
        phone.evaluate("window.asked = []; window.chats = [];"
                + " __rinjo.client.addEventListener('message', e => e.detail.type === 'still-request' && asked.push(e.detail.id));"
                + " __rinjo.client.addEventListener('chat', e => chats.push(e.detail.text)); 'listening'");
        StatusLine.record(phone, "still-status");
    }

    static final String LOADED = "[...document.querySelectorAll('#still-list img')].every(i => i.complete && i.naturalWidth > 0)";

    /** Everything the room sent before this chat has reached both phones: what they were asked is all they will be. */
    static void settle(Page desk, String mark, Page... phones) {
        desk.evaluate("__rinjo.client.chat(" + js(mark) + "); 'sent'");
        for (Page phone : phones) {
            phone.waitFor("chats.includes(" + js(mark) + ")", WAIT);
        }
    }

    @TempDir
    static Path dir;
    static TwoPhonesCall call;

    @BeforeAll
    static void startCall() throws Exception {
        call = TwoPhonesCall.start(dir, "two-phones");
    }

    @AfterAll
    static void endCall() {
        if (call != null) {
            call.close();
        }
    }

    /**
     * Two phones stream from the site and the inspector points on the one he has large (with the tool he chose,
     * which stays when the stage shows the other phone): the mark is drawn on that
     * phone only (the other is sent it, and draws nothing), 消去 takes that picture's marks only; choosing the other
     * phone's video for the stage hides the first picture's marks on the desk and shows them again when it comes back.
     */
    @Test
    @Order(1)
    void aMarkGoesToThePhoneWhoseVideoIsOnTheStageAndNoOther() throws Exception {
        Page phoneA = call.phoneA();
        Page phoneB = call.phoneB();
        Page desk = call.desk();
        String a = call.a();
        String b = call.b();
        // one button per phone, named by who holds it
        assertThat(UserInput.text(desk, "#stage-picker")).contains("現場代理人 山田").contains("職長 鈴木");

        // A's video on the stage: a line drawn on it is A's only
        call.stage(a);
        assertThat(desk.evaluate("document.querySelector('#stage-picker button[aria-pressed=true]').dataset.participant")).isEqualTo(a);
        click(desk, "#pointer-tool-line");
        JsonObject seen = picture(desk, "#remote-main video");
        drag(desk, onScreen(seen, 0.2, 0.2), onScreen(seen, 0.6, 0.4));
        phoneA.waitFor("received.length === 1 && document.querySelector('.pointer-layer .mark-line') !== null", WAIT);
        assertThat(phoneA.evaluateObject("received[0]").getString("target")).isEqualTo(a);
        // B is sent it too (the room relays to everyone), and draws nothing of it
        phoneB.waitFor("received.length === 1", WAIT);
        assertThat(phoneB.evaluate("document.querySelectorAll('.pointer-layer .mark').length")).isEqualTo(0);
        assertThat(phoneB.evaluate("document.getElementById('pointer-announcement').textContent")).isEqualTo("");

        // B's video on the stage: A's line is not over it; a pointer there is B's only
        call.stage(b);
        desk.waitFor(SHOWN + ".length === 0", WAIT);
        assertThat(desk.evaluate(LINE_TOOL)).as("the tool chosen stays with another picture on the stage").isEqualTo("true");
        clickAt(desk, onScreen(picture(desk, "#remote-main video"), 0.7, 0.25));
        phoneB.waitFor("received.length === 2 && document.querySelector('.pointer-layer .mark-pointer') !== null", WAIT);
        screenshot(phoneB, "pointer-target-phone-b");
        // the inspector sees his pointer over B's picture, and nothing else
        desk.waitFor(SHOWN + ".length === 1 && " + SHOWN + "[0].classList.contains('mark-pointer')", WAIT);
        screenshot(desk, "pointer-target-desk");
        assertThat(phoneB.evaluateObject("received[1]").getString("target")).isEqualTo(b);
        phoneA.waitFor("received.length === 2", WAIT);
        assertThat(phoneA.evaluate("document.querySelectorAll('.pointer-layer .mark-pointer').length")).isEqualTo(0);
        assertThat(phoneA.evaluate("document.querySelectorAll('.pointer-layer .mark-line').length")).as("A's own line stays").isEqualTo(1);
        screenshot(phoneA, "pointer-target-phone-a");

        // 消去 on B's picture takes B's marks away, not A's
        click(desk, "#pointer-clear");
        phoneB.waitFor("received.length === 3 && received[2].shape === 'clear' && document.querySelectorAll('.pointer-layer .mark').length === 0",
                WAIT);
        phoneA.waitFor("received.length === 3", WAIT);
        assertThat(phoneA.evaluate("document.querySelectorAll('.pointer-layer .mark-line').length")).isEqualTo(1);

        // back to A's video: its line is over it again on the desk, where it was drawn
        call.stage(a);
        desk.waitFor(SHOWN + ".length === 1 && " + SHOWN + "[0].classList.contains('mark-line')", WAIT);
        assertThat(desk.evaluate(LINE_TOOL)).isEqualTo("true");
        Accessibility.check(desk, "pointer-target-desk");
        desk.assertNoConsoleErrors();
        phoneA.assertNoConsoleErrors();
        phoneB.assertNoConsoleErrors();
    }

    /**
     * Two phones stream from the site and the inspector presses 静止画: the phone whose video he has large takes the
     * still, the other is not asked; the button says whose video it takes and the strip who took each still.
     * Choosing the other phone's video for the stage makes the next still that phone's.
     */
    @Test
    @Order(2)
    void theStillComesFromThePhoneWhoseVideoIsOnTheStageOnly() throws Exception {
        Page phoneA = call.phoneA();
        Page phoneB = call.phoneB();
        Page desk = call.desk();
        String a = call.a();
        String b = call.b();
        listen(phoneA);
        listen(phoneB);

        // A's video on the stage: the button says so, and A's phone takes the still
        call.stage(a);
        desk.waitFor("document.querySelector('#btn-still').textContent.includes('山田')", WAIT);
        assertThat(text(desk, "#btn-still")).isEqualTo("静止画（現場代理人 山田さんの映像）");
        click(desk, "#btn-still");
        desk.waitFor("document.querySelectorAll('#still-list li').length === 1 && " + LOADED, MEDIA);
        assertThat(text(desk, "#still-list li .still-by")).isEqualTo("現場代理人 山田");
        assertThat(text(desk, "#still-status")).startsWith("静止画を受け取りました").contains("現場代理人 山田");
        String first = (String) desk.evaluate("document.querySelector('#still-list li').dataset.request");
        settle(desk, "after-a", phoneA, phoneB);
        assertThat(phoneA.evaluate("asked.join()")).isEqualTo(first);
        assertThat(phoneB.evaluate("asked.length")).as("B was not asked").isEqualTo(0);
        assertThat(phoneB.evaluate("document.getElementById('still-status').hidden")).isEqualTo(true);
        phoneA.waitFor(StatusLine.hasShown("still-status", "静止画を送信しました"), WAIT);

        // B's video on the stage: the next still is B's, and A is not asked again
        call.stage(b);
        desk.waitFor("document.querySelector('#btn-still').textContent.includes('鈴木')", WAIT);
        assertThat(text(desk, "#btn-still")).isEqualTo("静止画（職長 鈴木さんの映像）");
        click(desk, "#btn-still");
        desk.waitFor("document.querySelectorAll('#still-list li').length === 2 && " + LOADED, MEDIA);
        // newest first
        assertThat(text(desk, "#still-list li:first-child .still-by")).isEqualTo("職長 鈴木");
        assertThat(text(desk, "#still-list li:last-child .still-by")).isEqualTo("現場代理人 山田");
        String second = (String) desk.evaluate("document.querySelector('#still-list li').dataset.request");
        assertThat(second).isNotEqualTo(first);
        settle(desk, "after-b", phoneA, phoneB);
        assertThat(phoneB.evaluate("asked.join()")).isEqualTo(second);
        assertThat(phoneA.evaluate("asked.join()")).as("A was asked once, before").isEqualTo(first);
        phoneB.waitFor(StatusLine.hasShown("still-status", "静止画を送信しました"), WAIT);
        screenshot(desk, "still-target-desk");
        Accessibility.check(desk, "still-target-desk");

        // in English too
        click(desk, "#lang-toggle");
        assertThat(text(desk, "#btn-still")).isEqualTo("Still (職長 鈴木's video)");
        click(desk, "#lang-toggle");
        desk.assertNoConsoleErrors();
        phoneA.assertNoConsoleErrors();
        phoneB.assertNoConsoleErrors();
    }
}
