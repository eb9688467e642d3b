package jp.rinjo.media.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import jp.rinjo.media.recording.format.Sha256;

/**
 * Object lock against a real MinIO (Testcontainers). Runs where a Docker engine exists (CI hosts with
 * Docker); on machines without one — like the development machines here — it is skipped, and
 * s3proxy (no object lock) covers the rest of the store contract.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioObjectLockTest {
    @Container
    static final GenericContainer<?> MINIO = new GenericContainer<>("minio/minio:RELEASE.2025-04-22T22-12-26Z")
            .withEnv("MINIO_ROOT_USER", "rinjo-test").withEnv("MINIO_ROOT_PASSWORD", "rinjo-test-secret")
            .withCommand("server", "/data").withExposedPorts(9000)
            .waitingFor(Wait.forHttp("/minio/health/ready").forPort(9000));

    @TempDir
    Path dir;

    @Test
    void evidenceIsWormLockedInComplianceMode() throws Exception {
        String endpoint = "http://" + MINIO.getHost() + ":" + MINIO.getMappedPort(9000);
        S3StoreConfig config = new S3StoreConfig(endpoint, "us-east-1", "rinjo-evidence", "rinjo-test", "rinjo-test-secret",
                S3StoreConfig.ObjectLockPolicy.REQUIRED, Duration.ofDays(1));
        try (MinioEvidenceStore store = new MinioEvidenceStore(config)) {
            assertThat(store.capabilities().objectLock()).isTrue();
            Path f = dir.resolve("seg");
            Files.writeString(f, "segment bytes");
            store.put("sessions/x/tracks/t/0.seg", f, Sha256.digest(Files.readAllBytes(f)), PutOptions.of(PutOptions.SEGMENT_TYPE));
            MinioClient client = MinioClient.builder().endpoint(endpoint).credentials("rinjo-test", "rinjo-test-secret").build();
            try {
                String version = client.statObject(StatObjectArgs.builder().bucket("rinjo-evidence")
                        .object("sessions/x/tracks/t/0.seg").build()).versionId();
                assertThatThrownBy(() -> client.removeObject(RemoveObjectArgs.builder().bucket("rinjo-evidence")
                        .object("sessions/x/tracks/t/0.seg").versionId(version).build()))
                        .as("a locked version cannot be deleted, not even by its owner").isNotNull();
            } finally {
                client.close();
            }
        }
    }
}
