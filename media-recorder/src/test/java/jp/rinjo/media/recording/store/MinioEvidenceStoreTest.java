package jp.rinjo.media.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MinIO-client store against a real S3 server (s3proxy) running in this JVM; a fresh bucket per test. */
class MinioEvidenceStoreTest extends EvidenceStoreContract {
    @TempDir
    static Path s3dir;
    static S3ProxyServer s3;
    static int buckets;
    MinioEvidenceStore store;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyServer(s3dir);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void open() {
        store = new MinioEvidenceStore(s3.config("evidence-" + (++buckets)));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Override
    EvidenceStore store() {
        return store;
    }

    @Test
    void requiringObjectLockFromAServerWithoutItIsRefusedLoudly() throws Exception {
        S3StoreConfig c = s3.config("locked-" + (++buckets));
        S3StoreConfig required = new S3StoreConfig(c.endpoint(), c.region(), c.bucket(), c.accessKey(), c.secretKey(),
                S3StoreConfig.ObjectLockPolicy.REQUIRED, Duration.ofDays(1));
        try (MinioEvidenceStore locked = new MinioEvidenceStore(required)) {
            assertThatThrownBy(locked::capabilities).isInstanceOf(EvidenceStoreException.class)
                    .hasMessageContaining("object lock");
        }
    }

    @Test
    void anUnreachableServerIsARetryableFailure() throws Exception {
        S3StoreConfig c = s3.config("unreachable");
        S3StoreConfig down = new S3StoreConfig("http://127.0.0.1:1", c.region(), c.bucket(), c.accessKey(), c.secretKey(),
                S3StoreConfig.ObjectLockPolicy.AUTO, Duration.ofDays(1));
        try (MinioEvidenceStore unreachable = new MinioEvidenceStore(down)) {
            assertThatThrownBy(() -> unreachable.stat("sessions/s/manifest.json"))
                    .isInstanceOfSatisfying(EvidenceStoreException.class, e -> assertThat(e.retryable()).isTrue());
        }
    }

    @Test
    void anInvalidBucketNameIsAConfigurationError() {
        assertThatThrownBy(() -> s3.config("x")).hasMessageContaining("bucket");
    }

    @Test
    void theConfigNeverPrintsTheSecret() {
        assertThat(s3.config("bucket-b").toString()).doesNotContain(S3ProxyServer.SECRET_KEY);
    }
}
