package jp.rinjo.archive.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.evidence.ManifestSummary;
import jp.rinjo.archive.evidence.Timeline;
import jp.rinjo.archive.evidence.VerificationRun;
import jp.rinjo.archive.index.ContractMatcher;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.archive.index.SearchPage;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.archive.retention.PolicyRepository;
import jp.rinjo.archive.retention.Retention;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.image.Thumbnail;
import jp.rinjo.common.image.ThumbnailCache;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.lateresult.LateResult;
import jp.rinjo.scheduling.lateresult.LateResults;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;
import jp.rinjo.scheduling.user.UserRole;

/** Finding, viewing, playing and verifying recordings, each access checked and audited. Blocking. */
public final class ArchiveService {
    private final RecordingIndex index;
    private final ContractMatcher contracts;
    private final PolicyRepository policies;
    private final UserRepository users;
    private final EvidenceStore store;
    private final ArchiveConfig config;
    private final Guard guard;
    private final PlayAudit playAudit;
    private final LateResults lateResults;
    private final Clock clock;
    private final ThumbnailCache thumbnails;

    /** A recording with what its page shows besides the index: retention and the timeline (null if the manifest is gone). */
    /**
     * The deployment's public key as this archive trusts it, for an auditor to take with {@code --key}: obtained here, beside
     * the package rather than from it, so that a package re-signed by someone else does not vouch for itself.
     *
     * @param keyId SHA-256 (hex) of the key's SubjectPublicKeyInfo, the id manifests name
     */
    public record DeploymentKeyView(String keyId, String pem) {
    }

    /**
     * @param late the session's result recorded afterwards, when it lapsed and one was (事後記録): an administrative
     *             record from the database, beside the signed evidence and not part of it; null when there is none
     */
    public record RecordingView(RecordingEntry entry, Retention retention, Timeline timeline, LateResult late) {
    }

    /** Permission to stream one rendition of one recording (the access was checked and audited). */
    public record RenditionGrant(RecordingEntry entry, RenditionEntry rendition) {
    }

    public record Inspector(String id, String name, String department) {
    }

    /** What the search form offers the caller: their department (all for admins) and its inspectors. */
    public record Facets(List<String> departments, boolean allDepartments, List<Inspector> inspectors) {
    }

    ArchiveService(RecordingIndex index, ContractMatcher contracts, PolicyRepository policies, UserRepository users, EvidenceStore store,
                   LateResults lateResults, ArchiveConfig config, Guard guard, Clock clock) {
        this.index = index;
        this.contracts = contracts;
        this.policies = policies;
        this.users = users;
        this.store = store;
        this.config = config;
        this.guard = guard;
        this.playAudit = new PlayAudit(config.playAuditWindow(), clock);
        this.lateResults = lateResults;
        this.clock = clock;
        this.thumbnails = new ThumbnailCache(config.thumbnailCacheBytes());
    }

    public SearchPage search(Actor actor, SearchQuery q) {
        User u = guard.user(actor, AuditAction.SEARCH, Guard.Target.NONE);
        String scope = u.isAdmin() ? null : u.department();
        return guard.attempt(actor, AuditAction.SEARCH, Guard.Target.NONE,
                () -> index.search(q, scope, contracts.match(q.terms(), scope != null ? scope : q.department())),
                page -> Guard.detail("text", q.text().isEmpty() ? null : q.text(), "from", q.from(), "to", q.to(), "type", q.type(),
                        "department", q.department(), "inspector", q.inspectorId(), "sort", q.sort(), "descending", q.descending(),
                        "offset", q.offset(), "results", page.items().size(), "more", page.hasMore()));
    }

    public DeploymentKeyView deploymentKey(Actor actor) {
        jp.rinjo.scheduling.service.AccessPolicy.loggedIn(actor);
        // from archive.trusted-key-file; a retired key is never shown as the deployment's
        String current = config.trustedKeys().currentKeyId()
                .orElseThrow(() -> new RinjoException(jp.rinjo.common.error.ErrorCode.NOT_FOUND,
                        "this archive has no deployment key configured (archive.trusted-key-file)"));
        return new DeploymentKeyView(current, config.trustedKeys().pem(current).orElseThrow());
    }

    public RecordingView view(Actor actor, SessionId id) {
        RecordingEntry e = guard.readable(actor, AuditAction.VIEW, id);
        return guard.attempt(actor, AuditAction.VIEW, Guard.Target.of(e), () -> new RecordingView(e, retention(e), timeline(e).orElse(null),
                lateResults.forSession(id).orElse(null)),
                v -> null);
    }

    public RenditionGrant rendition(Actor actor, SessionId id, String participantId, boolean download) {
        AuditAction action = download ? AuditAction.DOWNLOAD : AuditAction.PLAY;
        RecordingEntry e = guard.readable(actor, action, id);
        Guard.Target target = Guard.Target.of(e);
        RenditionEntry r = e.renditions().stream().filter(x -> x.participantId().equals(participantId)).findFirst().orElse(null);
        if (r == null) {
            guard.record(actor, action, target, jp.rinjo.archive.audit.AuditOutcome.NOT_FOUND, Guard.detail("rendition", participantId));
            throw RinjoException.notFound("rendition " + participantId + " of recording " + id);
        }
        User u = guard.user(actor, action, target);
        if (download || playAudit.due(u.id().value(), id.value(), participantId)) {
            guard.record(actor, action, target, jp.rinjo.archive.audit.AuditOutcome.OK, Guard.detail("rendition", participantId,
                    "bytes", r.size()));
            if (!download) {
                playAudit.recorded(u.id().value(), id.value(), participantId);
            }
        }
        return new RenditionGrant(e, r);
    }

    /**
     * A remote still of the recording, read from the store: the recording must be readable by the actor (as for its
     * renditions), and showing it is audited like playing them (once per user, recording and still a while).
     */
    public StillImage still(Actor actor, SessionId id, jp.rinjo.common.id.StillId still) {
        RecordingEntry e = guard.readable(actor, AuditAction.PLAY, id);
        Guard.Target target = Guard.Target.of(e);
        byte[] jpeg = stored(actor, e, still);
        User u = guard.user(actor, AuditAction.PLAY, target);
        if (playAudit.due(u.id().value(), id.value(), "still:" + still.value())) {
            guard.record(actor, AuditAction.PLAY, target, jp.rinjo.archive.audit.AuditOutcome.OK, Guard.detail("still", still.value(),
                    "bytes", jpeg.length));
            playAudit.recorded(u.id().value(), id.value(), "still:" + still.value());
        }
        return new StillImage(still.value(), jpeg);
    }

    /**
     * The thumbnail of a remote still (for the recording page's strip), under the same access rules as the still and
     * audited the same way (as showing a thumbnail, apart from the still: one PLAY row per user, recording and
     * thumbnail a while). Made from the stored still and kept in memory only: it is not evidence.
     *
     * @param known the caller has it already (HTTP If-None-Match): access is checked and audited, nothing is read
     * @return the thumbnail, null when {@code known}
     * @throws RinjoException UNREADABLE_IMAGE when the stored JPEG cannot be decoded
     */
    public Thumbnail stillThumbnail(Actor actor, SessionId id, jp.rinjo.common.id.StillId still, boolean known) {
        RecordingEntry e = guard.readable(actor, AuditAction.PLAY, id);
        Guard.Target target = Guard.Target.of(e);
        String key = id.value() + "/" + still.value();
        ThumbnailCache.Entry entry = null;
        if (!known) {
            // made once when two pages ask together: one reads and decodes, the other waits for it and gets the same
            // outcome; a missing still is audited for each of them (an access attempt each), not only for the reader
            try {
                entry = thumbnails.entryBlocking(key, () -> ThumbnailCache.Entry.of(read(e, still)));
            } catch (RinjoException x) {
                if (x.code() == jp.rinjo.common.error.ErrorCode.NOT_FOUND) {
                    auditMissing(actor, e, still);
                }
                throw x;
            }
        }
        User u = guard.user(actor, AuditAction.PLAY, target);
        if (playAudit.due(u.id().value(), id.value(), "thumbnail:" + still.value())) {
            guard.record(actor, AuditAction.PLAY, target, jp.rinjo.archive.audit.AuditOutcome.OK, Guard.detail("still", still.value(),
                    "thumbnail", true));
            playAudit.recorded(u.id().value(), id.value(), "thumbnail:" + still.value());
        }
        return entry == null ? null : entry.require();
    }

    /** The still's JPEG from the store (at most 10 MB, read whole); a missing one is audited NOT_FOUND. */
    private byte[] stored(Actor actor, RecordingEntry e, jp.rinjo.common.id.StillId still) {
        try {
            return read(e, still);
        } catch (RinjoException x) {
            if (x.code() == jp.rinjo.common.error.ErrorCode.NOT_FOUND) {
                auditMissing(actor, e, still);
            }
            throw x;
        }
    }

    /** The still's JPEG from the store (at most 10 MB, read whole), not audited: NOT_FOUND when it is missing. */
    private byte[] read(RecordingEntry e, jp.rinjo.common.id.StillId still) {
        String key = e.evidence().objectPrefix() + "/" + ObjectKeys.stillPath(still.value());
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        } catch (EvidenceStoreException x) {
            if (x.kind() == EvidenceStoreException.Kind.NOT_FOUND) {
                throw RinjoException.notFound("still " + still + " of recording " + e.sessionId());
            }
            throw Guard.storeFailure(x);
        } catch (IOException x) {
            throw Guard.storeFailure(x);
        }
    }

    private void auditMissing(Actor actor, RecordingEntry e, jp.rinjo.common.id.StillId still) {
        guard.record(actor, AuditAction.PLAY, Guard.Target.of(e), jp.rinjo.archive.audit.AuditOutcome.NOT_FOUND,
                Guard.detail("still", still.value()));
    }

    /** A remote still's JPEG as stored. */
    public record StillImage(String id, byte[] jpeg) {
    }

    /** Verifies with the same verifier as the {@code verify} command and keeps the result in the index. */
    public VerificationRun.Outcome verify(Actor actor, SessionId id) {
        RecordingEntry e = guard.readable(actor, AuditAction.VERIFY, id);
        return guard.attempt(actor, AuditAction.VERIFY, Guard.Target.of(e), () -> {
            VerificationRun.Outcome o = VerificationRun.run(store, e, new Verifier.Options(config.trustedKeys(), config.trustedTsa(), false),
                    config.workDir(), clock.instant());
            index.setIntegrity(id, o.integrity());
            return o;
        }, o -> Guard.detail("result", o.integrity().status(), "errors", o.report().errors().size(),
                "segmentsVerified", o.report().segmentsVerified()));
    }

    public Facets facets(Actor actor) {
        User u = jp.rinjo.scheduling.service.AccessPolicy.loggedIn(actor);
        List<String> departments = u.isAdmin() ? contracts.departments() : List.of(u.department());
        List<Inspector> inspectors = users.all().stream()
                .filter(x -> x.role() != UserRole.CLERK && (u.isAdmin() || x.department().equals(u.department())))
                .map(x -> new Inspector(x.id().value(), x.displayName(), x.department())).toList();
        return new Facets(departments, u.isAdmin(), inspectors);
    }

    private Retention retention(RecordingEntry e) {
        return Retention.of(e.recordedFrom(), policies.find(e.contract().no()).orElse(null), config.retentionYears());
    }

    private Optional<Timeline> timeline(RecordingEntry e) throws IOException {
        try (InputStream in = store.open(e.evidence().objectPrefix() + "/" + ObjectKeys.MANIFEST)) {
            return Optional.of(Timeline.of(ManifestSummary.parse(in.readAllBytes())));
        } catch (EvidenceStoreException x) {
            if (x.kind() == EvidenceStoreException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw x;
        }
    }
}
