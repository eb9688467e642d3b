package jp.rinjo.media.recording;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.media.recording.spool.SpoolConfig;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.MinioEvidenceStore;
import jp.rinjo.media.recording.store.S3StoreConfig;

/**
 * The recorder's configuration ({@code recording.*} in media-defaults.properties).
 *
 * @param spool          segmenting, buffering and spooling
 * @param writerThreads  writer threads (tracks are spread over them)
 * @param nodeId         this node's id in segment headers; empty = the one made and kept in the spool
 * @param signingKeyFile the deployment's Ed25519 key (PKCS#8 PEM), created when missing
 * @param tsaUrl         an RFC 3161 TSA to time-stamp manifests, if any
 * @param tsaTimeout     how long one TSA request may take
 * @param store          {@code filesystem} or {@code s3}
 * @param filesystemRoot the filesystem store's directory
 * @param s3             the S3 store, when {@code store} is {@code s3}
 * @param movedSessionWait how long a seal waits for the tracks other nodes recorded of a session that
 *                       moved here to be closed in the store (see {@link EvidenceRecorder})
 * @param otherNodesBackoff the first pause between a seal's attempts at listing, in a store that does
 *                       not answer, the tracks other nodes recorded of the session; each pause doubles
 */
public record RecordingConfig(SpoolConfig spool, int writerThreads, Optional<String> nodeId, Path signingKeyFile, Optional<URI> tsaUrl,
                              Duration tsaTimeout, String store, Path filesystemRoot, Optional<S3StoreConfig> s3,
                              Duration movedSessionWait, Duration otherNodesBackoff) {
    public RecordingConfig {
        Require.nonNull(spool, "spool");
        Require.that(writerThreads >= 1 && writerThreads <= 64, "recording.writer-threads must be 1–64");
        Require.that("filesystem".equals(store) || "s3".equals(store), "recording.store must be filesystem or s3");
        Require.that(!"s3".equals(store) || s3.isPresent(), "recording.store=s3 needs recording.store.s3.*");
        Require.nonNull(signingKeyFile, "recording.signing-key-file");
        Require.that(movedSessionWait != null && !movedSessionWait.isNegative(), "recording.moved-session-wait must not be negative");
        Require.that(otherNodesBackoff != null && !otherNodesBackoff.isNegative() && otherNodesBackoff.toSeconds() <= 60,
                "recording.other-nodes-backoff must be in [0, 60s]");
    }

    public static RecordingConfig from(Settings s) {
        SpoolConfig spool = new SpoolConfig(s.path("recording.spool-dir"), s.duration("recording.segment-duration"),
                s.duration("recording.first-segment-duration"), s.longValue("recording.segment-max-bytes"),
                s.duration("recording.flush-interval"), s.integer("recording.queue-max-packets"), s.longValue("recording.queue-max-bytes"),
                s.longValue("recording.spool-max-bytes"), s.longValue("recording.spool-min-free-bytes"),
                s.duration("recording.upload-backoff-max"), s.duration("recording.sealed-elsewhere-check"));
        String store = s.string("recording.store").toLowerCase(Locale.ROOT);
        Optional<S3StoreConfig> s3 = "s3".equals(store)
                ? Optional.of(new S3StoreConfig(s.string("recording.store.s3.endpoint"), s.string("recording.store.s3.region"),
                s.string("recording.store.s3.bucket"), s.string("recording.store.s3.access-key"), s.string("recording.store.s3.secret-key"),
                lockPolicy(s.string("recording.store.s3.object-lock")), s.duration("recording.retention")))
                : Optional.empty();
        Optional<URI> tsa = s.optional("recording.tsa-url").map(URI::create);
        return new RecordingConfig(spool, s.integer("recording.writer-threads"), s.optional("recording.node-id"),
                s.path("recording.signing-key-file"), tsa, s.duration("recording.tsa-timeout"), store,
                s.path("recording.store.filesystem.root"), s3, s.duration("recording.moved-session-wait"),
                s.duration("recording.other-nodes-backoff"));
    }

    private static S3StoreConfig.ObjectLockPolicy lockPolicy(String v) {
        try {
            return S3StoreConfig.ObjectLockPolicy.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RinjoException.invalid("recording.store.s3.object-lock must be auto, required or off, was '" + v + "'");
        }
    }

    /** The configured evidence store (the caller closes it). */
    public EvidenceStore openStore() throws IOException {
        return "s3".equals(store) ? new MinioEvidenceStore(s3.orElseThrow()) : new FilesystemEvidenceStore(filesystemRoot);
    }
}
