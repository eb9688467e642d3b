package jp.rinjo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;

import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.index.ContractMatch;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.archive.index.SearchSort;
import jp.rinjo.common.id.UserId;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/**
 * Archive search over a million recordings: fills the index with {@link ArchiveDataGenerator}
 * (unless the database already holds it), then times typical searches — an inspector opening the
 * archive, partial-match Japanese words, a contract number, date ranges, type and inspector
 * filters, later pages, other orders, an admin across all departments — and prints p50/p99 per
 * kind and overall, for the search alone and for the whole service call (which also appends the
 * SEARCH row to the audit log, as every real search does).
 *
 * <pre>
 * ./rinjo bench archive [recordings [contracts [rounds]]]
 *   H2:         the embedded database file under target/bench-archive, or RINJO_BENCH_H2_DIR (kept: a second run reuses it)
 *   PostgreSQL: RINJO_BENCH_PG_URL=jdbc:postgresql://host:5432/db RINJO_BENCH_PG_USER=… RINJO_BENCH_PG_PASSWORD=…
 * </pre>
 */
public final class ArchiveSearchBenchmark {
    private ArchiveSearchBenchmark() {
    }

    record Kind(String name, String scopeDepartment, IntFunction<SearchQuery> query) {
    }

    /** Words a road department's staff search for (the department searched is a 道路課). */
    static final String[] ROAD_WORDS = {"舗装", "側溝", "橋梁", "市道", "県道", "歩道", "改良", "法面"};

    public static void main(String[] args) throws Exception {
        int recordings = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int contractCount = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String pg = System.getenv("RINJO_BENCH_PG_URL");
        DatabaseConfig config = pg != null && !pg.isBlank()
                ? new DatabaseConfig(pg + (pg.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                System.getenv().getOrDefault("RINJO_BENCH_PG_USER", "rinjo"), System.getenv().getOrDefault("RINJO_BENCH_PG_PASSWORD", ""), 4)
                : DatabaseConfig.embedded(Path.of(System.getenv().getOrDefault("RINJO_BENCH_H2_DIR", "target/bench-archive")));
        System.out.printf("archive search benchmark: %,d recordings over %,d contracts, %s%n", recordings, contractCount,
                config.url().startsWith("jdbc:h2") ? "H2 (embedded file, " + config.url().replaceAll(";.*", "") + ")" : "PostgreSQL " + pg);
        ArchiveDataGenerator data = new ArchiveDataGenerator(contractCount, 20261126L);
        Path work = Files.createTempDirectory("rinjo-bench-archive");
        boolean filled = false;
        try (Database db = Database.open(config)) {
            long existing = count(db);
            if (existing == 0) {
                long t0 = System.nanoTime();
                data.fill(db, recordings);
                analyze(db);
                System.out.printf("filled in %.0f s%n", (System.nanoTime() - t0) / 1e9);
                filled = true;
            }
        }
        if (filled && config.url().startsWith("jdbc:h2:")) {
            // A bulk load leaves H2's file several times larger than its data (5.6 GB for 1 GB here), and
            // searches then read scattered pages; an operator compacts after an import, so the figures do too.
            long t0 = System.nanoTime();
            try (Connection c = java.sql.DriverManager.getConnection(config.url(), config.user(), config.password());
                 Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            System.out.printf("compacted in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        try (Database db = Database.open(config)) {
            long existing = count(db);
            if (filled) {
                System.out.println("searching the " + existing + " recordings just filled");
            } else if (existing != recordings) {
                throw new IllegalStateException("the database holds " + existing + " recordings, not " + recordings + ": use an empty one");
            } else {
                System.out.println("reusing the " + existing + " recordings already in the database");
            }
            Archive archive = Archive.create(db, new FilesystemEvidenceStore(work.resolve("store")),
                    new ArchiveConfig(10, Duration.ofMinutes(30), Duration.ofHours(1), 2, 2, work, jp.rinjo.media.recording.evidence.KeyRing.empty(), Optional.empty()), Clock.systemUTC());
            run(archive, data, rounds);
        }
    }

    static void run(Archive archive, ArchiveDataGenerator data, int rounds) {
        Random r = new Random(7);
        List<ArchiveDataGenerator.Contract> cs = data.contracts;
        ArchiveDataGenerator.Contract road = cs.stream().filter(c -> c.departmentIndex() % ArchiveDataGenerator.SECTIONS.length == 0)
                .findFirst().orElseThrow();
        String dept = road.department();
        List<Kind> kinds = List.of(
                new Kind("department, newest first (an inspector opens the archive)", dept, i -> q(null, null, null, null, null,
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("department + 2-kanji word (舗装, 側溝…)", dept, i -> q(pick(r, ROAD_WORDS), null, null, null, null,
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("department + place and word (桜町 舗装)", dept, i -> q(pick(r, ArchiveDataGenerator.PLACES) + " "
                        + pick(r, ROAD_WORDS), null, null, null, null, SearchSort.RECORDED_AT, true, 0)),
                new Kind("contract number fragment (第123号)", null, i -> q("第" + (1 + r.nextInt(400)) + "号", null, null, null, null,
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("exact contract number", null, i -> q(cs.get(r.nextInt(cs.size())).no(), null, null, null, null,
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("department + one month", dept, i -> {
                    LocalDate from = LocalDate.of(2017 + r.nextInt(8), 1 + r.nextInt(12), 1);
                    return q(null, from, from.plusMonths(1).minusDays(1), null, null, SearchSort.RECORDED_AT, true, 0);
                }),
                new Kind("department + 立会 + one year", dept, i -> {
                    LocalDate from = LocalDate.of(2017 + r.nextInt(8), 4, 1);
                    return q(null, from, from.plusYears(1).minusDays(1), InspectionType.WITNESS, null, SearchSort.RECORDED_AT, true, 0);
                }),
                new Kind("department + inspector", dept, i -> q(null, null, null, null,
                        ArchiveDataGenerator.inspectorId(road.departmentIndex(), r.nextInt(ArchiveDataGenerator.INSPECTORS_PER_DEPARTMENT)),
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("department, page 10", dept, i -> q(null, null, null, null, null, SearchSort.RECORDED_AT, true, 180)),
                new Kind("department, oldest first", dept, i -> q(null, null, null, null, null, SearchSort.RECORDED_AT, false, 0)),
                new Kind("department, longest first", dept, i -> q(null, null, null, null, null, SearchSort.DURATION, true, 0)),
                new Kind("department, by contract number", dept, i -> q(null, null, null, null, null, SearchSort.CONTRACT_NO, false, 0)),
                new Kind("admin, all departments, newest first", null, i -> q(null, null, null, null, null, SearchSort.RECORDED_AT, true, 0)),
                new Kind("admin, all departments + 工事 (matches every contract)", null, i -> q("工事", null, null, null, null,
                        SearchSort.RECORDED_AT, true, 0)),
                new Kind("admin, all departments + 2-kanji word", null, i -> q(pick(r, "舗装", "護岸", "側溝", "公園", "管渠", "橋梁"), null,
                        null, null, null, SearchSort.RECORDED_AT, true, 0)));
        Actor.LoggedIn inspector = actor(UserRole.INSPECTOR, dept);
        Actor.LoggedIn admin = actor(UserRole.ADMIN, "管理課");
        archive.contracts().refresh();
        System.out.printf("contract directory: %,d contracts in memory%n", archive.contracts().size());
        // warm-up: JIT, connection pool, the database's caches
        for (int i = 0; i < 30; i++) {
            for (Kind k : kinds) {
                search(archive, k, i);
            }
        }
        System.out.printf("%n%-56s %9s %9s %9s   %9s %9s  %s%n", "query (" + rounds + " each, 20 per page)", "p50 ms", "p99 ms", "max ms",
                "+audit p50", "p99 ms", "found / strategy");
        List<Double> all = new ArrayList<>();
        List<Double> allService = new ArrayList<>();
        for (Kind k : kinds) {
            double[] times = new double[rounds];
            double[] service = new double[rounds];
            Map<String, Integer> strategies = new LinkedHashMap<>();
            long found = 0;
            for (int i = 0; i < rounds; i++) {
                // two different queries of the kind, timed in alternating order: neither warms the other's pages
                SearchQuery q = k.query().apply(i);
                SearchQuery other = k.query().apply(i);
                if (i % 2 == 1) {
                    service[i] = timeService(archive, k, other, admin, inspector);
                }
                long t0 = System.nanoTime();
                ContractMatch m = archive.contracts().match(q.terms(), k.scopeDepartment());
                int n = archive.index().search(q, k.scopeDepartment(), m).items().size();
                times[i] = (System.nanoTime() - t0) / 1e6;
                if (i % 2 == 0) {
                    service[i] = timeService(archive, k, other, admin, inspector);
                }
                strategies.merge(m.getClass().getSimpleName(), 1, Integer::sum);
                found += n;
                all.add(times[i]);
                allService.add(service[i]);
            }
            Arrays.sort(times);
            Arrays.sort(service);
            System.out.printf("%-56s %9.1f %9.1f %9.1f   %9.1f %9.1f  %.1f / %s%n", k.name(), p(times, 50), p(times, 99), times[rounds - 1],
                    p(service, 50), p(service, 99), found / (double) rounds, strategies);
        }
        double[] a = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] s = allService.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%-56s %9.1f %9.1f %9.1f   %9.1f %9.1f%n", "ALL", p(a, 50), p(a, 99), a[a.length - 1], p(s, 50), p(s, 99));
    }

    /** The whole service call as the REST route makes it: access, search, and the SEARCH row in the audit log. */
    private static double timeService(Archive archive, Kind k, SearchQuery q, Actor admin, Actor inspector) {
        long t = System.nanoTime();
        archive.services().recordings().search(k.scopeDepartment() == null ? admin : inspector, q);
        return (System.nanoTime() - t) / 1e6;
    }

    private static void search(Archive archive, Kind k, int i) {
        SearchQuery q = k.query().apply(i);
        archive.index().search(q, k.scopeDepartment(), archive.contracts().match(q.terms(), k.scopeDepartment()));
    }

    static SearchQuery q(String text, LocalDate from, LocalDate to, InspectionType type, String inspector, SearchSort sort, boolean desc,
                         int offset) {
        return new SearchQuery(text, from, to, type, null, inspector, sort, desc, 20, offset);
    }

    static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static double p(double[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static Actor.LoggedIn actor(UserRole role, String department) {
        Instant now = Instant.now();
        return new Actor.LoggedIn(new User(UserId.random(), role.name().toLowerCase(java.util.Locale.ROOT) + "-bench", "ベンチ " + role,
                department, role, "unused-hash", true, now, now));
    }

    private static long count(Database db) {
        return db.jdbc().queryOne("SELECT COUNT(*) FROM archive_recordings", rs -> rs.getLong(1)).orElse(0L);
    }

    /** Fresh statistics for the planner after the bulk load (PostgreSQL; H2 analyzes by itself). */
    private static void analyze(Database db) throws Exception {
        if (db.dialect() == jp.rinjo.scheduling.jdbc.Dialect.POSTGRESQL) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE archive_recordings");
                s.execute("VACUUM ANALYZE archive_recording_details");
                s.execute("VACUUM ANALYZE contracts");
            }
        } else {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }

}
