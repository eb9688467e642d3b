package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/**
 * The archive as a records clerk uses it, on a session recorded for real: a contractor's Chromium
 * publishes for a few seconds, the inspector ends the session, the standalone seals and indexes it;
 * then in another browser the archive page finds it by part of the project name, plays the MP4
 * (time advances), seeks into the middle with the position slider by keyboard (it plays on from
 * there), verifies it from the page and exports it — the downloaded ZIP verifies offline — and makes
 * an evidence copy of the video with the date-time and contract burned in, which downloads and decodes.
 */
class ArchiveBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    @Test
    void aRecordedSessionIsFoundPlayedSeekedVerifiedAndExportedFromTheArchivePage() throws Exception {
        try (TestServer server = TestServer.start(dir);
             HeadlessChromium site = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("archive-contractor"));
             HeadlessChromium office = HeadlessChromium.launch(HeadlessChromium.Options.defaults().withName("archive-office"))) {
            SfuBrowserTest.Session s = SfuBrowserTest.session(server, "ARC-1");
            Page contractor = SfuBrowserTest.publisher(site, s);
            Page inspector = SfuBrowserTest.viewer(office, s, null);
            SfuBrowserTest.awaitVideo(inspector, 320, 240, 30, SfuBrowserTest.DECODE);
            SfuBrowserTest.awaitFramesAdvance(inspector, 180, Duration.ofSeconds(30)); // some seconds worth seeking in
            server.call(HttpMethod.POST, "/api/sessions/" + s.sessionId() + "/end", s.admin(), new JsonObject().put("result", "PASS"), 200);
            contractor.close();
            inspector.close();
            var index = server.running().archive().index();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (index.find(SessionId.of(s.sessionId())).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200); // sealed, rendered and indexed after the REST call returns
            }
            assertThat(index.find(SessionId.of(s.sessionId()))).as("indexed when sealed").isPresent();

            // --- the clerk's archive page: log in, search by part of the project name
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            office.call("Browser.setDownloadBehavior", new JsonObject().put("behavior", "allow").put("downloadPath", downloads.toString()));
            Page archive = office.open(server.url("/archive/"));
            archive.waitFor("!document.getElementById('view-login').hidden", WAIT);
            type(archive, "#login-name", "admin");
            type(archive, "#login-password", TestServer.ADMIN_PASSWORD);
            press(archive, "Enter");
            archive.waitFor("!document.getElementById('view-search').hidden", WAIT);
            type(archive, "#f-q", "舗装補修");
            click(archive, "#search-submit");
            archive.waitFor("location.hash.includes('q=') && document.getElementById('search-status').textContent.includes('1–1')"
                    + " && document.querySelectorAll('#results tbody tr').length === 1", WAIT);
            assertThat(text(archive, "#results tbody tr")).contains("ARC-1").contains("段階確認").contains("未検証");
            screenshot(archive, "archive-search");
            Accessibility.check(archive, "archive-search");

            // --- opens it: the MP4 plays from the server with range requests
            click(archive, "#results a.result-link");
            try {
                archive.waitFor("!document.getElementById('view-recording').hidden && document.getElementById('player').readyState >= 1", WAIT);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n  player: " + archive.evaluate("(async () => { const v = document.getElementById('player');"
                        + " const r = await fetch(v.src, {headers: {Range: 'bytes=0-99'}}); return JSON.stringify({src: v.src, error: v.error && v.error.code,"
                        + " message: v.error && v.error.message, network: v.networkState, ready: v.readyState, status: r.status,"
                        + " type: r.headers.get('content-type'), range: r.headers.get('content-range'), status2: document.getElementById('player-status').textContent, hash: location.hash, recHidden: document.getElementById('view-recording').hidden, title: document.getElementById('rec-title').textContent, err: document.getElementById('rec-error').textContent, search: document.getElementById('view-search').hidden}); })()"), e);
            }
            assertThat(text(archive, "#rec-summary")).contains("ARC-1").contains("JST");
            assertThat(archive.evaluate("document.querySelectorAll('#timeline .lane').length")).isEqualTo(2);
            double duration = ((Number) archive.evaluate("document.getElementById('player').duration")).doubleValue();
            assertThat(duration).isGreaterThan(4.0);
            archive.evaluate("document.getElementById('player').play().then(() => 'playing')");
            archive.waitFor("document.getElementById('player').currentTime > 1.0", WAIT);

            // --- seeks into the middle by keyboard on the position slider; playback goes on from there
            archive.evaluate("document.getElementById('player').pause(); 'paused'");
            archive.evaluate("document.getElementById('timeline-seek').focus(); 'focused'");
            press(archive, "Home");
            for (int i = 0; i < (int) (duration / 2 / 0.1); i++) {
                press(archive, "ArrowRight"); // step 0.1 s
            }
            double middle = ((Number) archive.evaluate("document.getElementById('player').currentTime")).doubleValue();
            assertThat(middle).isBetween(duration / 2 - 1, duration / 2 + 1);
            archive.evaluate("document.getElementById('player').play().then(() => 'playing')");
            archive.waitFor("document.getElementById('player').currentTime > " + (middle + 1.0), WAIT);
            archive.waitFor("document.getElementById('player').videoWidth >= 320", WAIT);
            screenshot(archive, "archive-playing");
            Accessibility.check(archive, "archive-playing");

            // --- verifies from the page: the same verifier as the command line
            click(archive, "#verify");
            archive.waitFor("document.querySelector('#integrity-status.integrity-OK') !== null", Duration.ofSeconds(60));
            assertThat(text(archive, "#verify-result")).contains("改ざんされていません");

            // --- exports: the browser downloads the ZIP while the page shows the progress
            click(archive, "#export");
            archive.waitFor("document.getElementById('export-status').textContent.includes('完了')", Duration.ofSeconds(60));
            assertThat(archive.evaluate("document.getElementById('export-progress').value")).isEqualTo(100);
            screenshot(archive, "archive-verified-exported");
            Accessibility.check(archive, "archive-verified-exported");
            Path zip = awaitDownload(downloads);
            Path out = dir.resolve("unzipped");
            unzip(zip, out);
            Path folder;
            try (Stream<Path> folders = Files.list(out)) {
                folder = folders.findFirst().orElseThrow();
            }
            byte[] key = DeploymentKey.pemDecode(Files.readString(folder.resolve("deployment-key.pub.pem")), "PUBLIC KEY", "export");
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(key), Optional.empty(), false)).verify(folder);
            assertThat(report.ok()).as("%s", report).isTrue();
            assertThat(folder.resolve("README.txt")).exists();

            // --- evidence copy of the video being played, by keyboard: progress, then a download link; the MP4 decodes
            // with every frame of the rendition and the caption band burned in
            String participant = (String) archive.evaluate("document.getElementById('rendition-select').value");
            assertThat(text(archive, "#evidence-copy")).isEqualTo("日時入り証拠コピーを作成");
            archive.evaluate("document.getElementById('evidence-copy').focus(); 'focused'");
            press(archive, "Enter");
            archive.waitFor("!document.getElementById('evidence-copy-download').hidden", Duration.ofSeconds(120));
            assertThat(text(archive, "#evidence-copy-status")).contains("証拠コピーができました");
            assertThat(text(archive, "#evidence-copy-download")).isEqualTo("証拠コピーをダウンロード");
            screenshot(archive, "archive-evidence-copy");
            Accessibility.check(archive, "archive-evidence-copy");
            archive.evaluate("document.getElementById('evidence-copy-download').focus(); 'focused'");
            press(archive, "Enter");
            Path copy = awaitDownload(downloads, ".mp4");
            assertThat(copy.getFileName().toString()).startsWith("rinjo-証拠コピー-").endsWith("JST-" + participant + ".mp4");
            var rendition = index.find(SessionId.of(s.sessionId())).orElseThrow().renditions().stream()
                    .filter(r -> r.participantId().equals(participant)).findFirst().orElseThrow();
            Path original = dir.resolve("rendition." + rendition.container());
            try (InputStream in = server.running().archive().store().open(rendition.key())) {
                Files.copy(in, original);
            }
            assertEvidenceCopy(original, copy);

            // --- English on request, times still JST
            click(archive, "#lang-toggle");
            archive.waitFor("document.getElementById('verify').textContent === 'Verify'", WAIT);
            assertThat(text(archive, "#rec-summary")).contains("JST");
            Accessibility.check(archive, "archive-recording-en");
            archive.assertNoConsoleErrors();
        }
    }

    static Path awaitDownload(Path downloads) throws Exception {
        return awaitDownload(downloads, ".zip");
    }

    static Path awaitDownload(Path downloads, String suffix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> found = files.filter(p -> p.toString().endsWith(suffix)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(100); // Chromium renames the .crdownload when the download completes
        }
        throw new AssertionError("no " + suffix + " downloaded to " + downloads);
    }

    /**
     * The copy has about as many frames as the rendition (the encoder keeps every frame it is given),
     * and its first frame carries a dark caption band with light text at the bottom while the
     * picture above it is the rendition's.
     */
    static void assertEvidenceCopy(Path rendition, Path copy) throws Exception {
        try (FFmpegFrameGrabber a = new FFmpegFrameGrabber(rendition.toFile()); FFmpegFrameGrabber b = new FFmpegFrameGrabber(copy.toFile());
             Java2DFrameConverter ca = new Java2DFrameConverter(); Java2DFrameConverter cb = new Java2DFrameConverter()) {
            a.start();
            b.start();
            assertThat(b.getVideoCodecName()).isEqualTo("h264");
            BufferedImage first = ca.getBufferedImage(a.grabImage());
            BufferedImage stamped = cb.getBufferedImage(b.grabImage());
            int w = stamped.getWidth();
            int h = stamped.getHeight();
            assertThat(w).isEqualTo(first.getWidth());
            assertThat(h).isEqualTo(first.getHeight());
            Files.createDirectories(Path.of("target", "screenshots"));
            javax.imageio.ImageIO.write(stamped, "png", Path.of("target", "screenshots", "archive-evidence-copy-frame.png").toFile());
            long light = 0;
            long bandLuma = 0;
            long originalLuma = 0;
            int samples = 0;
            for (int x = 0; x < w; x++) {
                for (int y = h - h / 6; y < h - 1; y++) {
                    int l = luma(stamped.getRGB(x, y));
                    if (x < w / 2 && l > 200) {
                        light++;
                    }
                    if (x > w * 3 / 4) { // right of the text: only the band's shade
                        bandLuma += l;
                        originalLuma += luma(first.getRGB(x, y));
                        samples++;
                    }
                }
            }
            assertThat(light).as("text pixels in the caption band").isGreaterThan(100);
            assertThat(bandLuma / samples).as("the band darkens the picture").isLessThan(Math.max(40, originalLuma / samples - 20));
            assertThat(Math.abs(luma(stamped.getRGB(w / 2, h / 8)) - luma(first.getRGB(w / 2, h / 8)))).isLessThan(40);
            int renditionFrames = 1;
            while (a.grabImage() != null) {
                renditionFrames++;
            }
            int copyFrames = 1;
            while (b.grabImage() != null) {
                copyFrames++;
            }
            assertThat(renditionFrames).isGreaterThan(60);
            assertThat(copyFrames).isBetween(renditionFrames - renditionFrames / 50 - 1, renditionFrames + 1);
        }
    }

    static int luma(int rgb) {
        return (((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF)) / 10;
    }

    static void unzip(Path zip, Path out) throws Exception {
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = out.resolve(e.getName()).normalize();
                assertThat(target.startsWith(out)).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
    }

}
