package jp.rinjo.media.recording;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.recording.evidence.ChainHead;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.Manifest;
import jp.rinjo.media.recording.evidence.ManifestInput;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.TimestampCheck;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * Turns what a seal knows into the session's seal files: the manifest, its Ed25519 signature and,
 * when a TSA is configured, its RFC 3161 time-stamp. The same for a seal on the recording node and
 * for a seal from the store after that node was lost, so both produce evidence the verifier reads
 * the same way.
 */
final class ManifestSigner {
    private static final Logger log = LoggerFactory.getLogger(ManifestSigner.class);
    private static final int TSA_ATTEMPTS = 3;

    /**
     * @param files  object name ({@link ObjectKeys}) → bytes, in upload order: the manifest last, so
     *               that once it is visible everything it names is in the store
     */
    record Signed(SealResult result, Map<String, byte[]> files) {
    }

    private final DeploymentKey key;
    private final Optional<TimestampClient> tsa;

    ManifestSigner(DeploymentKey key, Optional<TimestampClient> tsa) {
        this.key = key;
        this.tsa = tsa;
    }

    /** What the manifest names as its signer. */
    byte[] publicKeySpki() {
        return key.publicKeySpki();
    }

    /** What the manifest names as its time-stamping authority. */
    Optional<URI> timestampAuthority() {
        return tsa.map(TimestampClient::url);
    }

    /**
     * Builds the manifest from {@code in} (made with {@link #publicKeySpki()} and
     * {@link #timestampAuthority()}) and signs it. A TSA failure does not stop the seal: it is in the
     * result's problems, and the manifest can be time-stamped later.
     */
    Signed sign(ManifestInput in) {
        byte[] manifest = Manifest.build(in);
        List<String> problems = new ArrayList<>(in.problems());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ObjectKeys.SIGNATURE, key.sign(manifest));
        Optional<Instant> stampedAt = Optional.empty();
        if (tsa.isPresent()) {
            try {
                byte[] tsr = stamp(tsa.get(), manifest);
                stampedAt = Optional.of(TimestampCheck.verify(tsr, manifest, Optional.empty()).genTime());
                files.put(ObjectKeys.TIMESTAMP, tsr);
            } catch (IOException | TimestampCheck.Failure e) {
                String message = "session " + in.sessionId() + ": the manifest could not be time-stamped by " + tsa.get().url() + ": "
                        + e.getMessage() + " (it is signed; a time-stamp can be added later over the same manifest)";
                log.error(message);
                problems.add(message);
            }
        }
        files.put(ObjectKeys.MANIFEST, manifest);
        List<RecordedSegment> segments = in.segments();
        SealResult result = new SealResult(in.sessionId(), in.objectPrefix(), Sha256.digest(manifest), ChainHead.session(in.tracks(), segments),
                in.tracks().size(), segments.size(), segments.stream().mapToInt(x -> x.gaps().size() + x.interruptions().size()).sum(),
                stampedAt, problems);
        return new Signed(result, files);
    }

    /** Three tries, a second apart: a TSA hiccup should not leave evidence unstamped. */
    private static byte[] stamp(TimestampClient client, byte[] manifest) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < TSA_ATTEMPTS; attempt++) {
            try {
                return client.stamp(manifest);
            } catch (IOException e) {
                last = e;
                log.warn("time-stamp request to {} failed (attempt {}): {}", client.url(), attempt + 1, e.getMessage());
                if (attempt + 1 == TSA_ATTEMPTS) {
                    break;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }
}
