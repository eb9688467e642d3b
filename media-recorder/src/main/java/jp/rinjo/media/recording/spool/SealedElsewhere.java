package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;

/**
 * Sessions this node holds that another media node sealed. A live session whose node stops
 * answering (it crashed, or only lost its registry heartbeat and records on) is moved to another
 * node, and the node where it ends seals it whole, with what this node had stored by then. From then
 * on nothing more of it may be uploaded from here: in a sealed session a segment its manifest does
 * not list reads as tampering. So the store is asked for the session's manifest before each upload
 * of a session this node is not sealing itself, and every {@code recording.sealed-elsewhere-check}
 * for each such session it holds (one with nothing to upload stays held otherwise: recovered at a
 * restart with its backlog already stored, or idle since its participants moved). A yes is final:
 * the session is let go — its tracks here ended, nothing of it still queued uploaded, and its spool
 * directory removed, or set aside for an operator when it holds files that never reached the store.
 *
 * <p>This cannot close every window: an upload whose check came just before the manifest appeared
 * still lands after it (see the sealing node's wait in {@code EvidenceRecorder} and EVIDENCE.md).
 */
final class SealedElsewhere {
    private static final Logger log = LoggerFactory.getLogger(SealedElsewhere.class);

    private final SpoolLayout layout;
    private final Sessions sessions;
    private final Predicate<SessionSpool> manifestInStore;
    private final Function<SessionId, CompletableFuture<Void>> endTracks;
    private final Executor executor;

    /**
     * @param manifestInStore whether the session's manifest is in the store (false when it cannot be told)
     * @param endTracks       closes the session's tracks on every writer; completes once their last segments are spooled
     * @param executor        where a session is let go (file moves)
     */
    SealedElsewhere(SpoolLayout layout, Sessions sessions, Predicate<SessionSpool> manifestInStore,
                    Function<SessionId, CompletableFuture<Void>> endTracks, Executor executor) {
        this.layout = layout;
        this.sessions = sessions;
        this.manifestInStore = manifestInStore;
        this.endTracks = endTracks;
        this.executor = executor;
    }

    /**
     * Whether nothing more of the session may be uploaded from here. Asks the store unless it answered
     * yes before or this node is sealing the session itself; a yes lets the session go.
     */
    boolean check(SessionSpool s) {
        if (s.sealedElsewhere()) {
            return true;
        }
        if (sessions.isSealed(s.id()) || !manifestInStore.test(s)) {
            return false;
        }
        release(s);
        return s.sealedElsewhere();
    }

    /** Asks for every session held here that this node is not sealing (the periodic check). */
    void sweep() {
        for (SessionSpool s : sessions.all()) {
            try {
                check(s);
            } catch (RuntimeException e) {
                log.error("spool: checking whether session {} was sealed by another media node failed", s.id(), e);
            }
        }
    }

    private void release(SessionSpool s) {
        if (!sessions.markSealing(s.id())) {
            return; // this node began sealing it meanwhile: its own seal decides
        }
        s.markSealedElsewhere();
        log.warn("spool: session {} was sealed by another media node it moved to (its manifest is in the evidence store); this node "
                + "records and uploads nothing more of it", s.id());
        endTracks.apply(s.id()).thenCompose(v -> s.uploadsDone()).thenRunAsync(() -> leave(s), executor).exceptionally(e -> {
            log.error("spool: session {} was sealed by another media node, but letting it go failed; its spool directory is left for the "
                    + "next start", s.id(), e);
            return null;
        });
    }

    private void leave(SessionSpool s) {
        try {
            s.closeJournal();
        } catch (IOException e) {
            log.debug("closing the journal of {}: {}", s.id(), e.toString());
        }
        leave(layout, sessions, s.id(), "while this node still held it");
        sessions.removeSealed(s.id());
    }

    /**
     * Removes the spool directory of a session another node sealed, or sets it aside when it holds
     * files that never reached the store (they are not in that seal and are not uploaded, nor deleted).
     *
     * @param when when the other node sealed it, as the log and the set-aside note say
     * @return where it was set aside, if it was
     */
    static Optional<Path> leave(SpoolLayout layout, Sessions sessions, SessionId id, String when) {
        try {
            List<Path> kept = SetAside.notUploaded(layout, id);
            if (kept.isEmpty()) {
                SpoolRecovery.deleteTree(layout.session(id));
                log.warn("spool: session {} was sealed by another media node {}; its spool directory held nothing more and is removed",
                        id, when);
                return Optional.empty();
            }
            String why = "session " + id + " was sealed by another media node " + when + " (its manifest is in the evidence store), so "
                    + kept.size() + " files this node had not uploaded are not part of its recording. They are not uploaded or deleted;"
                    + " an operator decides what becomes of them";
            Path aside = SetAside.move(layout, id, why);
            sessions.noteSetAside(id, aside);
            log.error("spool: {}; kept in {}", why, aside);
            return Optional.of(aside);
        } catch (IOException e) {
            log.error("spool: session {} was sealed by another media node, but its spool directory cannot be removed or set aside ({});"
                    + " it is left where it is", id, e.toString());
            return Optional.empty();
        }
    }
}
