package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.archive.testing.SmallMp4;

/**
 * Evidence copies over real HTTPS: a real (small) H.264 rendition is re-encoded with the contract
 * and the JST time burned in, queued behind other copies, downloaded by its owner only, audited,
 * and forgotten (its file deleted) after the job TTL.
 */
class EvidenceCopyApiTest {
    static final int FRAMES = 60;
    @TempDir
    Path dir;
    ArchiveScenario sc;
    String inspector;

    @BeforeEach
    void setUp() throws Exception {
        sc = new ArchiveScenario(dir, FRAMES);
        inspector = sc.token("inspector1");
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    String startPath() {
        return sc.renditionPath() + "/evidence-copy";
    }

    @Test
    void theCopyDecodesWithEveryFrameAndTheCaptionBandAndOnlyItsOwnerGetsIt() throws Exception {
        JsonObject job = sc.json("POST", startPath(), inspector, null, 202);
        assertThat(job.getString("state")).isIn("QUEUED", "RUNNING");
        assertThat(job.getString("participantId")).isEqualTo(sc.recorded.contractor.value());
        // a second copy waits for the encoder: one re-encoding at a time
        JsonObject second = sc.json("POST", startPath(), inspector, null, 202);
        assertThat(second.getString("state")).isEqualTo("QUEUED");

        JsonObject done = await(job.getString("statusUrl"), inspector);
        assertThat(done.getString("state")).as(done.encode()).isEqualTo("DONE");
        assertThat(done.getInteger("progress")).isEqualTo(100);
        assertThat(done.getInteger("frames")).isEqualTo(FRAMES);
        assertThat(await(second.getString("statusUrl"), inspector).getString("state")).isEqualTo("DONE");

        // the job belongs to whoever started it, even within the department
        String clerk = sc.token("clerk1");
        assertThat(ArchiveApiTest.code(sc.call("GET", job.getString("statusUrl"), clerk, null))).isEqualTo("not-found");
        assertThat(ArchiveApiTest.code(sc.call("GET", job.getString("downloadUrl"), clerk, null))).isEqualTo("not-found");

        HttpResponse<Buffer> mp4 = sc.get(job.getString("downloadUrl"), inspector, Map.of());
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(mp4.getHeader("Content-Type")).isEqualTo("video/mp4");
        assertThat(mp4.getHeader("Content-Disposition")).startsWith("attachment;")
                .contains("filename*=UTF-8''" + ArchiveApiTest.enc("rinjo-証拠コピー-" + ArchiveScenario.CONTRACT + "-"))
                .contains("JST-" + sc.recorded.contractor.value() + ".mp4");
        byte[] bytes = mp4.body().getBytes();
        assertThat(mp4.getHeader("Content-Length")).isEqualTo(Integer.toString(bytes.length));
        Path file = dir.resolve("copy.mp4");
        Files.write(file, bytes);
        assertCaptionedCopy(file, FRAMES);

        HttpResponse<Buffer> part = sc.get(job.getString("downloadUrl"), inspector, Map.of("Range", "bytes=100-199"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 200));

        var rows = sc.archive.audit().list(sc.sessionId.value(), null, 100).stream()
                .map(a -> a.event().action() + ":" + a.event().outcome() + ":" + a.event().detail()).toList();
        assertThat(rows).filteredOn(r -> r.startsWith("EVIDENCE_COPY:OK") && r.contains("queuedBehind")).hasSize(2);
        // each copy made: its SHA-256 with the session and the manifest it was made from, and the same hash when downloaded
        String sha256 = jp.rinjo.media.recording.format.Sha256.digest(bytes).hex();
        assertThat(rows).filteredOn(r -> r.startsWith("EVIDENCE_COPY:OK") && r.contains(job.getString("id")) && r.contains("\"made\""))
                .singleElement().asString().contains("\"sha256\":\"" + sha256 + "\"").contains(sc.sessionId.value())
                .contains("\"manifestSha256\":\"" + sc.recorded.sealed.manifestSha256().hex() + "\"");
        assertThat(rows).filteredOn(r -> r.startsWith("DOWNLOAD:OK") && r.contains(job.getString("id"))).singleElement().asString().contains(sha256);
        // and the copy says what it was made from
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            assertThat(g.getMetadata("comment")).contains(sc.sessionId.value()).contains(sc.recorded.sealed.manifestSha256().hex());
        }
        // one download: the later range continues it
        assertThat(rows).filteredOn(r -> r.startsWith("DOWNLOAD:OK") && r.contains(job.getString("id"))).hasSize(1);
    }

    @Test
    void aRenditionAlteredInTheStoreIsRefusedAsTheSourceOfACopy() throws Exception {
        Path mp4 = sc.folder().resolve("renditions").resolve(sc.recorded.contractor.value() + ".mp4");
        byte[] b = Files.readAllBytes(mp4);
        b[b.length - 1] ^= 1;
        Files.write(mp4, b);
        JsonObject job = sc.json("POST", startPath(), inspector, null, 202);
        JsonObject failed = await(job.getString("statusUrl"), inspector);
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getString("error")).startsWith("the stored rendition of " + sc.recorded.contractor.value() + " is not the one made at seal")
                .contains("no evidence copy is made");
        assertThat(ArchiveApiTest.code(sc.call("GET", job.getString("downloadUrl"), inspector, null))).isEqualTo("conflict");
        assertThat(sc.archive.audit().list(sc.sessionId.value(), null, 100).stream()
                .map(a -> a.event().action() + ":" + a.event().outcome() + ":" + a.event().detail()))
                .anySatisfy(r -> assertThat(r).startsWith("EVIDENCE_COPY:FAILED").contains("not the one made at seal"));
    }

    @Test
    void everyRequestServedFromTheFirstByteIsAuditedAsADownloadHoweverItsRangeIsSpelt() throws Exception {
        JsonObject job = sc.json("POST", startPath(), inspector, null, 202);
        assertThat(await(job.getString("statusUrl"), inspector).getString("state")).isEqualTo("DONE");
        String url = job.getString("downloadUrl");
        HttpResponse<Buffer> later = sc.get(url, inspector, Map.of("Range", "bytes=1-"));
        assertThat(later.statusCode()).isEqualTo(206);
        long size = Long.parseLong(later.getHeader("Content-Range").substring(later.getHeader("Content-Range").indexOf('/') + 1));
        assertThat(downloads(job)).as("a later part continues a download").isZero();

        int expected = 0;
        for (String range : new String[] {"bytes=0-", "bytes=00-", "bytes=0000-" + (size - 1), "bytes=-" + size, "bytes=-" + (size + 10)}) {
            HttpResponse<Buffer> whole = sc.get(url, inspector, Map.of("Range", range));
            assertThat(whole.getHeader("Content-Range")).as(range).isEqualTo("bytes 0-" + (size - 1) + "/" + size);
            assertThat(whole.body().length()).isEqualTo((int) size);
            assertThat(downloads(job)).as("DOWNLOAD rows after %s", range).isEqualTo(++expected);
        }
        assertThat(sc.get(url, inspector, Map.of("Range", "bytes=" + size + "-")).statusCode()).isEqualTo(416);
        assertThat(downloads(job)).isEqualTo(expected);
    }

    long downloads(JsonObject job) {
        return sc.archive.audit().list(sc.sessionId.value(), null, 100).stream()
                .filter(a -> a.event().action().name().equals("DOWNLOAD") && a.event().outcome().name().equals("OK")
                        && a.event().detail().contains(job.getString("id"))).count();
    }

    @Test
    void unknownParticipantsAndJobsAreClearErrorsAndJobsAreForgottenWithTheirFilesAfterTheTtl() throws Exception {
        JsonObject missing = sc.json("POST", sc.recordingPath() + "/renditions/par_00000000000000000000/evidence-copy", inspector, null, 404);
        assertThat(missing.getJsonObject("error").getString("code")).isEqualTo("not-found");
        assertThat(missing.getJsonObject("error").getString("message")).contains("rendition");
        assertThat(ArchiveApiTest.code(sc.call("GET", "/api/archive/evidence-copies/evc_00000000000000000000", inspector, null)))
                .isEqualTo("not-found");
        assertThat(ArchiveApiTest.code(sc.call("POST", "/api/archive/recordings/ses_00000000000000000000/renditions/"
                + sc.recorded.contractor.value() + "/evidence-copy", inspector, null))).isEqualTo("not-found");
        assertThat(sc.call("POST", startPath(), sc.token("inspector2"), null).statusCode()).isEqualTo(404); // another department

        JsonObject job = sc.json("POST", startPath(), inspector, null, 202);
        assertThat(await(job.getString("statusUrl"), inspector).getString("state")).isEqualTo("DONE");
        Path copies = dir.resolve("archive-work").resolve("evidence-copies");
        assertThat(copies.resolve(job.getString("id")).resolve("copy.mp4")).exists();

        sc.f.clock.advance(Duration.ofHours(2));
        inspector = sc.token("inspector1");
        JsonObject next = sc.json("POST", startPath(), inspector, null, 202);
        assertThat(ArchiveApiTest.code(sc.call("GET", job.getString("statusUrl"), inspector, null))).isEqualTo("not-found");
        assertThat(copies.resolve(job.getString("id"))).doesNotExist();
        assertThat(await(next.getString("statusUrl"), inspector).getString("state")).isEqualTo("DONE");
    }

    JsonObject await(String statusUrl, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int lastProgress = 0;
        while (true) {
            JsonObject s = sc.json("GET", statusUrl, token, null, 200);
            assertThat(s.getInteger("progress")).isBetween(lastProgress, 100); // never goes back
            lastProgress = s.getInteger("progress");
            if (s.getString("state").equals("DONE") || s.getString("state").equals("FAILED") || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(100);
        }
    }

    /** Every frame of the rendition is there, with a dark caption band carrying light text at the bottom. */
    static void assertCaptionedCopy(Path file, int frames) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile()); Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            assertThat(g.getVideoCodecName()).isEqualTo("h264");
            BufferedImage first = c.getBufferedImage(g.grabImage());
            assertThat(first.getWidth()).isEqualTo(SmallMp4.WIDTH);
            int w = first.getWidth();
            int h = first.getHeight();
            // the picture above the band keeps its colour ramp; the band's right end is dark
            assertThat(luma(first.getRGB(w - 5, h - 3))).isLessThan(luma(first.getRGB(w - 5, 5)) - 40);
            long light = 0;
            for (int x = 0; x < w / 2; x++) {
                for (int y = h - h / 5; y < h - 1; y++) {
                    if (luma(first.getRGB(x, y)) > 200) {
                        light++;
                    }
                }
            }
            assertThat(light).as("text pixels in the caption band").isGreaterThan(100);
            int n = 1;
            for (Frame f = g.grabImage(); f != null; f = g.grabImage()) {
                n++;
            }
            assertThat(n).isEqualTo(frames);
        }
    }

    static int luma(int rgb) {
        return (((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF)) / 10;
    }
}
