package jp.rinjo.media.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.ManifestInput;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.spool.RecordingListener;
import jp.rinjo.media.recording.spool.SessionSpool;
import jp.rinjo.media.recording.spool.Spool;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.sfu.MediaEngine;

/**
 * The media node's evidence recorder: records every published track through the engine's sink
 * factory, and seals a session when it ends (manifest, Ed25519 signature, RFC 3161 time-stamp, all
 * uploaded after the session's segments).
 *
 * <pre>
 * EvidenceRecorder recorder = EvidenceRecorder.start(config, store, key, tsa, contracts, listener);
 * node.engine().addSinkFactory(recorder.sinkFactory());      // before the node takes traffic
 * ...
 * recorder.seal(sessionId, SealRequest.of(participants));    // when the session ends
 * </pre>
 */
public final class EvidenceRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvidenceRecorder.class);
    /** Tries at looking for other nodes' tracks: the store answered a moment ago (the session's own segments reached it). */
    private static final int OTHER_NODES_ATTEMPTS = 4;
    /** How often the store is listed again while waiting for other nodes' tracks to be closed. */
    private static final long OTHER_NODES_POLL_MILLIS = 250;

    private final Spool spool;
    private final ManifestSigner signer;
    private final EvidenceStore store;
    private final Function<SessionId, Optional<ContractNo>> contracts;
    private final java.time.Duration movedSessionWait;
    private final java.time.Duration otherNodesBackoff;
    private final RemoteStills stills;
    /**
     * Seals under way (asked for, or recovered from the spool at start) until they complete: a
     * request for one of them joins it, since a manifest is signed once and is the session's evidence.
     */
    private final ConcurrentHashMap<SessionId, CompletableFuture<SealResult>> seals = new ConcurrentHashMap<>();
    private final ExecutorService sealer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rinjo-recording-seal");
        t.setDaemon(true);
        return t;
    });

    private EvidenceRecorder(Spool spool, DeploymentKey key, Optional<TimestampClient> tsa, EvidenceStore store,
                             Function<SessionId, Optional<ContractNo>> contracts, java.time.Duration movedSessionWait,
                             java.time.Duration otherNodesBackoff) {
        this.spool = spool;
        this.movedSessionWait = movedSessionWait;
        this.otherNodesBackoff = otherNodesBackoff;
        this.signer = new ManifestSigner(key, tsa);
        this.store = store;
        this.contracts = contracts;
        this.stills = new RemoteStills(spool, store, contracts, sealer);
    }

    /**
     * Recovers the spool (completing what a crash left, queueing uploads), then starts recording.
     *
     * @param contracts the contract of a session when known; objects then go under {@code contracts/{no}/}
     */
    public static EvidenceRecorder start(RecordingConfig config, EvidenceStore store, DeploymentKey key, Optional<TimestampClient> tsa,
                                         Function<SessionId, Optional<ContractNo>> contracts, RecordingListener listener)
            throws IOException {
        String node = config.nodeId().orElse(null);
        if (node == null) {
            node = nodeId(config.spool().dir());
        }
        Spool spool = Spool.start(config.spool(), store, contracts, node, listener, config.writerThreads());
        EvidenceRecorder r = new EvidenceRecorder(spool, key, tsa, store, contracts, config.movedSessionWait(),
                config.otherNodesBackoff());
        for (SessionSpool s : spool.pendingSeals()) {
            r.resume(s);
        }
        log.info("evidence recorder: node {}, spool {}, signing key {}, {}", node, config.spool().dir(), key.keyId(),
                tsa.map(t -> "time-stamps from " + t.url()).orElse("no TSA configured (manifests are signed, not time-stamped)"));
        return r;
    }

    /** This node's id, made once and kept in the spool so every segment it writes names it. */
    static String nodeId(Path spoolDir) throws IOException {
        Path f = spoolDir.resolve("node-id");
        Files.createDirectories(spoolDir);
        if (Files.exists(f)) {
            return NodeId.of(Files.readString(f, StandardCharsets.US_ASCII).strip()).value();
        }
        String id = NodeId.random().value();
        Files.writeString(f, id + "\n", StandardCharsets.US_ASCII);
        return id;
    }

    /** Add to the media engine before it takes traffic: every published track is then recorded. */
    public MediaEngine.RtpSinkFactory sinkFactory() {
        return spool.sinkFactory();
    }

    public Spool spool() {
        return spool;
    }

    /** Remote stills: stored as evidence of their session, listed in its manifest when it is sealed. */
    public RemoteStills stills() {
        return stills;
    }

    /**
     * Ends the session's recording and seals it: closes its tracks, builds the manifest from its
     * journal, signs it, time-stamps it when a TSA is configured, and completes once the segments
     * and manifest files are in the store. Does not block the caller. Asked again while the seal is
     * under way (also one a restart resumed from the spool), it answers with that seal: a session's
     * manifest is signed once.
     */
    public CompletableFuture<SealResult> seal(SessionId session, SealRequest request) {
        CompletableFuture<SealResult> mine = new CompletableFuture<>();
        CompletableFuture<SealResult> underWay = seals.putIfAbsent(session, mine);
        if (underWay != null) {
            // asked again before the answer arrived (e.g. by a signaling node that restarted): the same seal answers
            log.info("session {}: asked to seal while its seal is under way; the answer is that seal's", session);
            return underWay.copy();
        }
        CompletableFuture.supplyAsync(() -> checkSealable(session), sealer)
                .thenCompose(v -> spool.endSession(session))
                .thenApplyAsync(s -> prepare(s, request), sealer)
                .thenCompose(p -> p.uploaded().thenApply(v -> p.result()))
                .whenComplete((result, failure) -> settle(session, mine, result, failure));
        return mine.copy();
    }

    /**
     * Finishes a seal that a crash interrupted after its manifest was spooled: the spooled files are
     * uploaded as they are, and a request for the session meanwhile is answered with that manifest.
     */
    private void resume(SessionSpool s) {
        log.warn("session {}: a seal interrupted by a crash is being completed (manifest uploading)", s.id());
        CompletableFuture<SealResult> resumed = new CompletableFuture<>();
        seals.put(s.id(), resumed);
        CompletableFuture<SealResult> finished;
        try {
            SealResult sealed = SpooledSeal.read(spool.sealFiles(s));
            finished = spool.finishSeal(s).thenApply(v -> sealed);
        } catch (IOException | RuntimeException e) {
            // the upload goes on regardless; only the answer to a request is missing
            log.error("session {}: the spooled manifest cannot be read back ({}); its files are uploaded as they are", s.id(), e.toString());
            finished = spool.finishSeal(s).thenApply(v -> {
                throw new RinjoException(ErrorCode.INTERNAL, "session " + s.id() + " was sealed before a restart, but its spooled manifest "
                        + "cannot be read back: " + e.getMessage());
            });
        }
        finished.whenComplete((result, failure) -> settle(s.id(), resumed, result, failure));
    }

    /** Forgotten before it is answered: asked once it is done, the store's manifest answers (conflict: already sealed). */
    private void settle(SessionId session, CompletableFuture<SealResult> seal, SealResult result, Throwable failure) {
        seals.remove(session, seal);
        if (failure == null) {
            seal.complete(result);
        } else {
            seal.completeExceptionally(failure);
        }
    }

    /**
     * Throws if the session must not be sealed here. A session this node does not hold whose manifest
     * is in the store was sealed before (by this node before a restart, or by another node it moved
     * to): asked again, e.g. by a signaling node that restarted before it heard the answer, it must not
     * be sealed a second time. Any other session is sealed: with what this node recorded, what other
     * nodes stored of it (see {@link #otherNodesPart}), or nothing (a session that went live without
     * media: its manifest still says who took part). Signaling asks only for sessions that went live,
     * and only the node a session was placed on.
     */
    private Void checkSealable(SessionId session) {
        if (spool.holds(session)) {
            return null;
        }
        boolean sealed;
        try {
            sealed = store.exists(ObjectKeys.sessionPrefix(session, contracts.apply(session)) + "/" + ObjectKeys.MANIFEST);
        } catch (IOException | RuntimeException e) {
            // the store (or the contract lookup) being down must not stop a seal: the spool keeps it until they are back
            log.warn("session {}: cannot tell whether it was sealed before ({}); sealing", session, e.toString());
            return null;
        }
        if (sealed) {
            throw new RinjoException(ErrorCode.CONFLICT, "session " + session + " is already sealed: its manifest is in the evidence store");
        }
        return null;
    }

    private record Prepared(SealResult result, CompletableFuture<Void> uploaded) {
    }

    private Prepared prepare(SessionSpool s, SealRequest request) {
        OtherNodesPart other = otherNodesPart(s);
        List<RecordedTrack> tracks = new ArrayList<>(s.tracks());
        List<RecordedSegment> segments = new ArrayList<>(s.segments());
        List<String> problems = new ArrayList<>(s.problems());
        long created = s.createdWallMicros();
        for (StoredChains.Chain chain : other.chains()) {
            tracks.add(chain.track());
            segments.addAll(chain.segments());
            created = Math.min(created, chain.segments().get(0).startWallMicros());
        }
        problems.addAll(other.problems());
        problems.addAll(request.problems());
        ManifestInput in = new ManifestInput(s.id().value(), s.objectPrefix(), created, wallMicros(), request.participants(),
                tracks, segments, signer.publicKeySpki(), signer.timestampAuthority(), problems,
                RemoteStills.withStills(request.attachments(), s.closeStills()),
                request.inspection());
        ManifestSigner.Signed signed = signer.sign(in);
        SealResult result = signed.result();
        try {
            CompletableFuture<Void> uploaded = spool.seal(s, signed.files());
            log.info("session {}: sealed ({} tracks, {} segments, manifest {}); uploading", s.id(), result.tracks(), result.segments(),
                    result.manifestSha256().shortHex());
            return new Prepared(result, uploaded);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("session " + s.id() + ": cannot spool the manifest", e);
        }
    }

    /**
     * What other media nodes recorded of the session: a session whose node stopped answering is
     * placed on another node and goes on there, so the store may hold tracks this node never saw.
     * They belong to the session's evidence and are listed as stored; without them the manifest would
     * leave them out and every verification of the store would find them unlisted.
     *
     * <p>That other node may still be uploading: back after a restart, it recovers the session
     * (closes each chain with an interruption segment and uploads its backlog), since only this node
     * is asked to seal; or it only lost touch with signaling and records on. A segment of it stored
     * after this listing would be a segment of a sealed session that the manifest does not list — an
     * honest recording reported as tampered. So the seal first waits, at most
     * {@code recording.moved-session-wait}, until every such track ends with a closed segment in the
     * store (that node has nothing more of it to upload), and the problems say which tracks were still
     * open when they were listed. Once the manifest is in the store, that node uploads nothing more of
     * the session (it asks before each upload, see the spool's SealedElsewhere). What remains is an
     * upload that node began after this listing and before the manifest appeared (EVIDENCE.md says so).
     */
    private record OtherNodesPart(List<StoredChains.Chain> chains, List<String> problems) {
    }

    private OtherNodesPart otherNodesPart(SessionSpool s) {
        Set<String> own = new HashSet<>();
        s.tracks().forEach(t -> own.add(t.trackId()));
        java.util.function.Predicate<String> others = id -> !own.contains(id);
        awaitOtherNodesClosed(s, others);
        Exception last = null;
        for (int attempt = 1; attempt <= OTHER_NODES_ATTEMPTS; attempt++) {
            try {
                long listedAt = wallMicros();
                Map<String, TreeMap<Long, String>> keys = StoredChains.segmentKeys(store.list(s.objectPrefix() + "/tracks/"), s.objectPrefix());
                StoredChains.Found found = StoredChains.read(store, s.id(), keys, others);
                List<String> problems = new ArrayList<>(found.problems());
                for (StoredChains.Chain chain : found.chains()) {
                    problems.add(otherNodesTrack(chain, listedAt));
                }
                if (!found.chains().isEmpty()) {
                    log.warn("session {}: {} tracks recorded by other media nodes are sealed with this node's: {}", s.id(),
                            found.chains().size(), problems);
                }
                return new OtherNodesPart(found.chains(), problems);
            } catch (StoredChains.Unusable e) {
                log.error("session {}: the part recorded by other media nodes is not sealed: {}", s.id(), e.getMessage());
                return new OtherNodesPart(List.of(), List.of("the part of this session recorded by other media nodes is not in this "
                        + "manifest: " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                last = e;
                log.warn("session {}: looking for tracks recorded by other media nodes failed (attempt {} of {}): {}", s.id(), attempt,
                        OTHER_NODES_ATTEMPTS, e.toString());
                if (attempt < OTHER_NODES_ATTEMPTS) {
                    sleepBeforeRetry(attempt);
                }
            }
        }
        return new OtherNodesPart(List.of(), List.of("tracks this session may have on other media nodes (if it moved between nodes)"
                + " could not be looked for in the evidence store (" + last + "); any such part is not in this manifest"));
    }

    /**
     * Waits until every track of another node in the store ends with a closed segment, or
     * {@code recording.moved-session-wait} has passed. Reads only each track's last segment. A look that
     * fails (the store briefly unreachable, or a segment that cannot be read) is tried again until the
     * wait is over: ending the wait at once had sealed a chain its node was closing at that moment as
     * cut short. The listing after the wait retries too, and says what it could not do.
     */
    private void awaitOtherNodesClosed(SessionSpool s, java.util.function.Predicate<String> others) {
        long deadline = System.nanoTime() + movedSessionWait.toNanos();
        boolean told = false;
        while (true) {
            List<String> open;
            try {
                open = StoredChains.openTracks(store, StoredChains.segmentKeys(store.list(s.objectPrefix() + "/tracks/"), s.objectPrefix()),
                        others);
            } catch (IOException | RuntimeException | StoredChains.Unusable e) {
                if (System.nanoTime() - deadline >= 0) {
                    return;
                }
                log.debug("session {}: looking for other nodes' open tracks failed, looking again: {}", s.id(), e.toString());
                if (!pause()) {
                    return;
                }
                continue;
            }
            if (open.isEmpty()) {
                if (told) {
                    log.info("session {}: the tracks other media nodes recorded are closed in the store; sealing", s.id());
                }
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                if (told) {
                    log.warn("session {}: tracks {} recorded by another media node are still open in the store after {}; they are "
                            + "sealed as they are stored now", s.id(), open, movedSessionWait);
                }
                return;
            }
            if (!told) {
                log.info("session {}: waiting up to {} for tracks {} recorded by another media node to be closed in the store", s.id(),
                        movedSessionWait, open);
                told = true;
            }
            if (!pause()) {
                return;
            }
        }
    }

    /** Between two looks for other nodes' open tracks; false when the thread is interrupted (the node stopping). */
    private static boolean pause() {
        return sleep(OTHER_NODES_POLL_MILLIS);
    }

    /** False, with the interrupt kept, when the thread was interrupted (the node stopping). */
    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String otherNodesTrack(StoredChains.Chain chain, long listedAtMicros) {
        RecordedTrack t = chain.track();
        String ended = chain.closed() ? "its chain was closed by that node (" + chain.last().endReason() + ")"
                : "its chain was not closed in the evidence store when this node sealed the session (it waited up to "
                        + movedSessionWait.toMillis() + " ms for that), so it is listed as stored at "
                        + Jst.preciseMicros(listedAtMicros) + ": up to segment " + chain.last().sequence() + ", which ends at "
                        + Jst.preciseMicros(chain.last().endWallMicros()) + "; that node stopped, or lost touch, before the session "
                        + "ended, and what it had not stored by then is not in this recording";
        return "track " + t.trackId() + " (" + t.kind() + " of " + t.participant() + ") was recorded by media node " + t.node()
                + " before the session moved to this node; " + ended;
    }

    /** recording.other-nodes-backoff, doubling: 1 s, 2 s, 4 s by default. */
    private void sleepBeforeRetry(int attempt) {
        sleep(otherNodesBackoff.toMillis() << (attempt - 1));
    }

    private static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public void close() throws InterruptedException {
        spool.close();
        sealer.shutdownNow();
    }
}
