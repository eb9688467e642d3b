package jp.rinjo.archive.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.archive.audit.AdminActAudit;
import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditEvent;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.audit.ChainCheck;
import jp.rinjo.archive.index.ContractMatch;
import jp.rinjo.archive.index.ContractRef;
import jp.rinjo.archive.index.Integrity;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.index.SearchPage;
import jp.rinjo.archive.index.SearchQuery;
import jp.rinjo.archive.index.SearchSort;
import jp.rinjo.archive.retention.ContractPolicy;
import jp.rinjo.archive.testing.Entries;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.LoginTokens;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.auth.SigningKey;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.service.AccountService;
import jp.rinjo.scheduling.service.AuthService;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/** The archive's repositories against a real database: run on the embedded H2 and on PostgreSQL. */
abstract class ArchiveRepositoryContract {
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    Database db;
    JdbcRecordingIndex index;
    JdbcContractDirectory directory;
    JdbcAuditLog audit;
    JdbcContractRepository contracts;
    final List<RecordingEntry> all = new ArrayList<>();

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        index = new JdbcRecordingIndex(db);
        directory = new JdbcContractDirectory(db);
        audit = new JdbcAuditLog(db, Clock.systemUTC());
        contracts = new JdbcContractRepository(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) { // null when the database is not available and the test was skipped
            db.close();
        }
    }

    void contract(String no, String name, String department) {
        Instant now = Instant.now();
        contracts.insert(new Contract(ContractNo.of(no), name, "株式会社 臨場建設", department, LocalDate.parse("2026-04-01"),
                LocalDate.parse("2027-03-31"), "臨場市", now, now));
    }

    /** 3 contracts (2 of 道路課, 1 of 河川課), 30 recordings a day apart, types and inspectors cycling, lengths varying. */
    void fill() {
        ContractRef road1 = Entries.contract("R8道路第1号", "市道1号線舗装補修工事", "道路課");
        ContractRef road2 = Entries.contract("R8道路第2号", "県道2号線 橋梁耐震補強工事", "道路課");
        ContractRef river = Entries.contract("R8河川第3号", "一級河川 護岸改良工事", "河川課");
        for (ContractRef c : List.of(road1, road2, river)) {
            contract(c.no().value(), c.name(), c.department());
        }
        List<ContractRef> cs = List.of(road1, road2, river);
        InspectionType[] types = InspectionType.values();
        for (int i = 0; i < 30; i++) {
            RecordingEntry e = Entries.entry(Entries.sessionId(i), cs.get(i % 3), types[i % types.length], "usr_" + (i % 2),
                    T0.plus(Duration.ofDays(i)), Duration.ofSeconds(60 + (i * 37) % 600));
            assertThat(index.upsert(e)).isEqualTo(RecordingIndex.Upsert.INSERTED);
            all.add(e);
        }
    }

    static SearchQuery q(String text, SearchSort sort, boolean descending, int limit, int offset) {
        return new SearchQuery(text, null, null, null, null, null, sort, descending, limit, offset);
    }

    List<String> ids(SearchPage p) {
        return p.items().stream().map(e -> e.sessionId().value()).toList();
    }

    List<String> expected(java.util.function.Predicate<RecordingEntry> filter, Comparator<RecordingEntry> order) {
        return all.stream().filter(filter).sorted(order).map(e -> e.sessionId().value()).toList();
    }

    static final Comparator<RecordingEntry> NEWEST = Comparator.comparing(RecordingEntry::recordedFrom).reversed();

    @Test
    void searchScopesByDepartmentMatchesPartialTextAndFilters() {
        fill();
        SearchQuery newest = SearchQuery.newest(100);
        assertThat(ids(index.search(newest, null, new ContractMatch.All()))).isEqualTo(expected(e -> true, NEWEST));
        assertThat(ids(index.search(newest, "道路課", new ContractMatch.All())))
                .isEqualTo(expected(e -> e.contract().department().equals("道路課"), NEWEST)).hasSize(20);
        // a department filter outside the caller's scope finds nothing rather than widening it
        SearchQuery river = new SearchQuery(null, null, null, null, "河川課", null, null, true, 100, 0);
        assertThat(index.search(river, "道路課", new ContractMatch.All()).items()).isEmpty();
        assertThat(ids(index.search(river, null, new ContractMatch.All()))).hasSize(10);

        // partial Japanese text: through the directory (few contracts: listed), and walking (broad) give the same
        ContractMatch listed = directory.match(q("舗装", null, true, 100, 0).terms(), null);
        assertThat(listed).isEqualTo(new ContractMatch.Listed(java.util.Set.of("R8道路第1号")));
        List<String> paving = expected(e -> e.contract().name().contains("舗装"), NEWEST);
        assertThat(ids(index.search(q("舗装", null, true, 100, 0), null, listed))).isEqualTo(paving).hasSize(10);
        assertThat(ids(index.search(q("舗装", null, true, 100, 0), null, new ContractMatch.Broad(List.of("舗装"))))).isEqualTo(paving);
        assertThat(directory.match(q("Ｒ８道路 工事", null, true, 10, 0).terms(), null))
                .isEqualTo(new ContractMatch.Listed(java.util.Set.of("R8道路第1号", "R8道路第2号")));
        assertThat(directory.match(q("舗装 河川", null, true, 10, 0).terms(), null)).isEqualTo(new ContractMatch.None());
        assertThat(directory.match(q("工事", null, true, 10, 0).terms(), "河川課")).isEqualTo(new ContractMatch.Listed(java.util.Set.of("R8河川第3号")));
        assertThat(ids(index.search(q("100%_", null, true, 10, 0), null, new ContractMatch.Broad(List.of("100%_"))))).isEmpty();

        // inspection type, inspector, and a JST date range (a day starts at 15:00 UTC the day before)
        SearchQuery witness = new SearchQuery(null, null, null, InspectionType.WITNESS, null, null, null, true, 100, 0);
        assertThat(ids(index.search(witness, null, new ContractMatch.All())))
                .isEqualTo(expected(e -> e.inspection().type() == InspectionType.WITNESS, NEWEST));
        SearchQuery inspector = new SearchQuery(null, null, null, null, "道路課", "usr_1", null, true, 100, 0);
        assertThat(ids(index.search(inspector, null, new ContractMatch.All()))).isEqualTo(expected(e -> e.inspection().inspectorId()
                .equals("usr_1") && e.contract().department().equals("道路課"), NEWEST));
        LocalDate day = LocalDate.parse("2026-04-03"); // entry 2 at 2026-04-03T00:00Z = 09:00 JST on the 3rd
        SearchQuery oneDay = new SearchQuery(null, day, day, null, null, null, null, true, 100, 0);
        assertThat(ids(index.search(oneDay, null, new ContractMatch.All()))).containsExactly(Entries.sessionId(2));
        SearchQuery range = new SearchQuery(null, LocalDate.parse("2026-04-10"), LocalDate.parse("2026-04-19"), null, "道路課", null, null,
                true, 100, 0);
        assertThat(ids(index.search(range, null, new ContractMatch.All()))).isEqualTo(expected(e -> {
            LocalDate d = e.recordedFrom().atZone(jp.rinjo.common.time.Jst.ZONE).toLocalDate();
            return !d.isBefore(LocalDate.parse("2026-04-10")) && !d.isAfter(LocalDate.parse("2026-04-19"))
                    && e.contract().department().equals("道路課");
        }, NEWEST));
    }

    @Test
    void everyOrderIsExactAndPagesTileTheResult() {
        fill();
        Comparator<RecordingEntry> bySession = Comparator.comparing(e -> e.sessionId().value());
        Comparator<RecordingEntry> duration = Comparator.comparing(RecordingEntry::duration).thenComparing(bySession);
        Comparator<RecordingEntry> contract = Comparator.<RecordingEntry, String>comparing(e -> e.contract().no().value())
                .thenComparing(RecordingEntry::recordedFrom, Comparator.reverseOrder()).thenComparing(bySession.reversed());
        record Case(SearchSort sort, boolean descending, Comparator<RecordingEntry> order) {
        }
        for (Case c : List.of(new Case(SearchSort.RECORDED_AT, true, NEWEST), new Case(SearchSort.RECORDED_AT, false, NEWEST.reversed()),
                new Case(SearchSort.DURATION, true, duration.reversed()), new Case(SearchSort.DURATION, false, duration),
                new Case(SearchSort.CONTRACT_NO, false, contract), new Case(SearchSort.CONTRACT_NO, true, contract.reversed()))) {
            for (String scope : new String[] {null, "道路課"}) {
                List<String> want = expected(e -> scope == null || e.contract().department().equals(scope), c.order());
                List<String> paged = new ArrayList<>();
                for (int offset = 0; ; offset += 7) {
                    SearchPage p = index.search(q(null, c.sort(), c.descending(), 7, offset), scope, new ContractMatch.All());
                    paged.addAll(ids(p));
                    assertThat(p.hasMore()).as("%s page at %d", c, offset).isEqualTo(offset + 7 < want.size());
                    if (!p.hasMore()) {
                        break;
                    }
                }
                assertThat(paged).as("%s in %s", c, scope).isEqualTo(want);
            }
        }
    }

    @Test
    void aSearchOverManyContractsReadsThemNewestFirstAndStillFindsExactlyTheRightPages() {
        // 40 contracts whose recordings interleave in time (contract k records every 3rd day from day k),
        // so a page's newest rows come from many contracts; every page must equal the brute-force answer
        InspectionType[] types = InspectionType.values();
        List<String> nos = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            ContractRef c = Entries.contract("R8道路第" + (100 + k) + "号", "市道" + k + "号線 改良工事", k % 4 == 0 ? "河川課" : "道路課");
            contract(c.no().value(), c.name(), c.department());
            nos.add(c.no().value());
            for (int j = 0; j < 1 + k % 5; j++) {
                RecordingEntry e = Entries.entry(Entries.sessionId(1000 + k * 10 + j), c, types[(k + j) % types.length], "usr_" + (j % 2),
                        T0.plus(Duration.ofDays(k + 3L * j)).plus(Duration.ofMinutes(k % 3)), Duration.ofSeconds(60));
                index.upsert(e);
                all.add(e);
            }
        }
        // one contract's newest recording is deleted: its "newest" stays later than its recordings (never lowered)
        RecordingEntry newestOf39 = all.stream().filter(e -> e.contract().no().value().equals(nos.get(39))).max(NEWEST.reversed())
                .orElseThrow();
        assertThat(index.delete(newestOf39.sessionId())).isTrue();
        all.remove(newestOf39);
        ContractMatch many = new ContractMatch.Listed(new java.util.HashSet<>(nos));
        assertThat(nos).hasSizeGreaterThan(JdbcRecordingIndex.NEWEST_FIRST_FROM);
        record Case(String scope, InspectionType type, String inspector) {
        }
        for (Case c : List.of(new Case(null, null, null), new Case("道路課", null, null), new Case(null, InspectionType.WITNESS, null),
                new Case("道路課", null, "usr_1"))) {
            List<String> want = expected(e -> (c.scope() == null || e.contract().department().equals(c.scope()))
                    && (c.type() == null || e.inspection().type() == c.type())
                    && (c.inspector() == null || e.inspection().inspectorId().equals(c.inspector())),
                    NEWEST.thenComparing(e -> e.sessionId().value(), Comparator.reverseOrder())); // recordings at the same minute: by id
            for (int limit : new int[] {1, 5, 20}) {
                List<String> paged = new ArrayList<>();
                for (int offset = 0; ; offset += limit) {
                    SearchQuery query = new SearchQuery(null, null, null, c.type(), null, c.inspector(), SearchSort.RECORDED_AT, true, limit,
                            offset);
                    SearchPage p = index.search(query, c.scope(), many);
                    paged.addAll(ids(p));
                    assertThat(p.hasMore()).as("%s limit %d page at %d", c, limit, offset).isEqualTo(offset + limit < want.size());
                    if (!p.hasMore()) {
                        break;
                    }
                }
                assertThat(paged).as("%s limit %d", c, limit).isEqualTo(want);
            }
        }
    }

    @Test
    void theLastVerificationsFindingsAreKeptWithTheirCodesAndARowVerifiedBeforeStillReadsWithItsDetail() {
        fill();
        RecordingEntry e = all.get(3);
        Finding damaged = new Finding(Finding.Severity.ERROR, Finding.Code.SEGMENT_DAMAGED, "tracks/trk_a/1.seg", "segment tracks/trk_a/1.seg: "
                + "SHA-256 mismatch", Finding.params("track", "trk_a", "sequence", 1, "participantName", "山田 太郎", "fromMicros", 1L << 52));
        index.setIntegrity(e.sessionId(), new Integrity(Integrity.Status.FAILED, Instant.parse("2026-11-26T05:00:00Z"), damaged.toString(),
                List.of(damaged)));
        assertThat(index.find(e.sessionId()).orElseThrow().integrity().findings()).containsExactly(damaged);
        assertThat(index.upsert(e)).as("reindexing keeps them").isEqualTo(RecordingIndex.Upsert.UPDATED);
        assertThat(index.find(e.sessionId()).orElseThrow().integrity().findings()).containsExactly(damaged);

        // as V8 first kept them, a bare list: read with its errors counted
        db.jdbc().update("UPDATE archive_recording_details SET integrity_findings = ? WHERE session_id = ?",
                "[" + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(damaged) + "]", e.sessionId());
        assertThat(index.find(e.sessionId()).orElseThrow().integrity().findings()).containsExactly(damaged);
        assertThat(index.find(e.sessionId()).orElseThrow().integrity().errors()).isEqualTo(1);

        db.jdbc().update("UPDATE archive_recording_details SET integrity_findings = NULL WHERE session_id = ?", e.sessionId());
        Integrity before = index.find(e.sessionId()).orElseThrow().integrity();
        assertThat(before.findings()).isEmpty();
        assertThat(before.detail()).isEqualTo(damaged.toString());
        assertThat(before.status()).isEqualTo(Integrity.Status.FAILED);
    }

    @Test
    void aVerificationWithThousandsOfFindingsKeepsTheFirstOnesAndTheTrueCount() {
        fill();
        RecordingEntry e = all.get(2);
        List<Finding> missing = new java.util.ArrayList<>();
        for (int i = 0; i < 7_200; i++) { // a one-hour session of two people, every segment gone
            missing.add(new Finding(Finding.Severity.ERROR, Finding.Code.SEGMENT_MISSING, "tracks/trk_a/" + i + ".seg",
                    "track trk_a: segment " + i + " missing (tracks/trk_a/" + i + ".seg)", Finding.params("track", "trk_a", "sequence", i,
                            "fromMicros", 1_000_000L * i, "toMicros", 1_000_000L * (i + 1))));
        }
        index.setIntegrity(e.sessionId(), new Integrity(Integrity.Status.FAILED, Instant.parse("2026-11-26T05:00:00Z"), "missing", missing));
        Integrity kept = index.find(e.sessionId()).orElseThrow().integrity();
        assertThat(kept.errors()).isEqualTo(7_200);
        assertThat(kept.findings()).isNotEmpty().hasSizeLessThan(7_200);
        assertThat(kept.findings()).containsExactlyElementsOf(missing.subList(0, kept.findings().size()));
    }

    @Test
    void upsertIsIdempotentKeepsTheVerificationAndFlagsAReplacedManifest() {
        fill();
        RecordingEntry e = all.get(4);
        Instant checked = Instant.parse("2026-11-26T05:00:00Z");
        index.setIntegrity(e.sessionId(), new Integrity(Integrity.Status.OK, checked, "180 of 180 segments verified"));
        assertThat(index.upsert(e)).isEqualTo(RecordingIndex.Upsert.UPDATED);
        RecordingEntry again = index.find(e.sessionId()).orElseThrow();
        assertThat(again.integrity().status()).isEqualTo(Integrity.Status.OK);
        assertThat(again.integrity().checkedAt()).isEqualTo(checked);
        assertThat(again.participants()).isEqualTo(e.participants());
        assertThat(again.renditions()).isEqualTo(e.renditions());
        assertThat(again.recordedFrom()).isEqualTo(e.recordedFrom());

        RecordingEntry replaced = new RecordingEntry(e.sessionId(), e.contract(), e.inspection(), e.recordedFrom(), e.recordedTo(),
                new jp.rinjo.archive.index.EvidenceInfo(e.evidence().objectPrefix(), "d".repeat(64), e.evidence().signingKeyId(), false,
                        e.evidence().sealedAt(), 1, 1, 1, 0, 0, 0), e.participants(), e.renditions(), Integrity.unverified(), checked);
        index.upsert(replaced);
        RecordingEntry flagged = index.find(e.sessionId()).orElseThrow();
        assertThat(flagged.integrity().status()).isEqualTo(Integrity.Status.FAILED);
        assertThat(flagged.integrity().detail()).contains("d".repeat(64)).contains("a".repeat(64));
        assertThat(flagged.integrity().findings()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("manifest-not-indexed"));
        assertThat(flagged.evidence().manifestSha256()).isEqualTo("a".repeat(64)); // the sealed one stays the reference

        assertThat(index.delete(e.sessionId())).isTrue();
        assertThat(index.find(e.sessionId())).isEmpty();
        assertThat(index.delete(e.sessionId())).isFalse();
        List<SessionId> left = new ArrayList<>();
        index.forEachSession(left::add);
        assertThat(left).hasSize(29);
    }

    @Test
    void theDirectorySeesNewAndRenamedContractsAndSwitchesToWalkingForManyMatches() {
        contract("R8道路第1号", "市道1号線舗装補修工事", "道路課");
        assertThat(directory.match(List.of("舗装"), null)).isInstanceOf(ContractMatch.Listed.class);
        contracts.update(new Contract(ContractNo.of("R8道路第1号"), "市道1号線 側溝改良工事", "株式会社 臨場建設", "道路課",
                LocalDate.parse("2026-04-01"), LocalDate.parse("2027-03-31"), "臨場市", T0, Instant.now()));
        assertThat(directory.match(List.of("舗装"), null)).isEqualTo(new ContractMatch.None());
        assertThat(directory.match(List.of("側溝"), null)).isInstanceOf(ContractMatch.Listed.class);
        for (int i = 0; i <= JdbcContractDirectory.MAX_LISTED; i++) {
            contract("R7橋梁第" + i + "号", "橋梁補修工事 その" + i, "道路課");
        }
        assertThat(directory.match(List.of("橋梁"), null)).isEqualTo(new ContractMatch.Broad(List.of("橋梁")));
        assertThat(directory.match(List.of("その200"), null)).isEqualTo(new ContractMatch.Listed(java.util.Set.of("R7橋梁第200号")));
        assertThat(directory.departments()).containsExactly("道路課");
    }

    @Test
    void afterListsTheRowsJustAboveASeqNewestFirstWithTheSessionFilter() {
        for (int i = 1; i <= 8; i++) {
            // odd rows about recording 7, even ones about recording 8
            audit.append(new AuditEvent("usr_a", "a", "ADMIN", AuditAction.VIEW, i % 2 == 1 ? "ses_00000000000000000007"
                    : "ses_00000000000000000008", null, AuditOutcome.OK, "{\"i\":" + i + "}"));
        }
        // the nearest rows above 3, not the newest
        assertThat(audit.list(null, null, 3L, 2)).extracting(r -> r.seq()).containsExactly(5L, 4L);
        assertThat(audit.list(null, null, 6L, 10)).extracting(r -> r.seq()).containsExactly(8L, 7L);
        assertThat(audit.list(null, null, 8L, 10)).isEmpty();
        assertThat(audit.list("ses_00000000000000000007", null, 1L, 2)).extracting(r -> r.seq()).containsExactly(5L, 3L);
        assertThat(audit.list("ses_00000000000000000008", null, 5L, 10)).extracting(r -> r.seq()).containsExactly(8L, 6L);
        assertThatThrownBy(() -> audit.list(null, 5L, 2L, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAuditChainVerifiesAndShowsAnEditedOrRemovedRow() {
        for (int i = 0; i < 5; i++) {
            audit.append(event("inspector1", AuditAction.VIEW, AuditOutcome.OK, "{\"i\":" + i + "}"));
        }
        ChainCheck ok = audit.verify();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.rows()).isEqualTo(5);
        assertThat(ok.headSeq()).isEqualTo(5);
        assertThat(audit.list(null, null, 2)).extracting(r -> r.seq()).containsExactly(5L, 4L);
        assertThat(audit.list(null, 4L, 10)).extracting(r -> r.seq()).containsExactly(3L, 2L, 1L);
        assertThat(audit.list("ses_00000000000000000007", null, 10)).hasSize(5);

        db.jdbc().update("UPDATE archive_audit_log SET detail = '{\"i\":99}' WHERE seq = 3");
        ChainCheck edited = audit.verify();
        assertThat(edited.ok()).isFalse();
        assertThat(edited.firstBadSeq()).isEqualTo(3);
        assertThat(edited.problem()).contains("row 3 was altered");
        assertThat(edited.problemCode()).isEqualTo(ChainCheck.ALTERED);
        db.jdbc().update("UPDATE archive_audit_log SET detail = '{\"i\":2}' WHERE seq = 3");
        assertThat(audit.verify().ok()).isTrue();

        db.jdbc().update("DELETE FROM archive_audit_log WHERE seq = 2");
        ChainCheck removed = audit.verify();
        assertThat(removed.ok()).isFalse();
        assertThat(removed.firstBadSeq()).isEqualTo(2);
        assertThat(removed.problem()).contains("row 2 is missing");
        assertThat(removed.problemCode()).isEqualTo(ChainCheck.MISSING);
    }

    @Test
    void appendersRacingOnSeveralThreadsLeaveOneGaplessChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        audit.append(event("user" + thread, AuditAction.SEARCH, AuditOutcome.OK, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ChainCheck c = audit.verify();
        assertThat(c.ok()).as(c.problem()).isTrue();
        assertThat(c.rows()).isEqualTo(60);
        assertThat(c.headSeq()).isEqualTo(60);
    }

    @Test
    void anActAndItsAuditRowAreKeptTogetherOrNotAtAll() {
        AuditEvent registered = new AuditEvent("usr_admin", "管理者", "ADMIN", AuditAction.CONTRACT_REGISTER, null, "R8道路第1号",
                AuditOutcome.OK, "{\"department\":\"道路課\"}");
        assertThat(audit.appendWith(registered, () -> {
            contract("R8道路第1号", "市道1号線舗装補修工事", "道路課");
            return "done";
        })).isEqualTo("done");
        assertThat(contracts.find(ContractNo.of("R8道路第1号"))).isPresent();
        assertThat(audit.list(null, null, 10)).singleElement().satisfies(r -> assertThat(r.event()).isEqualTo(registered));

        // the act fails: no row
        assertThatThrownBy(() -> audit.appendWith(event("admin", AuditAction.CONTRACT_REGISTER, AuditOutcome.OK, null), () -> {
            contract("R8道路第2号", "側溝工事", "道路課");
            throw RinjoException.conflict("registered meanwhile");
        })).hasMessageContaining("meanwhile");
        assertThat(contracts.find(ContractNo.of("R8道路第2号"))).isEmpty();
        assertThat(audit.list(null, null, 10)).hasSize(1);

        // the row cannot be written: the act is not kept either
        db.jdbc().update("ALTER TABLE archive_audit_log RENAME TO archive_audit_log_away");
        try {
            assertThatThrownBy(() -> audit.appendWith(event("admin", AuditAction.CONTRACT_REGISTER, AuditOutcome.OK, null), () -> {
                contract("R8道路第3号", "護岸工事", "道路課");
                return null;
            })).isInstanceOf(RinjoException.class);
        } finally {
            db.jdbc().update("ALTER TABLE archive_audit_log_away RENAME TO archive_audit_log");
        }
        assertThat(contracts.find(ContractNo.of("R8道路第3号"))).isEmpty();
        ChainCheck c = audit.verify();
        assertThat(c.ok()).isTrue();
        assertThat(c.rows()).isEqualTo(1);
    }

    /** Account administration through the service itself, as the standalone wires it: each act with its row or not at all. */
    @Test
    void anAdminsActsOnAccountsAreKeptWithTheirAuditRowsOrNotAtAll() {
        jp.rinjo.scheduling.jdbc.JdbcUserRepository users = new jp.rinjo.scheduling.jdbc.JdbcUserRepository(db);
        PasswordHasher hasher = new PasswordHasher(256, 1, 1);
        AccountService accounts = new AccountService(users, hasher, new AdminActAudit(audit), Clock.systemUTC());
        AuthService logins = new AuthService(users, hasher, new LoginTokens(SigningKey.random(), Duration.ofHours(1)), Clock.systemUTC());
        accounts.bootstrapAdmin("admin password 2026", "本庁");
        Actor admin = new Actor.LoggedIn(users.findByLogin("admin").orElseThrow());
        User kato = accounts.createUser(admin, new AccountService.NewUser("kato", "加藤 一", "道路課", UserRole.INSPECTOR, "first password 2026"));
        accounts.changeProfile(admin, kato.id(), new AccountService.ProfileChange(null, "河川課", UserRole.CLERK));
        accounts.resetPassword(admin, kato.id(), "second password 2026");
        assertThat(audit.list(null, null, 10)).extracting(r -> r.event().action().name() + " " + r.event().actorName())
                .containsExactly("USER_PASSWORD_RESET 管理者", "USER_CHANGE 管理者", "USER_CREATE 管理者");
        assertThat(audit.list(null, null, 10)).allSatisfy(r -> assertThat(r.event().detail())
                .contains("\"loginName\":\"kato\"").doesNotContain("password 2026").doesNotContain("argon2"));

        db.jdbc().update("ALTER TABLE archive_audit_log RENAME TO archive_audit_log_away");
        try {
            assertThatThrownBy(() -> accounts.createUser(admin, new AccountService.NewUser("sato", "佐藤 二", "道路課", UserRole.CLERK,
                    "sato password 2026"))).isInstanceOf(RinjoException.class);
            assertThatThrownBy(() -> accounts.changeProfile(admin, kato.id(), new AccountService.ProfileChange(null, null, UserRole.ADMIN)))
                    .isInstanceOf(RinjoException.class);
            assertThatThrownBy(() -> accounts.disableUser(admin, kato.id())).isInstanceOf(RinjoException.class);
            assertThatThrownBy(() -> accounts.resetPassword(admin, kato.id(), "third password 2026")).isInstanceOf(RinjoException.class);
        } finally {
            db.jdbc().update("ALTER TABLE archive_audit_log_away RENAME TO archive_audit_log");
        }
        assertThat(users.findByLogin("sato")).as("not created without its row").isEmpty();
        User now = users.find(kato.id()).orElseThrow();
        assertThat(now.role()).as("not made an admin without its row").isEqualTo(UserRole.CLERK);
        assertThat(now.active()).as("not disabled without its row").isTrue();
        assertThat(logins.login("kato", "second password 2026").user().id()).as("the password not reset without its row").isEqualTo(kato.id());

        accounts.disableUser(admin, kato.id());
        assertThat(users.find(kato.id()).orElseThrow().active()).isFalse();
        ChainCheck c = audit.verify();
        assertThat(c.ok()).as(c.problem()).isTrue();
        assertThat(c.rows()).isEqualTo(4);
    }

    @Test
    void actsWithTheirRowsRacingOtherAppendersLeaveOneGaplessChainAndEveryActOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String no = "R8競合第" + thread + "-" + i + "号";
                        if (thread < 2) {
                            audit.appendWith(new AuditEvent("usr_admin", "管理者", "ADMIN", AuditAction.CONTRACT_REGISTER, null, no,
                                    AuditOutcome.OK, null), () -> {
                                contract(no, "競合試験工事", "道路課");
                                return null;
                            });
                        } else {
                            audit.append(event("user" + thread, AuditAction.SEARCH, AuditOutcome.OK, null));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ChainCheck c = audit.verify();
        assertThat(c.ok()).as(c.problem()).isTrue();
        assertThat(c.rows()).isEqualTo(40);
        List<String> acts = audit.list(null, null, 100).stream().filter(r -> r.event().action() == AuditAction.CONTRACT_REGISTER)
                .map(r -> r.event().contractNo()).toList();
        assertThat(acts).hasSize(20).doesNotHaveDuplicates();
        assertThat(acts).allSatisfy(no -> assertThat(contracts.find(ContractNo.of(no))).as(no).isPresent());
    }

    @Test
    void aContractPolicyIsSavedAndReplaced() {
        contract("R8道路第1号", "市道1号線舗装補修工事", "道路課");
        JdbcPolicyRepository policies = new JdbcPolicyRepository(db);
        ContractNo no = ContractNo.of("R8道路第1号");
        assertThat(policies.find(no)).isEmpty();
        Instant t = Instant.parse("2026-11-26T00:00:00Z");
        policies.save(new ContractPolicy(no, 30, true, "訴訟対応", "usr_admin", t));
        assertThat(policies.find(no)).contains(new ContractPolicy(no, 30, true, "訴訟対応", "usr_admin", t));
        policies.save(new ContractPolicy(no, null, false, null, "usr_admin", t.plusSeconds(1)));
        assertThat(policies.find(no).orElseThrow().retentionYears()).isNull();
        assertThat(policies.find(no).orElseThrow().legalHold()).isFalse();
    }

    static AuditEvent event(String who, AuditAction action, AuditOutcome outcome, String detail) {
        return new AuditEvent("usr_" + who, who, "INSPECTOR", action, "ses_00000000000000000007", "R8道路第1号", outcome, detail);
    }

}
