package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A recording's timeline as an auditor reads it: the axis, the gap list and the marker buttons say
 * their zone (JST) like every other time on the pages, and the English switch turns the search
 * results and the whole recording page, the time of the last check included, into English. The
 * recording is a fake, named so: the search and its detail are answered through DevTools (a
 * recording with a gap and a marker needs a dropped publisher and in-call markers, neither of which
 * this test is about).
 */
class ArchiveTimelineBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ID = "FAKE-TIMELINE-1";
    /** 2026-05-12 10:00:00 JST */
    static final Instant T0 = Instant.parse("2026-05-12T01:00:00Z");
    @TempDir
    Path dir;

    static JsonObject time(Instant t) {
        return new JsonObject().put("utc", t.toString());
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** The API's answer for a 10-minute recording with a 28-second gap and one marker. */
    static JsonObject detail(List<String> typed) {
        Instant end = T0.plusSeconds(600);
        return new JsonObject()
                .put("recording", new JsonObject().put("sessionId", ID)
                        .put("contract", new JsonObject().put("no", "ARC-TZ-1").put("name", typed.get(0)).put("contractor", typed.get(1))
                                .put("department", typed.get(2)))
                        .put("inspectionType", "STAGE_CHECK").put("inspectorId", "u-1").put("inspectorName", typed.get(3))
                        .put("place", typed.get(4)).put("result", "PASS").put("recordedFrom", time(T0)).put("recordedTo", time(end))
                        .put("durationSeconds", 600).put("sizeBytes", 123_456_789L).put("participants", 1).put("markers", 1).put("stills", 0)
                        .put("gaps", 1).put("timestamped", false)
                        .put("integrity", new JsonObject().put("status", "OK").put("checkedAt", time(end.plusSeconds(3600))))
                        .put("url", "/api/archive/recordings/" + ID))
                .put("participants", new JsonArray().add(new JsonObject().put("id", "p-1").put("displayName", typed.get(5)).put("role", "CONTRACTOR")))
                .put("renditions", new JsonArray())
                .put("evidence", new JsonObject().put("objectPrefix", "sessions/" + ID + "/").put("manifestSha256", "ab".repeat(32))
                        .put("signingKeyId", "cd".repeat(32)).put("timestamped", false).put("sealedAt", time(end.plusSeconds(5)))
                        .put("tracks", 1).put("segments", 60).put("gaps", 1))
                .put("retention", new JsonObject().put("years", 5).put("defaultYears", true).put("until", time(end.plusSeconds(5L * 366 * 86400)))
                        .put("running", true).put("legalHold", false).put("deletable", false))
                .put("timeline", new JsonObject().put("startWallMicros", micros(T0)).put("endWallMicros", micros(end))
                        .put("lanes", new JsonArray().add(new JsonObject().put("trackId", "t-1").put("participantId", "p-1")
                                .put("participantName", typed.get(5)).put("kind", "video")
                                .put("recorded", new JsonArray().add(new JsonObject().put("fromWallMicros", micros(T0))
                                        .put("toWallMicros", micros(end))))))
                        .put("gaps", new JsonArray().add(new JsonObject().put("type", "gap").put("track", "t-1")
                                .put("fromWallMicros", micros(T0.plusSeconds(133))).put("toWallMicros", micros(T0.plusSeconds(161)))
                                .put("reason", "")))
                        .put("markers", new JsonArray().add(new JsonObject().put("atWallMicros", micros(T0.plusSeconds(300)))
                                .put("label", typed.get(6)).put("data", new JsonObject())))
                        .put("stills", new JsonArray()))
                .put("windowStart", time(T0)).put("windowEnd", time(T0.plusSeconds(3600)));
    }

    /** Answers the next request DevTools holds with the JSON; returns its URL. */
    static String answer(Page page, BlockingQueue<JsonObject> held, JsonObject json) throws Exception {
        JsonObject paused = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(paused).as("a request to the archive API").isNotNull();
        page.call("Fetch.fulfillRequest", new JsonObject().put("requestId", paused.getString("requestId")).put("responseCode", 200)
                .put("responseHeaders", new JsonArray().add(new JsonObject().put("name", "Content-Type").put("value", "application/json")))
                .put("body", Base64.getEncoder().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8))));
        return paused.getJsonObject("request").getString("url");
    }

    /**
     * Logs the admin in on the archive page, then holds every request to these URL patterns (DevTools
     * Fetch) for {@link #answer} to fulfil with stand-in JSON; returns the queue of held requests.
     */
    static BlockingQueue<JsonObject> loggedInHolding(Page archive, String... urlPatterns) throws Exception {
        archive.waitFor("!document.getElementById('view-login').hidden", WAIT);
        type(archive, "#login-name", "admin");
        type(archive, "#login-password", TestServer.ADMIN_PASSWORD);
        press(archive, "Enter");
        archive.waitFor("!document.getElementById('view-search').hidden && document.getElementById('search-status').textContent !== ''", WAIT);
        BlockingQueue<JsonObject> held = new LinkedBlockingQueue<>();
        archive.onEvent((method, params) -> {
            if (method.equals("Fetch.requestPaused")) {
                held.add(params);
            }
        });
        JsonArray patterns = new JsonArray();
        for (String pattern : urlPatterns) {
            patterns.add(new JsonObject().put("urlPattern", pattern).put("requestStage", "Request"));
        }
        archive.call("Fetch.enable", new JsonObject().put("patterns", patterns));
        return held;
    }

    @Test
    void theTimelineGapsAndMarkersSayJstAndTheEnglishSwitchTranslatesTheWholeRecordingPage() throws Exception {
        List<String> typed = List.of("市道5号線 橋梁補修工事", "臨場建設", "土木課", "監督 太郎", "橋台A1", "現場代理人 山田", "配筋");
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("archive-timeline"))) {
            Page archive = office.open(server.url("/archive/"));
            BlockingQueue<JsonObject> held = loggedInHolding(archive, "*/api/archive/recordings?*", "*/api/archive/recordings/" + ID);
            JsonObject recording = detail(typed);

            // the search finds it; its row follows the language switch
            type(archive, "#f-q", "橋梁");
            click(archive, "#search-submit");
            assertThat(answer(archive, held, new JsonObject().put("items", new JsonArray().add(recording.getJsonObject("recording")))
                    .put("offset", 0).put("limit", 20).put("hasMore", false))).contains("q=");
            archive.waitFor("document.querySelectorAll('#results tbody tr').length === 1", WAIT);
            assertThat(text(archive, "#results tbody tr")).contains("2026年5月12日(火) 10:00 JST").contains("目印 1");
            click(archive, "#lang-toggle");
            archive.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(archive, "#results tbody tr")).contains("Tue 2026-05-12 10:00 JST").contains("1 markers");
            List<String> lists = List.of("管理者", "管理課"); // the filters' choices: the admin and the admin's department
            assertThat(InspectorDeskBrowserTest.japaneseIn(archive, "#view-search", java.util.stream.Stream.concat(typed.stream(), lists.stream())
                    .toList())).as("Japanese left on the search view").isEmpty();
            click(archive, "#lang-toggle");
            archive.waitFor("document.documentElement.lang === 'ja'", WAIT);

            // the recording
            click(archive, "#results a.result-link");
            answer(archive, held, recording);
            archive.waitFor("document.querySelectorAll('#timeline .lane').length === 1", WAIT);

            assertThat(text(archive, "#timeline-start")).isEqualTo("10:00:00 JST");
            assertThat(text(archive, "#timeline-end")).isEqualTo("10:10:00 JST");
            assertThat(text(archive, "#gap-list")).startsWith("10:02:13–10:02:41 JST 欠落");
            assertThat(text(archive, "#marker-list button")).isEqualTo("10:05:00 JST 配筋");
            screenshot(archive, "archive-timeline-jst");
            Accessibility.check(archive, "archive-timeline-jst");

            click(archive, "#lang-toggle");
            archive.waitFor("document.documentElement.lang === 'en'", WAIT);
            assertThat(text(archive, "#gap-list")).startsWith("10:02:13–10:02:41 JST gap");
            assertThat(text(archive, "#integrity-checked")).isEqualTo("Last verified: Tue 2026-05-12 11:10 JST");
            assertThat(InspectorDeskBrowserTest.japaneseIn(archive, "#view-recording", typed)).as("Japanese left on the recording page").isEmpty();
            screenshot(archive, "archive-timeline-en");
            Accessibility.check(archive, "archive-timeline-en");
            archive.assertNoConsoleErrors();
        }
    }
}
