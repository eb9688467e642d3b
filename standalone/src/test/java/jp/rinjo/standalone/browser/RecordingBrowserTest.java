package jp.rinjo.standalone.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.recording.verify.VerificationReport;

/**
 * A browser session recorded end to end: participants are told "recording" only once the first
 * segment is stored; ending the session seals the evidence (it verifies) and makes a rendition that
 * decodes to about as many frames as the phone sent.
 */
class RecordingBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aSessionIsRecordedSealedVerifiedAndRenderedAsAPlayableMp4() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("office"))) {
            SfuBrowserTest.Session s = SfuBrowserTest.session(server, "REC-1");
            Page contractor = SfuBrowserTest.publisher(site, s);
            Page inspector = SfuBrowserTest.viewer(office, s, null);
            // "記録中" is said only after the first segment is durably stored
            for (Page p : new Page[] {contractor, inspector}) {
                p.waitFor("rinjo.events('recording').some(e => e.state === 'recording')", Duration.ofSeconds(30));
            }
            SfuBrowserTest.awaitVideo(inspector, 320, 240, 150, SfuBrowserTest.DECODE);
            long framesSent = ((Number) contractor.evaluate("rinjo.client.stats().then(s => s.publish.video.framesSent)")).longValue();

            server.call(HttpMethod.POST, "/api/sessions/" + s.sessionId() + "/end", s.admin(),
                    new JsonObject().put("result", "PASS"), 200);
            Path session = dir.resolve("evidence").resolve("contracts").resolve("REC-1").resolve("sessions").resolve(s.sessionId());
            Path index = session.resolve("renditions").resolve("renditions.json");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(index) && System.nanoTime() < deadline) {
                Thread.sleep(200); // sealing and remuxing run after the REST call returns
            }
            assertThat(index).as("renditions made after the seal").exists();

            VerificationReport report = new Verifier(Verifier.Options.defaults()).verify(session);
            assertThat(report.ok()).as("%s", report).isTrue();
            assertThat(report.tracks()).isEqualTo(2);

            JsonArray renditions = new JsonObject(Files.readString(index)).getJsonArray("renditions");
            assertThat(renditions).hasSize(1);
            JsonObject mp4 = renditions.getJsonObject(0);
            assertThat(mp4.getString("container")).isEqualTo("mp4");
            Path file = session.resolve("renditions").resolve(Path.of(mp4.getString("key")).getFileName());
            int decoded = 0;
            int audio = 0;
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
                g.start();
                for (Frame f = g.grabFrame(); f != null; f = g.grabFrame()) {
                    if (f.image != null) {
                        decoded++;
                    } else if (f.samples != null) {
                        audio++;
                    }
                }
                g.stop();
            }
            if (System.getenv("RINJO_KEEP_RECORDING") != null) {
                Path keep = Path.of(System.getenv("RINJO_KEEP_RECORDING"));
                try (Stream<Path> all = Files.walk(session)) {
                    for (Path p : all.toList()) {
                        Path t = keep.resolve(session.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                System.out.println("KEPT " + keep + " decoded " + decoded + " sent " + framesSent + " index " + Files.readString(index));
            }
            // the seal follows the REST call, so a few frames sent while the session was ending may be in it too
            assertThat((double) decoded).as("decoded %d of %d frames sent", decoded, framesSent)
                    .isBetween(framesSent * 0.9, framesSent * 1.15);
            assertThat(audio).isGreaterThan(100);
            try (Stream<Path> segments = Files.walk(session.resolve("tracks"))) {
                assertThat(segments.filter(p -> p.toString().endsWith(".seg")).count()).isGreaterThanOrEqualTo(4);
            }
        }
    }
}
