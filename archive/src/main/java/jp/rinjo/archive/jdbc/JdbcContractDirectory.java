package jp.rinjo.archive.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jp.rinjo.archive.index.ContractMatch;
import jp.rinjo.archive.index.ContractMatcher;
import jp.rinjo.common.text.SearchText;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.Jdbc;

/**
 * Partial-match search over contract numbers and names, in memory: the contracts (tens of thousands
 * in a prefecture's ten years; a few MB) are loaded once and brought up to date before every match
 * by reading what changed since ({@code updated_at}, indexed).
 *
 * <p>Why not in SQL: {@code LIKE '%舗装%'} cannot use a B-tree index, and measured on H2 it costs
 * 50–190 ms over 40,000 contracts; PostgreSQL's pg_trgm cannot help the most common Japanese query,
 * two kanji (no trigram), and needs a locale whose character classes know kanji. A substring scan of
 * 40,000 short strings in memory takes about a millisecond on either database.
 */
public final class JdbcContractDirectory implements ContractMatcher {
    /** Up to this many matching contracts are probed one by one; more are matched while walking. */
    public static final int MAX_LISTED = 200;
    /**
     * Every match reads the rows stamped at or after the newest one seen (an index probe that finds
     * nothing, usually). Every {@link #MARGIN_EVERY} it also reads again those stamped up to this
     * long before: another node's clock may be behind, and its late-stamped change must not be
     * missed. (Not on every match: right after a bulk import every contract is in that margin.)
     */
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(10);
    private static final Duration MARGIN_EVERY = Duration.ofSeconds(10);
    /** And everything is read again this often, whatever the clocks did. */
    private static final Duration FULL_RELOAD = Duration.ofHours(1);

    private record Entry(String no, String text, String department) {
    }

    private final Jdbc jdbc;
    private final Map<String, Entry> byNo = new ConcurrentHashMap<>();
    private volatile List<Entry> snapshot = List.of();
    private Instant seenUpTo = Instant.EPOCH.plus(CLOCK_MARGIN);
    private long loadedAtNanos;
    private long marginReadAtNanos;

    public JdbcContractDirectory(Database db) {
        this.jdbc = db.jdbc();
    }

    /** Reads the contracts changed since the last look; cheap when nothing changed (one index probe). */
    public synchronized void refresh() {
        record Row(Entry entry, Instant updatedAt) {
        }
        long now = System.nanoTime();
        if (now - loadedAtNanos > FULL_RELOAD.toNanos() || byNo.isEmpty()) {
            seenUpTo = Instant.EPOCH.plus(CLOCK_MARGIN);
            loadedAtNanos = now;
        }
        Instant from = seenUpTo;
        if (now - marginReadAtNanos > MARGIN_EVERY.toNanos()) {
            from = seenUpTo.minus(CLOCK_MARGIN);
            marginReadAtNanos = now;
        }
        List<Row> rows = jdbc.query("SELECT contract_no, name, department, updated_at FROM contracts WHERE updated_at >= ?",
                rs -> new Row(new Entry(rs.getString("contract_no"), SearchText.ofContract(rs.getString("contract_no"), rs.getString("name")),
                        rs.getString("department")), Jdbc.instant(rs, "updated_at")), from);
        boolean changed = false;
        for (Row r : rows) {
            Entry old = byNo.put(r.entry().no(), r.entry());
            changed |= !r.entry().equals(old);
            if (r.updatedAt().isAfter(seenUpTo)) {
                seenUpTo = r.updatedAt();
            }
        }
        if (changed) {
            snapshot = List.copyOf(byNo.values());
        }
    }

    public int size() {
        return snapshot.size();
    }

    @Override
    public ContractMatch match(List<String> terms, String department) {
        if (terms.isEmpty()) {
            return new ContractMatch.All();
        }
        refresh();
        Set<String> found = new HashSet<>();
        for (Entry e : snapshot) {
            if ((department == null || department.equals(e.department())) && containsAll(e.text(), terms)) {
                found.add(e.no());
                if (found.size() > MAX_LISTED) {
                    return new ContractMatch.Broad(new ArrayList<>(terms));
                }
            }
        }
        return found.isEmpty() ? new ContractMatch.None() : new ContractMatch.Listed(found);
    }

    @Override
    public List<String> departments() {
        refresh();
        return snapshot.stream().map(Entry::department).distinct().sorted().toList();
    }

    private static boolean containsAll(String text, List<String> terms) {
        for (String t : terms) {
            if (!text.contains(t)) {
                return false;
            }
        }
        return true;
    }
}
