package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.TrackId;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.sfu.MediaEngine;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.RtpSink;

/**
 * The recording spool of one media node: writer threads fed by the tracks' sinks, the fsync thread,
 * the uploader, and what a start recovers. {@link #start} recovers before anything is recorded.
 */
public final class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final SpoolLayout layout;
    private final Sessions sessions;
    private final SpoolSpace space;
    private final SpoolUploader uploader;
    private final SegmentFinisher finisher;
    private final List<RecordingWriter> writers = new ArrayList<>();
    private final AtomicInteger nextWriter = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final String node;
    private final SpoolRecovery.Report recovery;
    private final SealedElsewhere sealedElsewhere;
    private final SetAsideWatch setAside;
    private final java.util.concurrent.ScheduledExecutorService sealedElsewhereChecks =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rinjo-recording-sealed-elsewhere");
                t.setDaemon(true);
                return t;
            });

    private Spool(SpoolConfig config, EvidenceStore store, Function<SessionId, Optional<ContractNo>> contracts, String node,
                  RecordingListener listener, int writerThreads) throws IOException {
        this.node = node;
        this.layout = new SpoolLayout(config.dir());
        this.sessions = new Sessions(layout, contracts, node);
        this.space = new SpoolSpace(config.dir(), config.spoolMaxBytes(), config.spoolMinFreeBytes(), listener);
        this.sealedElsewhere = new SealedElsewhere(layout, sessions, s -> manifestInStore(store, s, false), this::endTracks,
                sealedElsewhereChecks);
        this.uploader = new SpoolUploader(store, space, layout, listener, config.uploadBackoffMax(), sealedElsewhere::check);
        this.recovery = new SpoolRecovery(layout, sessions, space, uploader, s -> manifestInStore(store, s, true)).run();
        this.finisher = new SegmentFinisher(uploader, space, listener);
        this.setAside = new SetAsideWatch(layout.root());
        for (int i = 0; i < writerThreads; i++) {
            writers.add(new RecordingWriter("rinjo-recording-writer-" + i, config, layout, sessions, finisher, space, listener, node));
        }
        uploader.start();
        setAside.start();
        long every = config.sealedElsewhereCheck().toMillis();
        sealedElsewhereChecks.scheduleWithFixedDelay(sealedElsewhere::sweep, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Recovers what the spool holds (see {@link SpoolRecovery}), then starts the threads.
     *
     * @param contracts     the contract of a session when known (objects then go under {@code contracts/{no}/})
     * @param node          this media node's id, written into every segment
     * @param writerThreads writer threads; tracks are spread over them
     */
    public static Spool start(SpoolConfig config, EvidenceStore store, Function<SessionId, Optional<ContractNo>> contracts,
                              String node, RecordingListener listener, int writerThreads) throws IOException {
        Files.createDirectories(config.dir());
        Spool s = new Spool(config, store, contracts, node, listener, Math.max(1, writerThreads));
        SpoolRecovery.Report r = s.recovery;
        if (r.setAside() > 0) {
            log.error("recording spool {}: {} session directories could not be recovered and were set aside for an operator (see above)",
                    config.dir(), r.setAside());
        }
        if (r.sessions() > 0) {
            log.warn("recording spool {}: recovered {} unsealed sessions; {} segments completed after a crash ({} bytes cut), "
                    + "{} chains closed with an interruption, {} files queued for upload", config.dir(), r.sessions(), r.repaired(),
                    r.discardedBytes(), r.interruptionsAdded(), r.queued());
        }
        s.setAside.warnAtStart();
        return s;
    }

    /**
     * Whether the session's manifest is in the store (another node sealed it); false when the store
     * cannot say. At recovery that is logged; the checks while running ask often, so only at debug.
     */
    private static boolean manifestInStore(EvidenceStore store, SessionSpool s, boolean atRecovery) {
        try {
            return store.exists(s.objectPrefix() + "/" + ObjectKeys.MANIFEST);
        } catch (IOException | RuntimeException e) {
            if (atRecovery) {
                log.warn("spool: cannot tell whether session {} was sealed by another node meanwhile ({}); it is recovered", s.id(),
                        e.toString());
            } else {
                log.debug("spool: cannot tell whether session {} was sealed by another node ({})", s.id(), e.toString());
            }
            return false;
        }
    }

    public String node() {
        return node;
    }

    public SpoolLayout layout() {
        return layout;
    }

    /** What the start found and did. */
    public Map<String, Long> recoveryReport() {
        return Map.of("sessions", (long) recovery.sessions(), "repaired", (long) recovery.repaired(), "interruptionsAdded",
                (long) recovery.interruptionsAdded(), "queued", (long) recovery.queued(), "discardedBytes", recovery.discardedBytes(),
                "setAside", (long) recovery.setAside());
    }

    /**
     * The session directories set aside in this spool, by an earlier start or this process, that an
     * operator has not moved away yet (listed every few seconds; reading it touches no disk).
     */
    public List<SetAsideSession> evidenceAtRisk() {
        return setAside.current();
    }

    /** Sessions recovered mid-seal: their manifests are uploading; {@link #finishSeal} them. */
    public List<SessionSpool> pendingSeals() {
        return recovery.pendingSeals();
    }

    /** The seal files in the session's spool directory (name → bytes): what a seal interrupted by a crash signed. */
    public Map<String, byte[]> sealFiles(SessionSpool s) throws IOException {
        return SealFiles.read(layout.session(s.id()));
    }

    public MediaEngine.RtpSinkFactory sinkFactory() {
        return new RecordingSinkFactory(this);
    }

    /** A tap for one published track (on the media event loop: no I/O). */
    public RtpSink sinkFor(SessionId session, PublishedTrack track) {
        TrackInfo info = new TrackInfo(session, TrackId.random().value(), track.owner().value(), track.key(), track.kind());
        RecordingWriter w = writers.get(Math.floorMod(nextWriter.getAndIncrement(), writers.size()));
        TrackState state = w.newTrack(info, TrackSink.codecInfo(track.rtpCodec()));
        log.info("session {}: recording {} as track {}", session, track.key(), info.trackId());
        return new TrackSink(state, track.rtpCodec(), dropped);
    }

    /** Whether this spool holds the session: being recorded, or sealed and still uploading. */
    public boolean holds(SessionId session) {
        return sessions.get(session) != null;
    }

    /**
     * Closes every track of the session for good. Completes with the session's spool once its last
     * segments are stored (an empty session spool if nothing was recorded).
     */
    public CompletableFuture<SessionSpool> endSession(SessionId session) {
        if (!sessions.markSealing(session)) {
            return CompletableFuture.failedFuture(new RinjoException(ErrorCode.CONFLICT,
                    "session " + session + " is already sealed or being sealed"));
        }
        return endTracks(session).thenApply(v -> {
            try {
                return sessions.getOrCreate(session, Clocks.wallMicros());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private CompletableFuture<Void> endTracks(SessionId session) {
        return CompletableFuture.allOf(writers.stream().map(w -> w.endSession(session)).toArray(CompletableFuture[]::new));
    }

    /**
     * Spools the seal's files (fsynced) and queues them for upload after the session's segments;
     * completes when everything of the session is in the store, the spool directory then removed.
     */
    public CompletableFuture<Void> seal(SessionSpool s, Map<String, byte[]> files) throws IOException {
        if (SealFiles.anyIn(layout.session(s.id()))) {
            throw new RinjoException(ErrorCode.CONFLICT, "session " + s.id() + " already has a signed manifest in the spool; "
                    + "a manifest is written once");
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            SealFiles.write(layout.session(s.id()), f.getKey(), f.getValue());
        }
        for (SealFiles.Spooled m : SealFiles.spooled(layout, s)) {
            long size = Files.size(m.file());
            space.add(size);
            s.uploadQueued();
            uploader.submit(new SpooledObject(s, m.file(), m.key(), m.sha256(), size, m.contentType(), null, -1));
        }
        return finishSeal(s);
    }

    /**
     * Completes once the session's uploads are done; then marks it sealed and removes its spool
     * directory, unless it still holds files that never reached the store (a segment the spool
     * could not make durable, an object the store refused): the seal deletes no such file, it sets
     * the directory aside for an operator instead.
     */
    public CompletableFuture<Void> finishSeal(SessionSpool s) {
        return s.uploadsDone().thenRun(() -> {
            try {
                Files.writeString(layout.sealedMarker(s.id()), "sealed\n");
                s.closeJournal();
                removeOrSetAside(layout, s.id());
                sessions.removeSealed(s.id());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("sealed, but the spool directory of " + s.id() + " could not be removed", e);
            }
        });
    }

    /** A sealed session's directory: removed if everything in it is in the store, else set aside (loudly). */
    static void removeOrSetAside(SpoolLayout layout, SessionId session) throws IOException {
        List<java.nio.file.Path> kept = SetAside.notUploaded(layout, session);
        if (kept.isEmpty()) {
            SpoolRecovery.deleteTree(layout.session(session));
            return;
        }
        String why = "session " + session + " is sealed, but " + kept.size() + " of its spool files never reached the evidence store: "
                + kept.stream().map(f -> layout.session(session).relativize(f).toString()).toList()
                + ". They are not deleted; an operator decides what becomes of them (the manifest's problems say what went wrong)";
        java.nio.file.Path aside = SetAside.move(layout, session, why);
        log.error("{}; kept in {}", why, aside);
    }

    /**
     * Stores a remote still in the session's spool (fsynced, journaled) and queues its upload next to
     * the session's segments; the seal lists it in the manifest's {@code stills}.
     *
     * @throws RinjoException CONFLICT when the session is sealed or being sealed (a still now would not be in its manifest);
     *                        STORE_UNAVAILABLE while the spool is full (the store has not taken its backlog)
     */
    public void addStill(SessionId session, jp.rinjo.media.recording.evidence.RecordedStill still, byte[] jpeg) throws IOException {
        if (!space.hasRoom()) {
            // what the spool holds is evidence waiting for the store; a still must not push out the packets recorded next
            throw new RinjoException(ErrorCode.STORE_UNAVAILABLE, "the recording spool is full (the evidence store has not taken its "
                    + "backlog yet): the still is not stored; try again later");
        }
        RinjoException sealed = new RinjoException(ErrorCode.CONFLICT, "session " + session + " is sealed or being sealed: "
                + "a still now would not be in its evidence");
        if (sessions.isSealed(session)) {
            throw sealed;
        }
        SessionSpool s = sessions.getOrCreate(session, Clocks.wallMicros());
        java.nio.file.Path file = SpoolStills.write(layout, still, jpeg, session);
        boolean added = !sessions.isSealed(session) && s.addStill(still, () -> {
            space.add(still.bytes());
            s.uploadQueued();
            uploader.submit(SpoolStills.upload(s, still, file));
        });
        if (!added) {
            Files.deleteIfExists(file);
            throw sealed;
        }
        log.info("session {}: still {} stored in the spool ({} bytes, sha256 {}); uploading", session, still.id(), still.bytes(),
                still.sha256().shortHex());
    }

    /** A still's file while it waits in the spool for its upload; empty once it is in the store (or never was here). */
    public Optional<java.nio.file.Path> spooledStill(SessionId session, String stillId) {
        java.nio.file.Path f = layout.still(session, stillId);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    /** Sessions in the spool that have not been sealed. */
    public List<SessionSpool> sessions() {
        return List.copyOf(sessions.all());
    }

    /**
     * Counters for metrics; {@code spoolFull} and {@code uploadsFailing} are 1 while so, else 0;
     * {@code setAsideSessions} counts {@link #evidenceAtRisk}.
     */
    public Map<String, Long> stats() {
        long written = writers.stream().mapToLong(RecordingWriter::packetsWritten).sum();
        int queued = writers.stream().mapToInt(w -> w.queue.size()).sum();
        return Map.of("packetsWritten", written, "packetsDropped", dropped.sum(), "queued", (long) queued, "spoolBytes", space.used(),
                "uploadBacklog", (long) uploader.backlog(), "spoolFull", space.isFull() ? 1L : 0L,
                "uploadsFailing", uploader.failing() ? 1L : 0L, "setAsideSessions", (long) setAside.current().size());
    }

    /** Closes open segments ("recorder-stopped"), stores them, stops uploading (the rest waits for the next start). */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sealedElsewhereChecks.shutdownNow();
        setAside.close();
        for (RecordingWriter w : writers) {
            w.close();
        }
        finisher.barrier().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        finisher.close();
        uploader.close();
    }
}
