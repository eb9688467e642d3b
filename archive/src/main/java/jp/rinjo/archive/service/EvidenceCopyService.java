package jp.rinjo.archive.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.Ids;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.rendition.EvidenceCopy;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.user.User;

/**
 * Evidence copies as jobs: a participant's rendition re-encoded with the contract and each frame's
 * JST time burned in ({@link EvidenceCopy}), for a report or a court. Re-encoding costs about a CPU
 * core for the length of the recording, so copies are made one at a time on a thread of their own
 * (never on the API pool, which must stay free for searches and playback); the others wait as
 * QUEUED. The copy is kept in the work folder for its owner to download until the job is forgotten
 * ({@code archive.export-job-ttl} after it was made), then deleted. Jobs live in this node's memory, like exports.
 */
public final class EvidenceCopyService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvidenceCopyService.class);
    private final ConcurrentHashMap<String, EvidenceCopyJob> jobs = new ConcurrentHashMap<>();
    private final EvidenceStore store;
    private final ArchiveConfig config;
    private final Guard guard;
    private final Clock clock;
    private final Path root;
    private final ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rinjo-evidence-copy");
        t.setDaemon(true);
        return t;
    });

    EvidenceCopyService(EvidenceStore store, ArchiveConfig config, Guard guard, Clock clock) {
        this.store = store;
        this.config = config;
        this.guard = guard;
        this.clock = clock;
        this.root = config.workDir().resolve("evidence-copies");
        deleteLeftovers();
    }

    public EvidenceCopyJob start(Actor actor, SessionId id, String participantId) {
        RecordingEntry e = guard.readable(actor, AuditAction.EVIDENCE_COPY, id);
        Guard.Target target = Guard.Target.of(e);
        RenditionEntry r = e.renditions().stream().filter(x -> x.participantId().equals(participantId)).findFirst().orElse(null);
        if (r == null) {
            guard.record(actor, AuditAction.EVIDENCE_COPY, target, AuditOutcome.NOT_FOUND, Guard.detail("rendition", participantId));
            throw RinjoException.notFound("rendition " + participantId + " of recording " + id);
        }
        if (r.width() <= 0 || r.height() <= 0) { // the time is burned into the picture: there must be one
            guard.record(actor, AuditAction.EVIDENCE_COPY, target, AuditOutcome.REFUSED, Guard.detail("rendition", participantId,
                    "reason", "audio only"));
            throw RinjoException.invalid("the rendition of " + participantId + " has no video (audio only); an evidence copy needs a picture");
        }
        User u = guard.user(actor, AuditAction.EVIDENCE_COPY, target);
        purge();
        String jobId = Ids.random("evc");
        EvidenceCopyJob job = new EvidenceCopyJob(jobId, u.id().value(), e, r, root.resolve(jobId), clock.instant());
        guard.record(actor, AuditAction.EVIDENCE_COPY, target, AuditOutcome.OK, Guard.detail("job", job.id(), "rendition", participantId,
                "queuedBehind", jobs.values().stream().filter(j -> !j.finished()).count()));
        jobs.put(job.id(), job);
        job.task(encoder.submit(() -> run(actor, job)));
        return job;
    }

    public EvidenceCopyJob status(Actor actor, String jobId) {
        return owned(actor, AuditAction.EVIDENCE_COPY, jobId, false);
    }

    /**
     * The finished copy for its owner's download. Audited as a DOWNLOAD, once per download: a
     * request whose bytes begin after the copy's first byte continues one already recorded.
     *
     * @param fromStart given the copy's size, whether this request is served from its first byte
     *                  (decided on the range as it will be served, not on how the header is spelt)
     */
    public EvidenceCopyJob download(Actor actor, String jobId, LongPredicate fromStart) throws IOException {
        EvidenceCopyJob job = owned(actor, AuditAction.DOWNLOAD, jobId, true);
        Guard.Target target = Guard.Target.of(job.entry());
        if (job.state() != EvidenceCopyJob.State.DONE) {
            guard.record(actor, AuditAction.DOWNLOAD, target, AuditOutcome.REFUSED, Guard.detail("evidenceCopy", jobId, "state", job.state()));
            throw new RinjoException(ErrorCode.CONFLICT, job.state() == EvidenceCopyJob.State.FAILED
                    ? "this evidence copy failed (" + job.error() + "); start a new one"
                    : "this evidence copy is not ready yet (" + job.state() + ", " + job.progress() + " %)");
        }
        if (fromStart.test(Files.size(job.file()))) {
            guard.record(actor, AuditAction.DOWNLOAD, target, AuditOutcome.OK, Guard.detail("evidenceCopy", jobId,
                    "rendition", job.rendition().participantId(), "frames", job.frames(), "sha256", job.sha256()));
        }
        return job;
    }

    private void run(Actor actor, EvidenceCopyJob job) {
        if (!job.begin()) {
            return;
        }
        Path rendition = job.folder().resolve("rendition." + job.rendition().container());
        try {
            Files.createDirectories(job.folder());
            try (InputStream in = store.open(job.rendition().key())) {
                Files.copy(in, rendition, StandardCopyOption.REPLACE_EXISTING);
            }
            // the rendition is derived and unsigned: a copy is made only of the one indexed at seal
            String stored = Sha256.ofFile(rendition).hex();
            if (!stored.equals(job.rendition().sha256())) {
                throw new RenditionAltered("the stored rendition of " + job.rendition().participantId() + " is not the one made at seal "
                        + "(SHA-256 " + stored + ", indexed " + job.rendition().sha256() + "): it was altered or replaced, and no evidence "
                        + "copy is made from it. The signed evidence is not affected: verify the recording and have its rendition made again");
            }
            RecordingEntry e = job.entry();
            EvidenceCopy.Result r = EvidenceCopy.make(rendition, job.file(), job.rendition().startWallMicros(), caption(e),
                    "Rinjo evidence copy: session " + e.sessionId().value() + ", manifest.json SHA-256 " + e.evidence().manifestSha256()
                            + ", rendition " + job.rendition().participantId() + " SHA-256 " + stored, job::progress);
            Files.deleteIfExists(rendition); // only the copy is needed from here on
            String copy = Sha256.ofFile(job.file()).hex();
            // what is handed out can be tied to the signed evidence: the copy's hash with what it was made from,
            // recorded before the copy can be downloaded
            guard.record(actor, AuditAction.EVIDENCE_COPY, Guard.Target.of(e), AuditOutcome.OK, Guard.detail("job", job.id(),
                    "made", job.rendition().participantId(), "sha256", copy, "session", e.sessionId().value(),
                    "manifestSha256", e.evidence().manifestSha256(), "renditionSha256", stored, "frames", r.frames()));
            job.finish(r.frames(), copy, clock.instant());
            log.info("evidence copy {} of {} in session {}: {} frames, SHA-256 {}", job.id(), job.rendition().participantId(),
                    e.sessionId(), r.frames(), copy);
        } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: FFmpeg's native libraries missing
            // the store's failures in the API's words; the encoder's (FFmpeg's exceptions are IOExceptions too) as they are
            String why = e instanceof EvidenceStoreException x ? StoreErrors.of(x).getMessage()
                    : e instanceof RenditionAltered ? e.getMessage() : "making the copy failed: " + e;
            job.fail(why, clock.instant());
            deleteQuietly(job.folder());
            log.warn("evidence copy {} of {} in session {} failed: {}", job.id(), job.rendition().participantId(), job.entry().sessionId(),
                    e.toString());
            try {
                guard.record(actor, AuditAction.EVIDENCE_COPY, Guard.Target.of(job.entry()), AuditOutcome.FAILED,
                        Guard.detail("job", job.id(), "error", why));
            } catch (RuntimeException x) {
                log.error("could not audit the failure of evidence copy {}", job.id(), x);
            }
        }
        purge();
    }

    /** The stored rendition is not the one indexed at seal. */
    private static final class RenditionAltered extends IOException {
        RenditionAltered(String message) {
            super(message);
        }
    }

    /** The line burned in above the time, e.g. {@code 契約番号 R8-道路-12  市道3号線 側溝改良工事}. */
    static String caption(RecordingEntry e) {
        String name = e.contract().name() == null ? "" : e.contract().name().strip();
        return ("契約番号 " + e.contract().no().value() + "  " + name).strip();
    }

    private EvidenceCopyJob owned(Actor actor, AuditAction action, String jobId, boolean auditMiss) {
        User u = guard.user(actor, action, Guard.Target.NONE);
        EvidenceCopyJob job = jobs.get(jobId);
        if (job == null || !job.ownerId().equals(u.id().value())) {
            if (auditMiss) {
                guard.record(actor, action, Guard.Target.NONE, AuditOutcome.NOT_FOUND, Guard.detail("evidenceCopy", jobId));
            }
            throw RinjoException.notFound("evidence copy " + jobId);
        }
        return job;
    }

    /**
     * Forgets jobs finished longer than the TTL ago and deletes their files; counted from the end,
     * not the request, so that a copy that waited long in the queue can still be downloaded.
     */
    void purge() {
        Instant oldest = clock.instant().minus(config.exportJobTtl());
        for (EvidenceCopyJob j : jobs.values()) {
            if (j.finished() && j.finishedAt().isBefore(oldest) && jobs.remove(j.id(), j)) {
                deleteQuietly(j.folder());
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /**
     * Jobs live in memory, so copies a previous run of this node left (it crashed) can no longer be
     * downloaded; only those older than the TTL are removed, as another process on the same work
     * folder (the reindex command) may have jobs of its own.
     */
    private void deleteLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant oldest = clock.instant().minus(config.exportJobTtl());
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                if (Files.getLastModifiedTime(d).toInstant().isBefore(oldest)) {
                    deleteQuietly(d);
                }
            }
        } catch (IOException e) {
            log.warn("could not clean {}: {}", root, e.toString());
        }
    }

    /** Stops the encoder and deletes this node's copies (they are only reachable through its jobs). */
    @Override
    public void close() {
        encoder.shutdownNow();
        for (EvidenceCopyJob j : jobs.values()) {
            j.cancel();
            deleteQuietly(j.folder());
        }
        jobs.clear();
    }
}
