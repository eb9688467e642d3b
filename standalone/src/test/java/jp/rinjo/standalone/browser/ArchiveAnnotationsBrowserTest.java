package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Poll;

/**
 * An auditor replays what the inspector pointed at (指し示し): during a real call the inspector clicks on the
 * contractor's video; the session ends and is sealed with the annotation; on the archive's recording page the
 * contractor's video plays with the pointer drawn over it, on the same spot of the picture although the
 * player's box is wider than the picture (black bars left and right), from its moment and for the 8 s the
 * contractor saw it — when seeking there from the list and when playing through it; a list and the timeline
 * say when, who and what.
 */
class ArchiveAnnotationsBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration MEDIA = Duration.ofSeconds(90);
    /** Where the inspector clicks, in the frame. */
    static final double X = 0.3;
    static final double Y = 0.6;
    /** How long the contractor's phone shows a pointer (pointer-marks.js). */
    static final double POINTER_SECONDS = 8.0;
    static final String MARK = "document.querySelector('.pointer-replay .mark-pointer')";
    static final String MARK_SHOWN = "(" + MARK + " !== null && getComputedStyle(" + MARK + ").display !== 'none')";
    static final String NO_MARK = "document.querySelectorAll('.pointer-replay .mark').length === 0";
    static final String PLAYER = "document.getElementById('player')";

    @TempDir
    Path dir;

    @Test
    void theArchivePlayerDrawsThePointerOnTheSpotOfThePictureAtItsMomentForEightSeconds() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("annot-site"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("annot-office"))) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "ANNOT-1");
            String token = server.invite(admin, session, "CONTRACTOR", "現場代理人 山田");
            Page phone = PointerBrowserTest.contractor(server, site, token);
            Page desk = PointerBrowserTest.inspector(server, office.open("about:blank"), "admin", TestServer.ADMIN_PASSWORD, session);

            // a couple of seconds into the call the inspector points at (30 %, 60 %) of the site video, then the
            // call goes on for longer than the pointer is shown
            String siteVideo = "document.querySelector('#remote-main video')";
            desk.waitFor(siteVideo + ".currentTime > 2", MEDIA);
            PointerBrowserTest.clickAt(desk, PointerBrowserTest.onScreen(PointerBrowserTest.picture(desk, "#remote-main video"), X, Y));
            phone.waitFor("received.length === 1 && received[0].shape === 'pointer'", WAIT);
            double clickedAt = ((Number) desk.evaluate(siteVideo + ".currentTime")).doubleValue();
            desk.waitFor(siteVideo + ".currentTime > " + (clickedAt + POINTER_SECONDS + 3), MEDIA);
            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            phone.close();
            var index = server.running().archive().index();
            Poll.until("the session is sealed, rendered and indexed", MEDIA, () -> index.find(SessionId.of(session)).isPresent());

            // what the API says: the annotation's instant and the rendition's time zero give its moment in the video
            JsonObject detail = server.call(HttpMethod.GET, "/api/archive/recordings/" + session, admin, null, 200);
            JsonArray annotations = detail.getJsonObject("timeline").getJsonArray("annotations");
            assertThat(annotations).hasSize(1);
            JsonObject pointer = annotations.getJsonObject(0);
            assertThat(pointer.getJsonArray("points").encode()).isEqualTo("[[" + Math.round(X * 10000) + "," + Math.round(Y * 10000) + "]]");
            String contractor = detail.getJsonArray("participants").stream().map(JsonObject.class::cast)
                    .filter(p -> "CONTRACTOR".equals(p.getString("role"))).findFirst().orElseThrow().getString("id");
            JsonObject rendition = detail.getJsonArray("renditions").stream().map(JsonObject.class::cast)
                    .filter(r -> r.getString("participantId").equals(contractor)).findFirst().orElseThrow();
            long zero = rendition.getLong("startWallMicros") > 0 ? rendition.getLong("startWallMicros")
                    : detail.getJsonObject("timeline").getLong("startWallMicros");
            double moment = (pointer.getLong("atWallMicros") - zero) / 1e6;
            assertThat(moment).as("the pointer's moment in the contractor's video").isGreaterThan(1.0);

            // --- the archive's page, in the same tab (the login is kept per tab), in a window wide and low: the
            // player's box is wider than the picture
            Page archive = desk;
            archive.call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1500).put("height", 500)
                    .put("deviceScaleFactor", 1).put("mobile", false));
            archive.navigate(server.url("/archive/#/r/" + session));
            archive.waitFor("!document.getElementById('view-recording').hidden && " + PLAYER + ".readyState >= 1", WAIT);
            assertThat(archive.evaluate("document.getElementById('rendition-select').value")).as("the site video is the one played")
                    .isEqualTo(contractor);
            assertThat(archive.evaluate(NO_MARK)).as("nothing drawn before its moment").isEqualTo(true);
            String item = text(archive, "#annotation-list li");
            assertThat(item).contains("JST").contains("監督職員").contains("ポインタ").contains(pointer.getString("byName"));
            assertThat(archive.evaluate("document.querySelectorAll('#timeline .lane-annotations .annotation-tick').length")).isEqualTo(1);
            assertThat(text(archive, "#annotations-other-video")).isEmpty();

            // choosing it in the list seeks there: the pointer is over the same spot of the picture, not of the box
            click(archive, "#annotation-list button");
            archive.waitFor(MARK_SHOWN + " && !" + PLAYER + ".seeking", WAIT);
            double seeked = ((Number) archive.evaluate(PLAYER + ".currentTime")).doubleValue();
            assertThat(seeked).isCloseTo(moment, org.assertj.core.data.Offset.offset(0.05));
            JsonObject picture = PointerBrowserTest.picture(archive, "#player");
            assertThat(picture.getString("fit")).isEqualTo("contain");
            assertThat(picture.getDouble("left") - picture.getDouble("boxLeft")).as("bars left and right of the picture: %s", picture)
                    .isGreaterThan(20.0);
            PointerBrowserTest.assertNear(PointerBrowserTest.markCentre(archive, "pointer"), PointerBrowserTest.onScreen(picture, X, Y),
                    2 + 0.01 * picture.getDouble("width"), "the replayed pointer");
            assertThat(archive.evaluate("document.querySelector('#annotation-list li').classList.contains('annotation-shown')")).isEqualTo(true);
            screenshot(archive, "archive-annotation");
            Accessibility.check(archive, "archive-annotation");

            // after the 8 s it was shown, it is gone; seeking back into them shows it again
            archive.evaluate(PLAYER + ".currentTime = " + (moment + POINTER_SECONDS + 0.5) + "; 'seek'");
            archive.waitFor(NO_MARK + " && !" + PLAYER + ".seeking", WAIT);
            archive.evaluate(PLAYER + ".currentTime = " + (moment + 4) + "; 'seek'");
            archive.waitFor(MARK_SHOWN, WAIT);

            // playing through it: it comes at its moment and goes 8 s later
            archive.evaluate(PLAYER + ".currentTime = " + (moment - 1) + "; 'seek'");
            archive.waitFor(NO_MARK + " && !" + PLAYER + ".seeking", WAIT);
            archive.evaluate(PLAYER + ".play().then(() => 'playing')");
            archive.waitFor(MARK_SHOWN, WAIT);
            double appeared = ((Number) archive.evaluate(PLAYER + ".currentTime")).doubleValue();
            assertThat(appeared).as("shown from its moment").isBetween(moment, moment + 1.0);
            archive.waitFor(PLAYER + ".currentTime > " + (moment + POINTER_SECONDS - 1), WAIT);
            assertThat(archive.evaluate(MARK_SHOWN)).as("still shown a second before its time is up").isEqualTo(true);
            archive.waitFor(NO_MARK, WAIT);
            double gone = ((Number) archive.evaluate(PLAYER + ".currentTime")).doubleValue();
            archive.evaluate(PLAYER + ".pause(); 'paused'");
            assertThat(gone).as("hidden once its 8 s are over").isBetween(moment + POINTER_SECONDS - 0.1, moment + POINTER_SECONDS + 1.0);

            // the list in English
            click(archive, "#lang-toggle");
            archive.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(archive, "#annotation-list li")).contains("JST").contains("Inspector").contains("pointer");
            assertThat(text(archive, "#annotations-title")).isEqualTo("Pointing");
            click(archive, "#lang-toggle");
            archive.assertNoConsoleErrors();
        }
    }
}
