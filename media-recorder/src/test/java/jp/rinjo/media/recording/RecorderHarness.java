package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.spool.SpoolConfig;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.sfu.PublishedTrack;

/** A recorder on real files (spool and filesystem store in a temporary directory) for tests. */
public final class RecorderHarness implements AutoCloseable {
    /** recording.other-nodes-backoff as shipped. */
    public static final Duration PRODUCTION_OTHER_NODES_BACKOFF = Duration.ofSeconds(1);
    /** A short recording.other-nodes-backoff, for a store that is down while a session is sealed. */
    public static final Duration SHORT_OTHER_NODES_BACKOFF = Duration.ofMillis(10);
    public final Path base;
    public final Path spoolDir;
    public final EvidenceStore store;
    public final DeploymentKey key;
    public final Events events = new Events();
    public final Optional<TimestampClient> tsa;
    private final SpoolConfig spool;
    private final Function<SessionId, Optional<ContractNo>> contracts;
    public EvidenceRecorder recorder;

    private final int writers;
    private final Duration movedSessionWait;
    private final Duration otherNodesBackoff;

    private RecorderHarness(Path base, EvidenceStore store, SpoolConfig spool, Optional<TimestampClient> tsa,
                            Function<SessionId, Optional<ContractNo>> contracts, int writers, Duration movedSessionWait,
                            Duration otherNodesBackoff) throws IOException {
        this.writers = writers;
        this.movedSessionWait = movedSessionWait;
        this.otherNodesBackoff = otherNodesBackoff;
        this.base = base;
        this.spoolDir = spool.dir();
        this.store = store;
        this.spool = spool;
        this.tsa = tsa;
        this.contracts = contracts;
        this.key = DeploymentKey.loadOrCreate(base.resolve("keys/evidence.pem"));
        this.recorder = EvidenceRecorder.start(config(), store, key, tsa, contracts, events);
    }

    public static RecorderHarness start(Path base, UnaryOperator<SpoolConfig> tweak, Optional<TimestampClient> tsa) throws IOException {
        return start(base, new FilesystemEvidenceStore(base.resolve("store")), tweak, tsa, s -> Optional.empty());
    }

    /** With {@code writers} writer threads (recording.writer-threads), for the throughput benchmark. */
    public static RecorderHarness withWriters(Path base, int writers) throws IOException {
        return new RecorderHarness(base, new FilesystemEvidenceStore(base.resolve("store")), SpoolConfig.defaults(base.resolve("spool")),
                Optional.empty(), s -> Optional.empty(), writers, Duration.ofSeconds(1), PRODUCTION_OTHER_NODES_BACKOFF);
    }

    public static RecorderHarness start(Path base, EvidenceStore store, UnaryOperator<SpoolConfig> tweak, Optional<TimestampClient> tsa,
                                        Function<SessionId, Optional<ContractNo>> contracts) throws IOException {
        return start(base, store, tweak, tsa, contracts, Duration.ofSeconds(1));
    }

    /** With how long a seal waits for the tracks other nodes recorded of a session that moved to it (recording.moved-session-wait). */
    public static RecorderHarness start(Path base, EvidenceStore store, UnaryOperator<SpoolConfig> tweak, Optional<TimestampClient> tsa,
                                        Function<SessionId, Optional<ContractNo>> contracts, Duration movedSessionWait) throws IOException {
        return start(base, store, tweak, tsa, contracts, movedSessionWait, PRODUCTION_OTHER_NODES_BACKOFF);
    }

    /**
     * With the first pause between a seal's attempts at listing other nodes' tracks in a store that
     * does not answer (recording.other-nodes-backoff): a test whose store is down at the seal passes a
     * short one, or each such seal waits out the production pauses (7 s) before it signs.
     */
    public static RecorderHarness start(Path base, EvidenceStore store, UnaryOperator<SpoolConfig> tweak, Optional<TimestampClient> tsa,
                                        Function<SessionId, Optional<ContractNo>> contracts, Duration movedSessionWait,
                                        Duration otherNodesBackoff) throws IOException {
        SpoolConfig spool = tweak.apply(SpoolConfig.defaults(base.resolve("spool")));
        return new RecorderHarness(base, store, spool, tsa, contracts, 1, movedSessionWait, otherNodesBackoff);
    }

    RecordingConfig config() {
        return new RecordingConfig(spool, writers, Optional.empty(), base.resolve("keys/evidence.pem"), tsa.map(TimestampClient::url),
                Duration.ofSeconds(5), "filesystem", base.resolve("store"), Optional.empty(), movedSessionWait,
                otherNodesBackoff);
    }

    /** Stops the recorder gracefully and starts a new one on the same spool and store (a restart). */
    public EvidenceRecorder restart() throws Exception {
        recorder.close();
        recorder = EvidenceRecorder.start(config(), store, key, tsa, contracts, events);
        return recorder;
    }

    public Feed feed(SessionId session, PublishedTrack track, int pt, long seed) {
        return new Feed(recorder.sinkFactory().sinkFor(session, track).orElseThrow(), track, pt, seed);
    }

    public void awaitWritten(long packets) {
        Poll.until(packets + " packets written", () -> recorder.spool().stats().get("packetsWritten") >= packets);
    }

    /** The session's folder in the filesystem store: an exported session as the verifier reads it. */
    public Path folder(SealResult r) {
        FilesystemEvidenceStore files = store instanceof SwitchableStore s ? s.files : (FilesystemEvidenceStore) store;
        return files.root().resolve(r.objectPrefix());
    }

    @Override
    public void close() throws Exception {
        recorder.close();
        store.close();
    }
}
