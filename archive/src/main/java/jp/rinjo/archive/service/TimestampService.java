package jp.rinjo.archive.service;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.index.Indexer;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.TimestampCheck;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.scheduling.auth.Actor;

/**
 * A time-stamp added after the seal: when the time-stamping authority could not be reached at
 * seal time, the manifest is signed but names a TSA whose token is missing, so the recording fails
 * verification. An admin asks the configured TSA now for a token over the very manifest that was
 * sealed (checked against the hash indexed then) and stores it as {@code manifest.tsr} — a new
 * object, so a store under object lock accepts it. The token's own time says when it was made; it
 * proves the manifest existed then, later than the recording, which the verification shows.
 * Blocking (store and TSA).
 */
public final class TimestampService {
    private final EvidenceStore store;
    private final Indexer indexer;
    private final ArchiveConfig config;
    private final Guard guard;
    private final Optional<TimestampClient> tsa;

    /** The token stored: when the authority made it and who it is. */
    public record Stamped(String sessionId, Instant stampedAt, String authority) {
    }

    TimestampService(EvidenceStore store, Indexer indexer, ArchiveConfig config, Guard guard, Optional<TimestampClient> tsa) {
        this.store = store;
        this.indexer = indexer;
        this.config = config;
        this.guard = guard;
        this.tsa = tsa;
    }

    public Stamped stamp(Actor actor, SessionId id) {
        guard.admin(actor, AuditAction.TIMESTAMP, new Guard.Target(id.value(), null));
        RecordingEntry e = guard.readable(actor, AuditAction.TIMESTAMP, id);
        return guard.attempt(actor, AuditAction.TIMESTAMP, Guard.Target.of(e), () -> {
            TimestampClient client = tsa.orElseThrow(() -> new RinjoException(ErrorCode.CONFLICT,
                    "no time-stamping authority is configured (recording.tsa-url)"));
            String prefix = e.evidence().objectPrefix();
            String key = prefix + "/" + ObjectKeys.TIMESTAMP;
            if (store.exists(key)) {
                throw new RinjoException(ErrorCode.CONFLICT, "the recording is already time-stamped");
            }
            byte[] manifest;
            try (InputStream in = store.open(prefix + "/" + ObjectKeys.MANIFEST)) {
                manifest = in.readAllBytes();
            }
            if (!Sha256.digest(manifest).equals(new Sha256(e.evidence().manifestSha256()))) {
                throw new RinjoException(ErrorCode.CONFLICT, "the manifest in the store is not the one sealed: verify the recording");
            }
            // a stamp from now would date the signing after the key's retirement, which verification fails as a thief's
            Optional<Instant> retired = config.trustedKeys().retiredAt(e.evidence().signingKeyId());
            if (retired.isPresent()) {
                throw new RinjoException(ErrorCode.CONFLICT, "the manifest was signed by key " + e.evidence().signingKeyId()
                        + ", retired " + retired.get() + ": a time-stamp made now would date it after the retirement; "
                        + "nothing was stored");
            }
            byte[] token;
            try {
                token = client.stamp(manifest);
            } catch (java.io.IOException x) { // not the store: say which service failed
                throw new RinjoException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the time-stamping authority " + client.url()
                        + " could not time-stamp the manifest (" + x.getMessage() + "); nothing was stored, try again later");
            }
            Instant stampedAt;
            try {
                // checked as verification will check it: a token the trusted authority does not vouch for is never stored
                stampedAt = TimestampCheck.verify(token, manifest, config.trustedTsa()).genTime();
            } catch (TimestampCheck.Failure f) {
                throw new RinjoException(ErrorCode.CONFLICT, "the authority's answer is not a valid time-stamp of the manifest: " + f.getMessage());
            }
            Files.createDirectories(config.workDir());
            Path file = Files.createTempFile(config.workDir(), "manifest-", ".tsr");
            try {
                Files.write(file, token);
                store.put(key, file, Sha256.digest(token), PutOptions.of("application/timestamp-reply"));
            } finally {
                Files.deleteIfExists(file);
            }
            indexer.index(prefix); // same manifest: the entry keeps its verification, and now says it is time-stamped
            return new Stamped(id.value(), stampedAt, client.url().toString());
        }, s -> Guard.detail("stampedAt", s.stampedAt(), "authority", s.authority()));
    }
}
