package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/**
 * A recording's remote stills in the archive: listed on its page with their time and SHA-256, served
 * from the store under the recording's access rules and audited, and carried in the evidence package,
 * where the offline verifier checks them; each with a thumbnail for the page's strip (a damaged still
 * has none, and says so).
 */
class ArchiveStillsTest {
    @TempDir
    Path dir;
    ArchiveScenario sc;

    @BeforeEach
    void setUp() throws Exception {
        sc = new ArchiveScenario(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    @Test
    void theRecordingListsItsStillWithTimeAndHashAndServesItAudited() throws Exception {
        String inspector = sc.token("inspector1");
        JsonObject detail = sc.json("GET", sc.recordingPath(), inspector, null, 200);
        JsonObject still = detail.getJsonObject("timeline").getJsonArray("stills").getJsonObject(0);
        assertThat(still.getLong("atWallMicros")).as("the time the server received it").isGreaterThan(0);
        assertThat(still.getJsonObject("data").getString("id")).isEqualTo(sc.recorded.stillId);
        assertThat(still.getJsonObject("data").getString("sha256")).isEqualTo(Sha256.digest(sc.recorded.still).hex());
        assertThat(detail.getJsonObject("recording").getInteger("stills")).isEqualTo(1);

        HttpResponse<Buffer> jpeg = sc.get(sc.recordingPath() + "/stills/" + sc.recorded.stillId, inspector, Map.of());

        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.getHeader("Content-Type")).isEqualTo("image/jpeg");
        assertThat(jpeg.body().getBytes()).isEqualTo(sc.recorded.still);
        assertThat(sc.archive.audit().list(sc.sessionId.value(), null, 20)).anySatisfy(a -> {
            assertThat(a.event().action().name()).isEqualTo("PLAY");
            assertThat(a.event().detail()).contains(sc.recorded.stillId);
        });
        assertThat(sc.get(sc.recordingPath() + "/stills/stl_00000000000000000000", inspector, Map.of()).statusCode()).isEqualTo(404);
        assertThat(sc.get(sc.recordingPath() + "/stills/..%2Fmanifest.json", inspector, Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void theStripsThumbnailIsSmallCachedForGoodForItsLoginAndAuditedApartFromTheStill() throws Exception {
        String inspector = sc.token("inspector1");
        String thumbnail = sc.recordingPath() + "/stills/" + sc.recorded.stillId + "/thumbnail";

        HttpResponse<Buffer> r = sc.get(thumbnail, inspector, Map.of());

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("image/jpeg");
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body().getBytes()));
        assertThat(picture.getWidth()).as("the 1280×720 still at 320 px").isEqualTo(320);
        assertThat(picture.getHeight()).isEqualTo(180);
        assertThat(r.body().length()).isLessThan(sc.recorded.still.length);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
        assertThat(r.getHeader("Vary")).contains("Authorization").contains("Cookie");
        String etag = r.getHeader("ETag");
        assertThat(etag).contains(sc.recorded.stillId);
        // the same picture again; and a page that has it is told so without it
        assertThat(sc.get(thumbnail, inspector, Map.of()).body().getBytes()).isEqualTo(r.body().getBytes());
        HttpResponse<Buffer> known = sc.get(thumbnail, inspector, Map.of("If-None-Match", etag));
        assertThat(known.statusCode()).isEqualTo(304);
        assertThat(known.body()).isNull();
        // the recording's access rules, a 304 included
        assertThat(sc.get(thumbnail, sc.token("inspector2"), Map.of()).statusCode()).isEqualTo(404);
        assertThat(sc.get(thumbnail, sc.token("inspector2"), Map.of("If-None-Match", etag)).statusCode()).isEqualTo(404);
        assertThat(sc.get(thumbnail, null, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(401);
        assertThat(sc.get(sc.recordingPath() + "/stills/stl_00000000000000000000/thumbnail", inspector, Map.of()).statusCode())
                .isEqualTo(404);
        // audited once a while, as a thumbnail: the still itself was not read in full
        assertThat(sc.archive.audit().list(sc.sessionId.value(), null, 50).stream()
                .filter(a -> a.event().action().name().equals("PLAY") && a.event().detail().contains(sc.recorded.stillId)))
                .singleElement().satisfies(a -> assertThat(a.event().detail()).contains("thumbnail"));
    }

    @Test
    void aDamagedStillHasNoThumbnailAndSaysSoWhileTheRestOfTheRecordingIsServed() throws Exception {
        // the stored JPEG damaged (the verifier would report it): still FFD8 … FFD9, but nothing decodes
        Path stored = sc.folder().resolve("stills").resolve(sc.recorded.stillId + ".jpg");
        byte[] damaged = sc.recorded.still.clone();
        java.util.Arrays.fill(damaged, 2, damaged.length - 2, (byte) 0x5A);
        stored.toFile().setWritable(true);
        Files.write(stored, damaged);
        String inspector = sc.token("inspector1");

        HttpResponse<Buffer> r = sc.get(sc.recordingPath() + "/stills/" + sc.recorded.stillId + "/thumbnail", inspector, Map.of());

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unreadable-image");
        assertThat(r.getHeader("Cache-Control")).isNotEqualTo("private, max-age=31536000, immutable");
        // asked again: the same answer (remembered, not decoded again)
        assertThat(sc.get(sc.recordingPath() + "/stills/" + sc.recorded.stillId + "/thumbnail", inspector, Map.of()).statusCode())
                .isEqualTo(422);
        // the still itself is served as stored, and the recording's page works
        assertThat(sc.get(sc.recordingPath() + "/stills/" + sc.recorded.stillId, inspector, Map.of()).body().getBytes()).isEqualTo(damaged);
        sc.json("GET", sc.recordingPath(), inspector, null, 200);
    }

    @Test
    void theEvidencePackageCarriesTheStillAndTheOfflineVerifierChecksIt() throws Exception {
        String clerk = sc.token("clerk1");
        JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
        HttpResponse<Buffer> zip = sc.get(job.getString("downloadUrl"), clerk, Map.of());
        assertThat(zip.statusCode()).isEqualTo(200);
        Path out = dir.resolve("unzipped");
        ArchiveApiTest.unzip(zip.body().getBytes(), out);
        Path folder = out.resolve("rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value());

        assertThat(folder.resolve("stills").resolve(sc.recorded.stillId + ".jpg")).hasBinaryContent(sc.recorded.still);
        VerificationReport report = new Verifier(new Verifier.Options(Optional.of(sc.recorder.key.publicKeySpki()), Optional.empty(), false))
                .verify(folder);
        assertThat(report.ok()).as("%s", report).isTrue();
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(Finding.Code.SIGNED_STILLS.id());
            assertThat(f.params()).containsEntry("count", "1").containsEntry("verified", "1");
        });

        // a still replaced in the package is caught offline
        Files.write(folder.resolve("stills").resolve(sc.recorded.stillId + ".jpg"), jp.rinjo.common.image.TestJpegs.of(1280, 720, 8));
        assertThat(new Verifier(Verifier.Options.defaults()).verify(folder).errors())
                .anySatisfy(f -> assertThat(f.code()).isEqualTo(Finding.Code.STILL_ALTERED.id()));
    }
}
