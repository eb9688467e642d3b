package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.SessionEnd;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.spool.SpoolConfig;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/** The recorder on a media node as signaling drives it: a session's end seals it, then its renditions are made and it is indexed. */
class NodeRecordingTest {
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();

    @Test
    void aSessionsEndToldAgainWhileItsSealIsUnderWayMakesItsRenditionsAndIndexesItOnce() throws Exception {
        FilesystemEvidenceStore files = new FilesystemEvidenceStore(dir.resolve("store"));
        SlowManifestStore store = new SlowManifestStore(files);
        List<SealResult> indexed = new CopyOnWriteArrayList<>();
        MediaNode node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofMillis(100), 0, 0));
        try (NodeRecording recording = NodeRecording.attach(config(), store, node, s -> Optional.empty())) {
            recording.addSealListener(indexed::add);
            SessionEnd end = new SessionEnd(List.of(), null, List.of(), 0);

            // signaling timed out waiting for the answer and asks again while the manifest is still uploading
            CompletableFuture<Void> first = node.sessionEnded(session, end).toCompletableFuture();
            CompletableFuture<Void> again = node.sessionEnded(session, end).toCompletableFuture();
            store.manifestMayGo.countDown();
            first.get(30, TimeUnit.SECONDS);
            again.get(30, TimeUnit.SECONDS);

            assertThat(store.renditionIndexPuts).as("renditions.json stored by one rendition job").hasValue(1);
            assertThat(indexed).as("the archive is told once").hasSize(1);
            // asked once more after all is done: the store's manifest answers, nothing is made again
            assertThatThrownBy(() -> node.sessionEnded(session, end).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("already sealed");
            assertThat(store.renditionIndexPuts).hasValue(1);
            assertThat(indexed).hasSize(1);

            byte[] key = DeploymentKey.loadOrCreate(dir.resolve("keys/evidence.pem")).publicKeySpki();
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(key), Optional.empty(), false))
                    .verify(files.root().resolve(indexed.get(0).objectPrefix()));
            assertThat(report.errors()).isEmpty();
        } finally {
            node.close();
        }
    }

    private RecordingConfig config() {
        return new RecordingConfig(SpoolConfig.defaults(dir.resolve("spool")), 1, Optional.empty(), dir.resolve("keys/evidence.pem"),
                Optional.empty(), Duration.ofSeconds(5), "filesystem", dir.resolve("store"), Optional.empty(), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
    }

    /** Holds the manifest's upload until the test lets it go (a seal under way), and counts the renditions indexes stored. */
    private static final class SlowManifestStore extends ForwardingEvidenceStore {
        final CountDownLatch manifestMayGo = new CountDownLatch(1);
        final AtomicInteger renditionIndexPuts = new AtomicInteger();

        SlowManifestStore(EvidenceStore store) {
            super(store);
        }

        @Override
        public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
            if (key.endsWith("/" + ObjectKeys.MANIFEST)) {
                try {
                    manifestMayGo.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            if (key.endsWith("/renditions/renditions.json")) {
                renditionIndexPuts.incrementAndGet();
            }
            return super.put(key, file, sha256, options);
        }
    }
}
