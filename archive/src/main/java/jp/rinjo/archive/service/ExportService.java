package jp.rinjo.archive.service;

import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.evidence.EvidencePackage;
import jp.rinjo.archive.evidence.PackageReadme;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.Ids;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.service.AccessPolicy;
import jp.rinjo.scheduling.user.User;

/**
 * Evidence exports as jobs: {@link #start} checks access and plans the package (its size is known
 * then), {@link #open} hands the job to one download, which {@link #write}s the ZIP straight into
 * the response while {@link #status} reports its progress to the page. Why a job and not only a
 * streamed response: the browser's own download (no copy of a gigabyte in page memory) cannot tell
 * the page how far it got, and a ZIP of evidence cannot know its exact length before it is written.
 * Jobs live in this node's memory; a deployment with several nodes routes {@code /api/archive/exports}
 * to the node that started them (cookie affinity).
 */
public final class ExportService {
    private final ConcurrentHashMap<String, ExportJob> jobs = new ConcurrentHashMap<>();
    private final EvidenceStore store;
    private final ArchiveConfig config;
    private final Guard guard;
    private final Clock clock;

    ExportService(EvidenceStore store, ArchiveConfig config, Guard guard, Clock clock) {
        this.store = store;
        this.config = config;
        this.guard = guard;
        this.clock = clock;
    }

    public ExportJob start(Actor actor, SessionId id) {
        RecordingEntry e = guard.readable(actor, AuditAction.EXPORT, id);
        User u = AccessPolicy.loggedIn(actor);
        EvidencePackage.Plan plan;
        try {
            plan = EvidencePackage.plan(store, e);
        } catch (IOException x) {
            RinjoException r = Guard.storeFailure(x);
            guard.record(actor, AuditAction.EXPORT, Guard.Target.of(e), AuditOutcome.FAILED, x.getMessage());
            throw r;
        }
        purge();
        ExportJob job = new ExportJob(Ids.random("exp"), u.id().value(), u.displayName() + " (" + u.loginName() + ")", e, plan,
                clock.instant());
        jobs.put(job.id(), job);
        return job;
    }

    public ExportJob status(Actor actor, String jobId) {
        return owned(actor, jobId);
    }

    /** Takes the job for its one download; the audit row is written before any byte leaves. */
    public ExportJob open(Actor actor, String jobId) {
        ExportJob job = owned(actor, jobId);
        Guard.Target target = Guard.Target.of(job.entry());
        if (!job.begin()) {
            guard.record(actor, AuditAction.EXPORT, target, AuditOutcome.REFUSED, Guard.detail("job", jobId, "state", job.state()));
            throw new RinjoException(ErrorCode.CONFLICT, "this export was already downloaded (" + job.state() + "); start a new one");
        }
        guard.record(actor, AuditAction.EXPORT, target, AuditOutcome.OK, Guard.detail("job", jobId, "objects", job.plan().objects().size(),
                "bytes", job.plan().totalBytes()));
        return job;
    }

    /** Writes the package; on failure the job and a second audit row say how far it got. */
    public void write(Actor actor, ExportJob job, OutputStream out) throws IOException {
        Optional<String> tsaCert = config.trustedTsa().map(ExportService::pem);
        // the key that signed this manifest, which after a rotation is not the current one
        Optional<String> signer = config.trustedKeys().pem(job.entry().evidence().signingKeyId());
        String readme = PackageReadme.text(job.entry(), job.plan(), clock.instant(), job.ownerName(), signer.isPresent(),
                tsaCert.isPresent());
        try {
            EvidencePackage.write(out, store, job.entry(), job.plan(), readme, signer, tsaCert, job::progress);
            job.finish();
        } catch (IOException | RuntimeException e) {
            job.fail(e.getMessage());
            guard.record(actor, AuditAction.EXPORT, Guard.Target.of(job.entry()), AuditOutcome.FAILED,
                    Guard.detail("job", job.id(), "bytesSent", job.bytesDone(), "error", e.getMessage()));
            throw e;
        }
    }

    private static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the trusted TSA certificate cannot be encoded", e);
        }
    }

    private ExportJob owned(Actor actor, String jobId) {
        User u = AccessPolicy.loggedIn(actor);
        ExportJob job = jobs.get(jobId);
        if (job == null || !job.ownerId().equals(u.id().value())) {
            throw RinjoException.notFound("export " + jobId);
        }
        return job;
    }

    private void purge() {
        Instant oldest = clock.instant().minus(config.exportJobTtl());
        jobs.values().removeIf(j -> j.createdAt().isBefore(oldest) && j.state() != ExportJob.State.RUNNING);
    }
}
