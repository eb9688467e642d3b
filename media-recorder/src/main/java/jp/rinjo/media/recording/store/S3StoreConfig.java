package jp.rinjo.media.recording.store;

import java.time.Duration;

import jp.rinjo.common.error.Require;

/**
 * The S3/MinIO evidence store.
 *
 * @param endpoint   e.g. {@code https://minio.internal:9000}
 * @param region     e.g. {@code us-east-1} (MinIO's default)
 * @param bucket     one bucket for all evidence
 * @param objectLock whether to require, try or skip object lock (WORM)
 * @param retention  default compliance-mode retention of each object when the bucket has object lock
 */
public record S3StoreConfig(String endpoint, String region, String bucket, String accessKey, String secretKey,
                            ObjectLockPolicy objectLock, Duration retention) {
    /** {@code recording.store.s3.object-lock}. */
    public enum ObjectLockPolicy {
        /** Create the bucket with object lock and lock objects when the server supports it; say so when not. */
        AUTO,
        /** Refuse to store evidence in a bucket without object lock. */
        REQUIRED,
        /** Never request object lock. */
        OFF
    }

    public S3StoreConfig {
        Require.text(endpoint, "recording.store.s3.endpoint", 500);
        Require.that(bucket != null && bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
                "recording.store.s3.bucket must be an S3 bucket name (3–63 lower-case letters, digits, '.', '-')");
        Require.text(accessKey, "recording.store.s3.access-key", 200);
        Require.text(secretKey, "recording.store.s3.secret-key", 500);
        Require.that(retention != null && !retention.isNegative() && !retention.isZero(), "recording.retention must be positive");
        Require.nonNull(objectLock, "objectLock");
    }

    @Override
    public String toString() {
        // never log the secret
        return "S3StoreConfig[" + endpoint + ", bucket " + bucket + ", object lock " + objectLock + ", retention " + retention + "]";
    }
}
