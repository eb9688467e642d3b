package jp.rinjo.archive.service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.retention.ContractPolicy;
import jp.rinjo.archive.retention.PolicyRepository;
import jp.rinjo.archive.retention.Retention;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.service.AccessPolicy;
import jp.rinjo.scheduling.user.User;

/**
 * Retention and legal hold per contract, and deletion of a recording once its retention has ended
 * (admins only, audited, refused while retention runs or a hold is set).
 */
public final class RetentionService {
    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);
    /** How far the store's clock may run behind this node's when the archive reads its lock dates. */
    private static final Duration LOCK_CLOCK_MARGIN = Duration.ofMinutes(5);
    private final RecordingIndex index;
    private final PolicyRepository policies;
    private final ContractRepository contracts;
    private final EvidenceStore store;
    private final ArchiveConfig config;
    private final Guard guard;
    private final Clock clock;

    /** A contract's policy as it applies: the configured default when the contract sets no years. */
    public record PolicyView(ContractNo contractNo, int retentionYears, boolean defaultYears, boolean legalHold, String holdReason,
                             String updatedBy, java.time.Instant updatedAt) {
    }

    RetentionService(RecordingIndex index, PolicyRepository policies, ContractRepository contracts, EvidenceStore store,
                     ArchiveConfig config, Guard guard, Clock clock) {
        this.index = index;
        this.policies = policies;
        this.contracts = contracts;
        this.store = store;
        this.config = config;
        this.guard = guard;
        this.clock = clock;
    }

    public PolicyView policy(Actor actor, ContractNo no) {
        Contract c = contracts.find(no).orElseThrow(() -> RinjoException.notFound("contract " + no));
        AccessPolicy.requireRead(actor, c.department());
        return view(no, policies.find(no).orElse(null));
    }

    public PolicyView setPolicy(Actor actor, ContractNo no, Integer retentionYears, boolean legalHold, String holdReason) {
        Guard.Target target = new Guard.Target(null, no.value());
        User admin = guard.admin(actor, AuditAction.POLICY, target);
        contracts.find(no).orElseThrow(() -> RinjoException.notFound("contract " + no));
        ContractPolicy p = new ContractPolicy(no, retentionYears, legalHold, holdReason, admin.id().value(), clock.instant());
        return guard.attempt(actor, AuditAction.POLICY, target, () -> {
            policies.save(p);
            return view(no, p);
        }, v -> Guard.detail("retentionYears", retentionYears, "legalHold", legalHold, "holdReason", p.holdReason()));
    }

    /**
     * Deletes the recording's objects and its index entry. The manifest goes first: a deletion cut
     * short leaves no half-session that reindexing would bring back. Under object lock every
     * object's lock is read before anything is deleted, since objects stored after the seal (a
     * time-stamp token, renditions made again) are locked longer than the manifest.
     */
    public void delete(Actor actor, SessionId id) {
        guard.admin(actor, AuditAction.DELETE, new Guard.Target(id.value(), null));
        RecordingEntry e = guard.readable(actor, AuditAction.DELETE, id);
        guard.attempt(actor, AuditAction.DELETE, Guard.Target.of(e), () -> {
            Retention r = Retention.of(e.recordedFrom(), policies.find(e.contract().no()).orElse(null), config.retentionYears());
            if (r.legalHold()) {
                throw new RinjoException(ErrorCode.LEGAL_HOLD, "contract " + e.contract().no() + " is on legal hold (" + r.holdReason()
                        + "): its recordings may not be deleted");
            }
            if (r.running(clock.instant())) {
                throw new RinjoException(ErrorCode.RETENTION_ACTIVE, "the recording is kept " + r.years() + " years, until "
                        + Jst.display(r.until()) + ": it may not be deleted before then");
            }
            String prefix = e.evidence().objectPrefix() + "/";
            List<StoredObject> objects = store.list(prefix);
            refuseIfAnyLocked(objects);
            String manifest = prefix + ObjectKeys.MANIFEST;
            store.delete(manifest);
            for (StoredObject o : objects) {
                if (!o.key().equals(manifest)) {
                    store.delete(o.key());
                }
            }
            index.delete(id);
            log.info("recording {} of contract {} deleted ({} objects)", id, e.contract().no(), objects.size());
            return objects.size();
        }, n -> Guard.detail("objects", n, "bytes", e.evidence().sizeBytes(), "recordedFrom", e.recordedFrom().toString()));
    }

    /**
     * Refuses, with nothing deleted, while the store still locks any of the objects. A lock ending
     * within {@link #LOCK_CLOCK_MARGIN} counts as running: the store decides by its own clock.
     */
    private void refuseIfAnyLocked(List<StoredObject> objects) throws IOException {
        if (!store.capabilities().objectLock()) {
            return;
        }
        Instant deletable = clock.instant().minus(LOCK_CLOCK_MARGIN);
        StoredObject latest = null;
        int locked = 0;
        for (StoredObject listed : objects) { // a listing carries no lock dates: each object is asked
            StoredObject o = store.stat(listed.key()).orElse(null);
            if (o != null && o.retainUntil().isPresent() && o.retainUntil().get().isAfter(deletable)) {
                locked++;
                if (latest == null || o.retainUntil().get().isAfter(latest.retainUntil().get())) {
                    latest = o;
                }
            }
        }
        if (latest != null) {
            throw new RinjoException(ErrorCode.OBJECT_LOCKED, locked + " of the recording's " + objects.size() + " objects are still "
                    + "locked by the evidence store, the last until " + Jst.display(latest.retainUntil().get()) + " (" + latest.key()
                    + "): nothing was deleted");
        }
    }

    private PolicyView view(ContractNo no, ContractPolicy p) {
        boolean dflt = p == null || p.retentionYears() == null;
        return new PolicyView(no, dflt ? config.retentionYears() : p.retentionYears(), dflt, p != null && p.legalHold(),
                p == null ? null : p.holdReason(), p == null ? null : p.updatedBy(), p == null ? null : p.updatedAt());
    }
}
