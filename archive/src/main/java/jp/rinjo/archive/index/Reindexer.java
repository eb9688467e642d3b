package jp.rinjo.archive.index;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Finding;

/**
 * Rebuilds the index from the evidence store: every sealed session's manifest is (re)indexed,
 * whatever node sealed it; entries whose manifest is gone from the store are marked FAILED (never
 * silently dropped — a vanished recording is exactly what an auditor must see). Idempotent.
 *
 * <p>The store is walked level by level — {@code contracts/}, each contract's {@code sessions/},
 * then {@code sessions/} — and each session's own level is read for its manifest and its
 * {@code tracks/}: the store is never listed whole, only each sealed session's own objects while
 * it is indexed, and the listing holds a page per level. What is kept for the whole run is one id
 * per session found.
 */
public final class Reindexer {
    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);
    private static final int MAX_PROBLEMS = 100;
    private static final String CONTRACTS = "contracts/";
    private static final String SESSIONS = "sessions/";
    private static final String TRACKS = "tracks/";

    private final EvidenceStore store;
    private final Indexer indexer;
    private final RecordingIndex index;
    private final Clock clock;

    /**
     * @param unsealed sessions with segments in the store and no manifest: being recorded or sealed
     *                 right now, or recorded by a media node that is gone (each named in the problems)
     */
    public record Report(int manifests, int inserted, int updated, int failed, int missingFromStore, int unsealed, List<String> problems) {
    }

    /** What the walk has found so far. */
    private static final class Tally {
        int manifests;
        int inserted;
        int updated;
        int failed;
        int unsealed;
        final List<String> problems = new ArrayList<>();
        final Set<String> seen = new HashSet<>();

        void problem(String p) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(p);
            }
        }
    }

    public Reindexer(EvidenceStore store, Indexer indexer, RecordingIndex index, Clock clock) {
        this.store = store;
        this.indexer = indexer;
        this.index = index;
        this.clock = clock;
    }

    public Report reindex() throws IOException {
        Tally t = new Tally();
        store.forEachChild(CONTRACTS, contract -> {
            if (!contract.endsWith("/")) {
                return;
            }
            try {
                sessionsUnder(contract + SESSIONS, t);
            } catch (IllegalArgumentException e) {
                t.problem(contract + ": not a contract's place in the evidence store (" + e.getMessage() + ")");
            }
        });
        sessionsUnder(SESSIONS, t);
        List<SessionId> missing = new ArrayList<>();
        index.forEachSession(id -> {
            if (!t.seen.contains(id.value())) {
                missing.add(id);
            }
        });
        for (SessionId id : missing) {
            index.setIntegrity(id, Integrity.failed(clock.instant(), new Finding(Finding.Severity.ERROR, Finding.Code.MANIFEST_NOT_IN_STORE,
                    ObjectKeys.MANIFEST, "its manifest was not found in the evidence store when the index was rebuilt", Map.of())));
            t.problem(id + ": indexed, but no manifest in the evidence store");
        }
        log.info("reindex: {} manifests, {} new, {} updated, {} failed, {} missing from the store, {} not sealed", t.manifests, t.inserted,
                t.updated, t.failed, missing.size(), t.unsealed);
        return new Report(t.manifests, t.inserted, t.updated, t.failed, missing.size(), t.unsealed, t.problems);
    }

    private void sessionsUnder(String sessions, Tally t) throws IOException {
        store.forEachChild(sessions, session -> {
            if (!session.endsWith("/")) {
                return;
            }
            try {
                session(session.substring(0, session.length() - 1), t);
            } catch (IllegalArgumentException e) { // a name no session has (the store refuses it as a key)
                t.problem(session + ": not a session's place in the evidence store (" + e.getMessage() + ")");
            }
        });
    }

    /** One session's own level: its manifest, if sealed; its tracks' folder, if it has segments. */
    private void session(String prefix, Tally t) throws IOException {
        boolean[] manifest = {false};
        boolean[] segments = {false};
        store.forEachChild(prefix + "/", name -> {
            manifest[0] |= name.equals(prefix + "/" + ObjectKeys.MANIFEST);
            segments[0] |= name.equals(prefix + "/" + TRACKS);
        });
        Matcher m = Indexer.MANIFEST_KEY.matcher(prefix + "/" + ObjectKeys.MANIFEST);
        if (manifest[0] && m.matches()) {
            t.manifests++;
            t.seen.add(m.group(2)); // unreadable is reported as failed, not as missing
            try {
                if (indexer.index(prefix) == RecordingIndex.Upsert.INSERTED) {
                    t.inserted++;
                } else {
                    t.updated++;
                }
            } catch (IOException | RuntimeException e) {
                t.failed++;
                t.problem(prefix + ": " + e.getMessage());
                log.warn("reindex: {} not indexed: {}", prefix, e.toString());
            }
        } else if (!manifest[0] && segments[0]) {
            t.unsealed++;
            String session = prefix.substring(prefix.lastIndexOf('/') + 1);
            t.problem(prefix + ": segments but no manifest: being recorded or sealed now, or recorded by a media node that is"
                    + " gone (then seal it from the store: ./rinjo seal-lost " + session + " --why \"...\")");
        }
    }
}
