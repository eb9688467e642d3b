package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.media.recording.store.MinioEvidenceStore;
import jp.rinjo.media.recording.store.S3ProxyServer;
import jp.rinjo.media.recording.verify.Verifier;

/**
 * The archive on an S3 evidence store (the MinIO client against s3proxy, a real S3 server in this
 * JVM): playback reads ranges with ranged GETs, verification copies the session out of the bucket,
 * the export streams from it, renditions re-made on demand are rendered from a copy and uploaded,
 * and deletion removes its objects.
 */
class ArchiveOnS3Test {
    @TempDir
    Path dir;

    @Test
    void playbackVerificationExportRenditionsOnDemandAndDeletionWorkAgainstS3() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(dir.resolve("s3"));
             ArchiveScenario sc = new ArchiveScenario(dir, new MinioEvidenceStore(s3.config("rinjo-evidence")))) {
            String inspector = sc.token("inspector1");
            HttpResponse<Buffer> middle = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=100000-100099"));
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(sc.recorded.rendition, 100_000, 100_100));

            JsonObject verified = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
            assertThat(verified.getString("status")).as(verified.encodePrettily()).isEqualTo("OK");
            assertThat(dir.resolve("archive-work")).isEmptyDirectory(); // the copy made for the verifier is gone

            JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", inspector, null, 201);
            HttpResponse<Buffer> zip = sc.get(job.getString("downloadUrl"), inspector, Map.of());
            Path out = dir.resolve("unzipped");
            ArchiveApiTest.unzip(zip.body().getBytes(), out);
            Path folder = out.resolve("rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value());
            assertThat(new Verifier(new Verifier.Options(Optional.of(sc.recorder.key.publicKeySpki()), Optional.empty(), false))
                    .verify(folder).ok()).isTrue();

            // renditions on demand: rendering "failed at seal" (no renditions in the bucket); an admin re-makes them from the segments
            String admin = sc.token("admin");
            for (var o : sc.archive.store().list(sc.recorded.sealed.objectPrefix() + "/renditions/")) {
                sc.archive.store().delete(o.key());
            }
            sc.archive.indexer().index(sc.recorded.sealed.objectPrefix());
            JsonObject made = sc.json("POST", sc.recordingPath() + "/renditions", admin, null, 200);
            assertThat(made.getJsonArray("renditions")).hasSize(1);
            assertThat(sc.archive.store().exists(sc.recorded.sealed.objectPrefix() + "/renditions/renditions.json")).isTrue();
            assertThat(sc.get(sc.renditionPath(), inspector, Map.of()).statusCode()).isEqualTo(200);
            assertThat(dir.resolve("archive-work")).isEmptyDirectory(); // the session copied out to render it is gone

            sc.f.clock.advance(Duration.ofDays(11 * 366));
            admin = sc.token("admin");
            assertThat(sc.call("DELETE", sc.recordingPath(), admin, null).statusCode()).isEqualTo(204);
            assertThat(sc.archive.store().list(sc.recorded.sealed.objectPrefix() + "/")).isEmpty();
        }
    }
}
