package jp.rinjo.standalone.browser;

import static jp.rinjo.standalone.browser.UserInput.click;
import static jp.rinjo.standalone.browser.UserInput.press;
import static jp.rinjo.standalone.browser.UserInput.screenshot;
import static jp.rinjo.standalone.browser.UserInput.text;
import static jp.rinjo.standalone.browser.UserInput.type;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
 * there), verifies it from the page and exports it — the downloaded ZIP verifies offline.
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

            // --- verifies from the page: the same verifier as the command line
            click(archive, "#verify");
            archive.waitFor("document.querySelector('#integrity-status.integrity-OK') !== null", Duration.ofSeconds(60));
            assertThat(text(archive, "#verify-result")).contains("改ざんされていません");

            // --- exports: the browser downloads the ZIP while the page shows the progress
            click(archive, "#export");
            archive.waitFor("document.getElementById('export-status').textContent.includes('完了')", Duration.ofSeconds(60));
            assertThat(archive.evaluate("document.getElementById('export-progress').value")).isEqualTo(100);
            screenshot(archive, "archive-verified-exported");
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

            // --- English on request, times still JST
            click(archive, "#lang-toggle");
            archive.waitFor("document.getElementById('verify').textContent === 'Verify'", WAIT);
            assertThat(text(archive, "#rec-summary")).contains("JST");
            archive.assertNoConsoleErrors();
        }
    }

    static Path awaitDownload(Path downloads) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> zip = files.filter(p -> p.toString().endsWith(".zip")).findFirst();
                if (zip.isPresent()) {
                    return zip.get();
                }
            }
            Thread.sleep(100); // Chromium renames the .crdownload when the download completes
        }
        throw new AssertionError("no ZIP downloaded to " + downloads);
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
