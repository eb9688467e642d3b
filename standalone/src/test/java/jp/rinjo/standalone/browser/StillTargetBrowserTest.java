package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.PointerBrowserTest.MEDIA;
import static jp.rinjo.standalone.browser.PointerBrowserTest.WAIT;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.js;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two phones stream from the site and the inspector presses 静止画: the phone whose video he has large takes the
 * still, the other is not asked; the button says whose video it takes and the strip who took each still.
 * Choosing the other phone's video for the stage makes the next still that phone's.
 */
class StillTargetBrowserTest {
    @TempDir
    Path dir;

    /** The still-requests a phone is sent, and the chat it is sent (the inspector's chat comes after any request before it). */
    static void listen(Page phone) {
        phone.evaluate("window.asked = []; window.chats = [];"
                + " __rinjo.client.addEventListener('message', e => e.detail.type === 'still-request' && asked.push(e.detail.id));"
                + " __rinjo.client.addEventListener('chat', e => chats.push(e.detail.text)); 'listening'");
    }

    static final String LOADED = "[...document.querySelectorAll('#still-list img')].every(i => i.complete && i.naturalWidth > 0)";

    /** Everything the room sent before this chat has reached both phones: what they were asked is all they will be. */
    static void settle(Page desk, String mark, Page... phones) {
        desk.evaluate("__rinjo.client.chat(" + js(mark) + "); 'sent'");
        for (Page phone : phones) {
            phone.waitFor("chats.includes(" + js(mark) + ")", WAIT);
        }
    }

    @Test
    void theStillComesFromThePhoneWhoseVideoIsOnTheStageOnly() throws Exception {
        try (TwoPhonesCall call = TwoPhonesCall.start(dir, "still-target")) {
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
            phoneA.waitFor("document.getElementById('still-status').textContent === '静止画を送信しました'", WAIT);

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
            phoneB.waitFor("document.getElementById('still-status').textContent === '静止画を送信しました'", WAIT);
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
}
