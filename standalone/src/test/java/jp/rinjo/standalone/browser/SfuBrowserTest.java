package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Real browsers through the real media node: a contractor's Chromium publishes its fake camera and
 * microphone once; inspectors' pages receive and decode it. Late joiners, packet loss on the node's
 * path and a publisher that drops and comes back are all watched as a viewer would see them.
 */
class SfuBrowserTest {
    static final Duration DECODE = Duration.ofSeconds(45);
    @TempDir
    Path dir;

    public record Session(TestServer server, String admin, String sessionId) {
        String invite(String role, String name) throws Exception {
            return server.invite(admin, sessionId, role, name);
        }
    }

    public static Session session(TestServer server, String contractNo) throws Exception {
        String admin = server.loginAdmin();
        return new Session(server, admin, server.scheduleSessionNow(admin, contractNo));
    }

    public static Page publisher(HeadlessChromium browser, Session s) throws Exception {
        Page page = browser.open(s.server().url("/test/sfu.html"));
        page.waitFor("!!window.rinjo", Duration.ofSeconds(10));
        JsonObject welcome = (JsonObject) page.evaluate("rinjo.join({invitation: '" + s.invite("CONTRACTOR", "現場代理人 山田") + "'})");
        assertThat(welcome.getBoolean("mediaNode")).as("%s", welcome).isTrue();
        assertThat(page.evaluate("rinjo.publish({video: {width: 1280, height: 720}, audio: true})")).isEqualTo("ok");
        return page;
    }

    public static Page viewer(HeadlessChromium browser, Session s, String name) throws Exception {
        Page page = browser.open(s.server().url("/test/sfu.html"));
        page.waitFor("!!window.rinjo", Duration.ofSeconds(10));
        Object welcome = name == null
                ? page.evaluate("rinjo.join({auth: '" + s.admin() + "', sessionId: '" + s.sessionId() + "'})")
                : page.evaluate("rinjo.join({invitation: '" + s.invite("OBSERVER", name) + "'})");
        assertThat(((JsonObject) welcome).getString("participantId")).isNotNull();
        return page;
    }

    /** Waits until the page shows remote video at least w×h with at least {@code frames} frames presented. */
    public static JsonObject awaitVideo(Page page, int w, int h, int frames, Duration timeout) {
        try {
            page.waitFor("rinjo.videos().then(vs => vs.some(v => v.width >= " + w + " && v.height >= " + h + " && v.frames >= " + frames + "))", timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  videos: " + page.evaluate("rinjo.videos()")
                    + "\n  inbound: " + page.evaluate("rinjo.client.stats().then(s => s.inbound)"), e);
        }
        JsonArray videos = (JsonArray) page.evaluate("rinjo.videos()");
        return videos.stream().map(JsonObject.class::cast).filter(v -> v.getInteger("width") >= w).findFirst().orElseThrow();
    }

    /** Frames keep coming: the count grows by at least {@code more} within the timeout. */
    public static void awaitFramesAdvance(Page page, int more, Duration timeout) {
        long now = ((Number) page.evaluate("rinjo.videos().then(vs => Math.max(0, ...vs.map(v => v.frames)))")).longValue();
        page.waitFor("rinjo.videos().then(vs => Math.max(0, ...vs.map(v => v.frames)) >= " + (now + more) + ")", timeout);
    }

    static void awaitAudio(Page page, int packets, Duration timeout) {
        page.waitFor("rinjo.audioIn().then(n => n >= " + packets + ")", timeout);
    }

    static void screenshot(Page page, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        page.screenshot(out.resolve(name + ".png"));
    }

    @Test
    void onePublisherTwoViewersDecodeVideoOfAtLeast640x480AndHearAudioAndALateViewerGetsAKeyframe() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            Session s = session(server, "SFU-1");
            Page contractor = publisher(site, s);
            Page inspector = viewer(office, s, null);
            Page observer = viewer(office, s, "課長");
            for (int i = 0; i < 12 && System.getenv("RINJO_DEBUG_RAMP") != null; i++) {
                Thread.sleep(5000);
                System.out.println("RAMP " + i * 5 + "s out=" + contractor.evaluate("rinjo.client.stats().then(s => s.publish)")
                        + " in=" + inspector.evaluate("rinjo.videos()"));
            }

            JsonObject seen = awaitVideo(inspector, 640, 480, 30, DECODE);
            awaitVideo(observer, 640, 480, 30, DECODE);
            awaitFramesAdvance(inspector, 30, Duration.ofSeconds(15));
            awaitAudio(inspector, 50, Duration.ofSeconds(15));
            awaitAudio(observer, 50, Duration.ofSeconds(15));
            assertThat(seen.getInteger("width")).isGreaterThanOrEqualTo(640);
            // at least 640×480 at 15 frames a second reaches the viewer on this (good) link
            try {
                inspector.waitFor("rinjo.client.stats().then(s => s.inbound.some(i => i.kind === 'video'"
                        + " && i.frameWidth >= 640 && i.frameHeight >= 480 && i.framesPerSecond >= 15))", DECODE);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n  inbound: " + inspector.evaluate("rinjo.client.stats().then(s => s.inbound)")
                        + "\n  outbound: " + contractor.evaluate("rinjo.videoOut()"), e);
            }
            screenshot(inspector, "sfu-inspector");

            // what the phone sends is bounded: 1.5 Mbit/s and 20 frames a second, and on a weak link the
            // frame rate gives way before the resolution
            JsonObject sent = (JsonObject) contractor.evaluate("(() => { const p = rinjo.client._pub.getSenders()"
                    + ".find(s => s.track && s.track.kind === 'video').getParameters();"
                    + " return {degradation: p.degradationPreference ?? null, maxBitrate: p.encodings[0].maxBitrate ?? null,"
                    + " maxFramerate: p.encodings[0].maxFramerate ?? null}; })()");
            assertThat(sent.getString("degradation")).as("%s", sent).isEqualTo("maintain-resolution");
            assertThat(sent.getInteger("maxBitrate")).as("%s", sent).isEqualTo(1_500_000);
            assertThat(sent.getInteger("maxFramerate")).as("%s", sent).isEqualTo(20);
            JsonObject rate = (JsonObject) contractor.evaluate("(async () => { const out = async () => [...(await rinjo.client._pub.getStats()).values()]"
                    + ".find(s => s.type === 'outbound-rtp' && s.kind === 'video');"
                    + " const a = await out(); await new Promise(r => setTimeout(r, 4000)); const b = await out();"
                    + " return {bps: 8 * (b.bytesSent + b.headerBytesSent - a.bytesSent - a.headerBytesSent) * 1000 / (b.timestamp - a.timestamp),"
                    + " fps: b.framesPerSecond ?? 0, width: b.frameWidth}; })()");
            assertThat(rate.getDouble("bps")).as("video bits a second sent %s", rate).isLessThan(1_650_000.0);
            assertThat(rate.getDouble("fps")).as("frames a second sent %s", rate).isLessThanOrEqualTo(21.0);

            // a late viewer starts decoding because the node asks the publisher for a keyframe when it arrives
            long pliBefore = server.running().media().stats().keyframeRequests.sum();
            Page late = viewer(office, s, "検査員");
            awaitVideo(late, 320, 240, 10, Duration.ofSeconds(20));
            assertThat(server.running().media().stats().keyframeRequests.sum()).isGreaterThan(pliBefore);
            // the phone uploaded once: one published video and one audio track, whatever the number of viewers
            assertThat(server.running().media().engine().load().publishedTracks()).isEqualTo(2);

            for (Page p : List.of(contractor, inspector, observer, late)) {
                p.assertNoConsoleErrors();
            }
        }
    }

    @Test
    void aVp8PublisherIsForwardedToo() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            Session s = session(server, "SFU-VP8");
            Page contractor = site.open(server.url("/test/sfu.html"));
            contractor.waitFor("!!window.rinjo", Duration.ofSeconds(10));
            // a browser that cannot send H.264: its offer carries VP8 (and others the node does not take)
            contractor.evaluate("""
                    const original = RTCRtpTransceiver.prototype.setCodecPreferences;
                    RTCRtpTransceiver.prototype.setCodecPreferences = function (codecs) {
                      return original.call(this, codecs.filter(c => !/H264/i.test(c.mimeType)));
                    };
                    'patched'""");
            contractor.evaluate("rinjo.join({invitation: '" + s.invite("CONTRACTOR", "山田") + "', preferredVideoCodec: 'video/VP8'})");
            assertThat(contractor.evaluate("rinjo.publish()")).isEqualTo("ok");
            Page inspector = viewer(office, s, null);
            awaitVideo(inspector, 320, 240, 30, DECODE);
            assertThat(server.running().media().engine().tracks(jp.rinjo.common.id.SessionId.of(s.sessionId())))
                    .anySatisfy(t -> assertThat(t.codec()).isEqualTo(jp.rinjo.media.rtp.codec.Codec.VP8));
        }
    }

    @Test
    void withFivePercentLossOnTheNodesPathVideoKeepsDecoding() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("media.fault.inbound-loss", "0.05", "media.fault.outbound-loss", "0.05"));
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            Session s = session(server, "SFU-LOSS");
            publisher(site, s);
            Page inspector = viewer(office, s, null);
            awaitVideo(inspector, 320, 240, 30, DECODE);
            awaitFramesAdvance(inspector, 100, Duration.ofSeconds(30));
            var stats = server.running().media().stats();
            assertThat(stats.faultDropped.sum()).as("loss was injected").isGreaterThan(20);
            assertThat(stats.nacksSent.sum()).as("the node asked the publisher for what it lost").isGreaterThan(0);
            assertThat(stats.retransmissions.sum()).as("the node resent what the inspector lost").isGreaterThan(0);
            // the inspector's browser NACKed its losses and took the node's RTX retransmissions
            JsonObject video = ((JsonArray) inspector.evaluate(
                    "rinjo.client.stats().then(s => s.inbound.filter(i => i.kind === 'video'))")).getJsonObject(0);
            assertThat(video.getLong("nackCount")).as("NACKs sent by the inspector's browser").isGreaterThan(0);
            assertThat(video.getLong("retransmittedPacketsReceived"))
                    .as("retransmissions (RTX) the inspector's browser received").isGreaterThan(0);
            screenshot(inspector, "sfu-loss");
        }
    }

    @Test
    void aPublisherThatDropsAndComesBackIsSeenAgain() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            Session s = session(server, "SFU-RECONNECT");
            String token = s.invite("CONTRACTOR", "現場代理人 山田");
            Page contractor = site.open(server.url("/test/sfu.html"));
            contractor.waitFor("!!window.rinjo", Duration.ofSeconds(10));
            contractor.evaluate("rinjo.join({invitation: '" + token + "'})");
            assertThat(contractor.evaluate("rinjo.publish({video: {width: 1280, height: 720}, audio: true})")).isEqualTo("ok");
            Page inspector = viewer(office, s, null);
            awaitVideo(inspector, 320, 240, 30, DECODE);

            // 1. the signaling connection drops: the client rejoins and restarts ICE on the same peer connection
            contractor.evaluate("rinjo._ws.close(); 'closed'");
            contractor.waitFor("rinjo.events('state').some(e => e.state === 'reconnecting')", Duration.ofSeconds(10));
            contractor.waitFor("rinjo.state === 'joined'", Duration.ofSeconds(30));
            awaitFramesAdvance(inspector, 60, Duration.ofSeconds(30));

            // 2. the phone's page is gone altogether and the contractor opens the link again: a new peer connection
            contractor.close();
            Page again = site.open(server.url("/test/sfu.html"));
            again.waitFor("!!window.rinjo", Duration.ofSeconds(10));
            again.evaluate("rinjo.join({invitation: '" + token + "'})");
            assertThat(again.evaluate("rinjo.publish({video: {width: 1280, height: 720}, audio: true})")).isEqualTo("ok");
            awaitFramesAdvance(inspector, 60, Duration.ofSeconds(30));
            screenshot(inspector, "sfu-reconnected");
        }
    }
}
