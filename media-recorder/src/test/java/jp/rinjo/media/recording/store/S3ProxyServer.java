package jp.rinjo.media.recording.store;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server in the test JVM (s3proxy over a directory, AWS V2/V4 signatures): what the
 * MinIO store is tested against here, where no Docker engine (so no MinIO container) runs. It has
 * no object lock.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "rinjo-test";
    public static final String SECRET_KEY = "rinjo-test-secret-0123456789";
    private final S3Proxy proxy;

    public S3ProxyServer(Path dir) throws Exception {
        this(dir, 0);
    }

    /** On a given port, so a test can stop the server and start it again where the client expects it. */
    public S3ProxyServer(Path dir, int port) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore blobs = BlobStores.create("filesystem-nio2", props);
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public S3StoreConfig config(String bucket) {
        return new S3StoreConfig(endpoint(), "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, S3StoreConfig.ObjectLockPolicy.AUTO,
                Duration.ofDays(3650));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
