package jp.rinjo.archive.service;

import java.nio.file.Files;
import java.util.List;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.index.Indexer;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.rendition.SessionRenditions;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.scheduling.auth.Actor;

/**
 * Renditions on demand: an admin re-makes a recording's playable renditions from its stored
 * segments, with the very code the recorder runs at seal ({@link SessionRenditions}) — for when
 * rendering failed then (a full disk, a crash). The index entry is rebuilt afterwards so the
 * archive page offers the new files. The store never overwrites an object with other bytes: where
 * renditions already exist and re-rendering would differ, this is refused, not forced. Blocking.
 */
public final class RenditionService {
    private final EvidenceStore store;
    private final Indexer indexer;
    private final ArchiveConfig config;
    private final Guard guard;

    /** What was made: participant, object key and size of each rendition. */
    public record Remade(String sessionId, List<Item> renditions) {
        public record Item(String participantId, String key, long size, String container, int videoFrames, long durationMicros) {
        }
    }

    RenditionService(EvidenceStore store, Indexer indexer, ArchiveConfig config, Guard guard) {
        this.store = store;
        this.indexer = indexer;
        this.config = config;
        this.guard = guard;
    }

    public Remade remake(Actor actor, SessionId id) {
        guard.admin(actor, AuditAction.RENDITIONS, new Guard.Target(id.value(), null));
        RecordingEntry e = guard.readable(actor, AuditAction.RENDITIONS, id);
        return guard.attempt(actor, AuditAction.RENDITIONS, Guard.Target.of(e), () -> {
            Files.createDirectories(config.workDir());
            List<SessionRenditions.Made> made;
            try {
                made = SessionRenditions.make(store, e.evidence().objectPrefix(), new Sha256(e.evidence().manifestSha256()), config.workDir());
            } catch (EvidenceStoreException x) {
                if (x.kind() == EvidenceStoreException.Kind.CONFLICT || x.kind() == EvidenceStoreException.Kind.LOCKED) {
                    throw refusedOverwrite(x);
                }
                throw x;
            }
            // same manifest: the upsert keeps the recording's verification result (renditions are derived data)
            indexer.index(e.evidence().objectPrefix());
            return new Remade(id.value(), made.stream().map(m -> new Remade.Item(m.participantId(), m.objectKey(), m.size(),
                    m.result().container(), m.result().videoFrames(), m.result().durationMicros())).toList());
        }, r -> Guard.detail("renditions", r.renditions().size(), "participants",
                String.join(",", r.renditions().stream().map(Remade.Item::participantId).toList())));
    }

    /** An object the store will not replace is the caller's to understand, not "the store is down, try again". */
    private static RinjoException refusedOverwrite(EvidenceStoreException x) {
        return x.kind() == EvidenceStoreException.Kind.LOCKED
                ? new RinjoException(ErrorCode.OBJECT_LOCKED, "the evidence store keeps the existing renditions under object lock and "
                        + "refuses to replace them (" + x.getMessage() + ")", x)
                : new RinjoException(ErrorCode.CONFLICT, "the evidence store already holds renditions of this recording with other "
                        + "bytes and never overwrites an object (" + x.getMessage() + "); the existing renditions stay", x);
    }
}
