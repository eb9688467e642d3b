package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.PointerBrowserTest.WAIT;
import static jp.rinjo.standalone.browser.PointerBrowserTest.clickAt;
import static jp.rinjo.standalone.browser.PointerBrowserTest.drag;
import static jp.rinjo.standalone.browser.PointerBrowserTest.onScreen;
import static jp.rinjo.standalone.browser.PointerBrowserTest.picture;
import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * Two phones stream from the site and the inspector points on the one he has large (with the tool he chose,
 * which stays when the stage shows the other phone): the mark is drawn on that
 * phone only (the other is sent it, and draws nothing), 消去 takes that picture's marks only; choosing the other
 * phone's video for the stage hides the first picture's marks on the desk and shows them again when it comes back.
 */
class PointerTargetBrowserTest {
    /** Marks the page shows (a picture's marks are kept, hidden, while another picture is on the stage). */
    static final String LINE_TOOL = "document.getElementById('pointer-tool-line').getAttribute('aria-pressed')";
    static final String SHOWN = "[...document.querySelectorAll('.pointer-layer .mark')].filter(g => g.getBoundingClientRect().width > 0)";

    @TempDir
    Path dir;

    @Test
    void aMarkGoesToThePhoneWhoseVideoIsOnTheStageAndNoOther() throws Exception {
        try (TwoPhonesCall call = TwoPhonesCall.start(dir, "pointer-target")) {
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
    }
}
