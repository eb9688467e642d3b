package jp.rinjo.archive.index;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * Rebuilds the index from the evidence store: every sealed session's manifest is (re)indexed,
 * whatever node sealed it; entries whose manifest is gone from the store are marked FAILED (never
 * silently dropped — a vanished recording is exactly what an auditor must see). Idempotent.
 */
public final class Reindexer {
    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);
    private static final int MAX_PROBLEMS = 100;
    private static final String TRACKS = "/tracks/";

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

    public Reindexer(EvidenceStore store, Indexer indexer, RecordingIndex index, Clock clock) {
        this.store = store;
        this.indexer = indexer;
        this.index = index;
        this.clock = clock;
    }

    public Report reindex() throws IOException {
        int manifests = 0;
        int inserted = 0;
        int updated = 0;
        int failed = 0;
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> withSegments = new TreeSet<>();
        Set<String> withManifest = new HashSet<>();
        for (StoredObject o : store.list("")) {
            int tracks = o.key().indexOf(TRACKS);
            if (tracks > 0) {
                withSegments.add(o.key().substring(0, tracks));
            }
            Matcher m = Indexer.MANIFEST_KEY.matcher(o.key());
            if (!m.matches()) {
                continue;
            }
            manifests++;
            String prefix = o.key().substring(0, o.key().lastIndexOf('/'));
            withManifest.add(prefix);
            try {
                if (indexer.index(prefix) == RecordingIndex.Upsert.INSERTED) {
                    inserted++;
                } else {
                    updated++;
                }
                seen.add(m.group(2));
            } catch (IOException | RuntimeException e) {
                failed++;
                seen.add(m.group(2)); // in the store, just unreadable: reported here, not as missing
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(prefix + ": " + e.getMessage());
                }
                log.warn("reindex: {} not indexed: {}", prefix, e.toString());
            }
        }
        List<SessionId> missing = new ArrayList<>();
        index.forEachSession(id -> {
            if (!seen.contains(id.value())) {
                missing.add(id);
            }
        });
        for (SessionId id : missing) {
            index.setIntegrity(id, new Integrity(Integrity.Status.FAILED, clock.instant(),
                    "its manifest was not found in the evidence store when the index was rebuilt"));
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(id + ": indexed, but no manifest in the evidence store");
            }
        }
        withSegments.removeAll(withManifest);
        for (String prefix : withSegments) {
            if (problems.size() < MAX_PROBLEMS) {
                String session = prefix.substring(prefix.lastIndexOf('/') + 1);
                problems.add(prefix + ": segments but no manifest: being recorded or sealed now, or recorded by a media node that is"
                        + " gone (then seal it from the store: ./rinjo seal-lost " + session + " --why \"...\")");
            }
        }
        log.info("reindex: {} manifests, {} new, {} updated, {} failed, {} missing from the store, {} not sealed", manifests, inserted,
                updated, failed, missing.size(), withSegments.size());
        return new Report(manifests, inserted, updated, failed, missing.size(), withSegments.size(), problems);
    }
}
