package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectLockConfigurationArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.minio.messages.Retention;
import io.minio.messages.RetentionMode;
import jp.rinjo.media.recording.format.Sha256;
import okhttp3.OkHttpClient;

/**
 * Evidence in an S3 bucket through the MinIO client. On first use it makes sure the bucket exists
 * (created with object lock unless the policy is OFF) and finds out whether object lock is on;
 * objects are then put with a compliance-mode retention when it is. Each put sends the SHA-256 in
 * user metadata (the MinIO client adds an {@code x-amz-checksum-*} header the server checks the
 * bytes against), compares the returned ETag with the local MD5, and reads the object's size and
 * hash back before it counts as stored.
 */
public final class MinioEvidenceStore implements EvidenceStore {
    private static final Logger log = LoggerFactory.getLogger(MinioEvidenceStore.class);
    private static final String SHA_META = "sha256";
    private static final long MIN_PART = 5L * 1024 * 1024;
    private static final long SINGLE_PUT_MAX = 64L * 1024 * 1024;
    /** Keys per listing request (S3's own maximum): the most a listing holds at once. */
    private static final int LIST_PAGE = 1000;

    private final S3StoreConfig config;
    private final MinioClient client;
    private volatile StoreCapabilities capabilities;

    public MinioEvidenceStore(S3StoreConfig config) {
        this.config = config;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS)
                .build();
        this.client = MinioClient.builder().endpoint(config.endpoint()).region(config.region())
                .credentials(config.accessKey(), config.secretKey()).httpClient(http, true).build();
    }

    @Override
    public StoreCapabilities capabilities() throws IOException {
        StoreCapabilities c = capabilities;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (capabilities == null) {
                capabilities = prepareBucket();
                log.info("evidence store: {}", capabilities.description());
            }
            return capabilities;
        }
    }

    private StoreCapabilities prepareBucket() throws IOException {
        String bucket = config.bucket();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                createBucket(bucket);
            }
        } catch (RuntimeException e) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "bucket " + bucket + " at " + config.endpoint()
                    + " failed: " + (e.getCause() != null ? e.getCause() : e), e);
        } catch (ErrorResponseException e) {
            if (config.objectLock() == S3StoreConfig.ObjectLockPolicy.REQUIRED) {
                throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "cannot create bucket " + bucket
                        + " with object lock (recording.store.s3.object-lock=required): " + e.errorResponse().code() + ": "
                        + e.errorResponse().message(), e);
            }
            throw unavailable("bucket " + bucket, e);
        } catch (MinioException e) {
            throw unavailable("bucket " + bucket, e);
        }
        boolean lock = config.objectLock() != S3StoreConfig.ObjectLockPolicy.OFF && bucketHasObjectLock(bucket);
        if (config.objectLock() == S3StoreConfig.ObjectLockPolicy.REQUIRED && !lock) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "bucket " + bucket
                    + " has no object lock, and recording.store.s3.object-lock=required: evidence is not stored there");
        }
        return new StoreCapabilities("s3", lock, "S3 bucket " + bucket + " at " + config.endpoint()
                + (lock ? " with object lock (compliance mode, retention " + config.retention().toDays() + " days)"
                        : " WITHOUT object lock (alteration is detected by the hash chain and signature, not prevented)"));
    }

    private void createBucket(String bucket) throws MinioException {
        if (config.objectLock() != S3StoreConfig.ObjectLockPolicy.OFF) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(true).build());
                return;
            } catch (ErrorResponseException e) {
                if (config.objectLock() == S3StoreConfig.ObjectLockPolicy.REQUIRED || alreadyExists(e)) {
                    throw e;
                }
                log.warn("the S3 server refused a bucket with object lock ({}); creating {} without it", e.errorResponse().code(), bucket);
            }
        }
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        } catch (ErrorResponseException e) {
            if (!alreadyExists(e)) {
                throw e;
            }
        }
    }

    private static boolean alreadyExists(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code);
    }

    private boolean bucketHasObjectLock(String bucket) {
        try {
            return client.getObjectLockConfiguration(GetObjectLockConfigurationArgs.builder().bucket(bucket).build()) != null;
        } catch (MinioException | RuntimeException e) {
            // ObjectLockConfigurationNotFoundError (not enabled) or NotImplemented (s3proxy, other servers)
            log.debug("bucket {}: no object lock configuration: {}", bucket, e.toString());
            return false;
        }
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        ObjectKeys.validate(key);
        boolean lock = capabilities().objectLock();
        Optional<StoredObject> existing = stat(key);
        if (existing.isPresent()) {
            return sameOrConflict(key, existing.get(), sha256);
        }
        byte[] md5 = hashLocal(file, sha256);
        long size = java.nio.file.Files.size(file);
        // Segments and manifests go in one PUT, so the ETag the server returns is the MD5 of what it
        // stored; only huge objects would be multipart (then size, checksum and metadata are checked).
        boolean singlePut = size <= SINGLE_PUT_MAX;
        UploadObjectArgs.Builder args;
        try {
            args = UploadObjectArgs.builder().bucket(config.bucket()).object(key)
                    .contentType(options.contentType()).userMetadata(Map.of(SHA_META, sha256.hex()));
            if (singlePut) {
                args.filename(file.toString(), Math.max(MIN_PART, size));
            } else {
                args.filename(file.toString());
            }
        } catch (MinioException e) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.CORRUPT_SOURCE, "cannot read " + file, e);
        }
        if (lock) {
            Instant until = options.retainUntil().orElse(Instant.now().plus(config.retention()));
            args.retention(new Retention(RetentionMode.COMPLIANCE, until.atZone(ZoneOffset.UTC)));
        }
        UploadObjectArgs upload = args.build();
        ObjectWriteResponse response = call("put " + key, () -> client.uploadObject(upload));
        String etag = response.etag() == null ? "" : response.etag().replace("\"", "");
        if (singlePut && etag.matches("[0-9a-f]{32}") && !etag.equals(HexFormat.of().formatHex(md5))) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "put " + key + ": the server stored bytes with MD5 "
                    + etag + ", sent " + HexFormat.of().formatHex(md5));
        }
        StoredObject stored = stat(key).orElseThrow(() -> new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE,
                key + " is not in the bucket right after it was put"));
        if (stored.size() != size || !stored.sha256().equals(Optional.of(sha256))) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, key + " reads back as " + stored.size()
                    + " bytes, SHA-256 " + stored.sha256().map(Sha256::hex).orElse("(none)") + "; sent " + size + " bytes, " + sha256);
        }
        return stored;
    }

    /** MD5 for the ETag check, after checking the file still has the SHA-256 it was declared with. */
    private static byte[] hashLocal(Path file, Sha256 declared) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        MessageDigest sha = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(new DigestInputStream(java.nio.file.Files.newInputStream(file), sha), md5)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Sha256 actual = Sha256.of(sha.digest());
        if (!actual.equals(declared)) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.CORRUPT_SOURCE,
                    file + " has SHA-256 " + actual + ", declared " + declared);
        }
        return md5.digest();
    }

    private static StoredObject sameOrConflict(String key, StoredObject existing, Sha256 sha256) throws EvidenceStoreException {
        if (existing.sha256().equals(Optional.of(sha256))) {
            return existing;
        }
        throw new EvidenceStoreException(EvidenceStoreException.Kind.CONFLICT, key + " already holds other content (SHA-256 "
                + existing.sha256().map(Sha256::hex).orElse("unknown") + ", new " + sha256 + "); evidence is never overwritten");
    }

    @Override
    public InputStream open(String key) throws IOException {
        ObjectKeys.validate(key);
        capabilities();
        return call(key, () -> client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build()));
    }

    /** An S3 ranged GET: only the range crosses the network. */
    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        ObjectKeys.validate(key);
        RangeInputStream.check(offset, length);
        capabilities();
        if (length == 0) {
            stat(key).orElseThrow(() -> new EvidenceStoreException(EvidenceStoreException.Kind.NOT_FOUND, "no object " + key));
            return InputStream.nullInputStream();
        }
        return call(key, () -> {
            try {
                return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).offset(offset).length(length).build());
            } catch (ErrorResponseException e) {
                if ("InvalidRange".equals(e.errorResponse().code())) {
                    return InputStream.nullInputStream(); // from at or past the end: no bytes, as the contract says
                }
                throw e;
            }
        });
    }

    /**
     * Without object lock a plain DELETE removes the object. With it the bucket is versioned, where a
     * plain DELETE would only hide the object behind a delete marker while every byte stays: so each
     * version is removed by id, and a version still under retention is refused by the server, which
     * is reported as {@link EvidenceStoreException.Kind#LOCKED}.
     */
    @Override
    public void delete(String key) throws IOException {
        ObjectKeys.validate(key);
        if (!capabilities().objectLock()) {
            call("delete " + key, () -> {
                client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
                return null;
            });
            return;
        }
        List<String> versions = call("list versions of " + key, () -> {
            List<String> found = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket()).prefix(key)
                    .includeVersions(true).recursive(true).build())) {
                Item item = r.get();
                if (item.objectName().equals(key)) {
                    found.add(item.versionId());
                }
            }
            return found;
        });
        for (String version : versions) {
            try {
                client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(config.bucket()).object(key).versionId(version).build());
            } catch (ErrorResponseException e) {
                throw new EvidenceStoreException(EvidenceStoreException.Kind.LOCKED, "the store refuses to delete " + key
                        + " (version " + version + "): " + e.errorResponse().code() + ": " + e.errorResponse().message(), e);
            } catch (MinioException | RuntimeException e) {
                throw failure("delete " + key, e);
            }
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        ObjectKeys.validate(key);
        capabilities();
        StatObjectResponse s;
        try {
            s = call(key, () -> client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build()));
        } catch (EvidenceStoreException e) {
            if (e.kind() == EvidenceStoreException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        String hex = s.userMetadata() == null ? null : s.userMetadata().getFirst(SHA_META);
        Optional<Sha256> sha = Optional.empty();
        try {
            sha = hex == null ? Optional.empty() : Optional.of(new Sha256(hex));
        } catch (IllegalArgumentException e) {
            log.warn("{}: unusable sha256 metadata '{}'", key, hex);
        }
        Optional<Instant> until = Optional.ofNullable(s.lockRetainUntilDate()).map(z -> z.toInstant());
        return Optional.of(new StoredObject(key, s.size(), sha, until));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        capabilities();
        List<StoredObject> out = call("list " + prefix, () -> {
            List<StoredObject> found = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket()).prefix(prefix).recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    found.add(new StoredObject(item.objectName(), item.size(), Optional.empty(), Optional.empty()));
                }
            }
            return found;
        });
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    /** A listing with a delimiter; the client fetches it a page at a time as it is iterated. */
    @Override
    public void forEachChild(String prefix, KeyVisitor visitor) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        capabilities();
        String what = "list " + (prefix.isEmpty() ? "the bucket" : prefix);
        Iterator<Result<Item>> items = call(what, () -> client.listObjects(ListObjectsArgs.builder().bucket(config.bucket())
                .prefix(prefix).recursive(false).maxKeys(LIST_PAGE).build()).iterator());
        while (call(what, items::hasNext)) {
            Item item = call(what, () -> items.next().get());
            visitor.visit(item.objectName()); // a level below comes as its prefix, ending in '/'
        }
    }

    /** One client call; the MinIO client also throws unchecked exceptions for network failures. */
    private interface S3Call<T> {
        T run() throws MinioException;
    }

    private <T> T call(String what, S3Call<T> c) throws EvidenceStoreException {
        try {
            return c.run();
        } catch (MinioException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    private EvidenceStoreException failure(String what, Exception e) {
        if (e instanceof IllegalArgumentException iae) {
            throw iae;
        }
        if (e instanceof MinioException me) {
            return notFound(me) ? new EvidenceStoreException(EvidenceStoreException.Kind.NOT_FOUND, "no object " + what)
                    : unavailable(what, e);
        }
        return new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, what + " at " + config.endpoint() + " failed: "
                + (e.getCause() != null ? e.getCause() : e), e);
    }

    private static boolean notFound(MinioException e) {
        if (e instanceof ErrorResponseException ere) {
            String code = ere.errorResponse().code();
            return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                    || (ere.response() != null && ere.response().code() == 404 && !"NoSuchBucket".equals(code));
        }
        return false;
    }

    private EvidenceStoreException unavailable(String what, Exception e) {
        String detail = e instanceof ErrorResponseException ere
                ? ere.errorResponse().code() + ": " + ere.errorResponse().message()
                : String.valueOf(e.getCause() != null ? e.getCause() : e.getMessage());
        return new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, what + " at " + config.endpoint() + " failed: " + detail, e);
    }

    /** Closes the MinIO client and its OkHttp threads (else they keep a JVM alive for a minute). */
    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException("closing the MinIO client", e);
        }
    }
}
