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
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Poll;

/**
 * Two phones stream from the site into one call ({@link TwoPhonesCall}, started once for the class: the two phones
 * and the desk take most of the time) and what the inspector does goes to the phone whose video he has large: his
 * marks and his still requests; after the call the archive draws each mark over that phone's video. The tests run
 * in order on the one call (the last ends it and reads the marks the first drew).
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

    static final String PLAYER = "document.getElementById('player')";
    static final String REPLAYED = "[...document.querySelectorAll('.pointer-replay .mark')]"
            + ".filter(m => getComputedStyle(m).display !== 'none').map(m => m.classList.contains('mark-line') ? 'line' : 'pointer').join()";

    /**
     * After the call (its marks are those of the first test: a line on A's video, then a pointer on B's and B's 消去),
     * the archive draws each mark over the video of the phone it was drawn on: choosing one in the list plays that
     * phone's video from its moment with that mark only, and B's 消去 ends B's pointer, not A's line.
     */
    @Test
    @Order(3)
    void theArchiveDrawsEachMarkOverTheVideoOfThePhoneItWasDrawnOn() throws Exception {
        TestServer server = call.server();
        String session = call.session();
        String a = call.a();
        String b = call.b();
        server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", call.admin(), new JsonObject().put("result", "PASS"), 200);
        var index = server.running().archive().index();
        Poll.until("the session is sealed, rendered and indexed", MEDIA, () -> index.find(SessionId.of(session)).isPresent());
        JsonObject detail = server.call(HttpMethod.GET, "/api/archive/recordings/" + session, call.admin(), null, 200);
        List<JsonObject> marks = detail.getJsonObject("timeline").getJsonArray("annotations").stream().map(JsonObject.class::cast).toList();
        assertThat(marks.stream().map(m -> m.getString("shape") + " on " + m.getString("target")))
                .as("the first test's marks, each naming its picture").containsExactly("line on " + a, "pointer on " + b, "clear on " + b);
        long lineAt = marks.get(0).getLong("atWallMicros");
        long clearAt = marks.get(2).getLong("atWallMicros");

        Page archive = call.desk(); // the same tab: the login is kept per tab
        archive.navigate(server.url("/archive/#/r/" + session));
        archive.waitFor("!document.getElementById('view-recording').hidden && " + PLAYER + ".readyState >= 1", WAIT);
        assertThat(text(archive, "#annotation-list li[data-annotation='0']")).contains("線").contains("（現場代理人 山田 の映像）");
        assertThat(text(archive, "#annotation-list li[data-annotation='1']")).contains("ポインタ").contains("（職長 鈴木 の映像）");
        assertThat(text(archive, "#annotation-list li[data-annotation='2']")).contains("消去").contains("（職長 鈴木 の映像）");

        // B's pointer: B's video plays from its moment, the pointer over it and A's line not
        click(archive, "#annotation-list li[data-annotation='1'] button");
        archive.waitFor("document.getElementById('rendition-select').value === " + js(b) + " && !" + PLAYER + ".seeking && "
                + REPLAYED + " === 'pointer'", WAIT);
        assertThat(text(archive, "#annotations-other-video")).isEmpty();
        // after B's 消去 B's pointer is gone (it would otherwise show for 8 s)
        seek(archive, detail, b, clearAt + 300_000);
        archive.waitFor(REPLAYED + " === ''", WAIT);

        // A's line: A's video plays from its moment with the line only; after B's 消去 it is still there
        click(archive, "#annotation-list li[data-annotation='0'] button");
        archive.waitFor("document.getElementById('rendition-select').value === " + js(a) + " && !" + PLAYER + ".seeking && "
                + REPLAYED + " === 'line'", WAIT);
        assertThat(clearAt).as("B's clear came within A's line's minute").isLessThan(lineAt + 55_000_000L);
        seek(archive, detail, a, clearAt + 300_000);
        archive.waitFor(REPLAYED + " === 'line'", WAIT);
        screenshot(archive, "archive-two-phones-marks");
        Accessibility.check(archive, "archive-two-phones-marks");
        archive.assertNoConsoleErrors();
    }

    /** Plays the participant's video at that instant of the recording (the rendition's time zero is its first frame's). */
    static void seek(Page archive, JsonObject detail, String participant, long wallMicros) {
        JsonObject rendition = detail.getJsonArray("renditions").stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("participantId").equals(participant)).findFirst().orElseThrow();
        long zero = rendition.getLong("startWallMicros") > 0 ? rendition.getLong("startWallMicros")
                : detail.getJsonObject("timeline").getLong("startWallMicros");
        archive.waitFor("document.getElementById('rendition-select').value === " + js(participant), WAIT);
        archive.evaluate(PLAYER + ".currentTime = " + (wallMicros - zero) / 1e6 + "; 'seek'");
        archive.waitFor("!" + PLAYER + ".seeking", WAIT);
    }
}
