package jp.rinjo.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/** One suite, every database: the embedded H2 of the standalone and PostgreSQL of production. */
abstract class RepositoryContract {
    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    Database db;
    JdbcContractRepository contracts;
    JdbcSessionRepository sessions;
    JdbcInvitationRepository invitations;
    JdbcUserRepository users;

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        contracts = new JdbcContractRepository(db);
        sessions = new JdbcSessionRepository(db);
        invitations = new JdbcInvitationRepository(db);
        users = new JdbcUserRepository(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    Contract contract(String no, String name, String department, Instant created) {
        return new Contract(ContractNo.of(no), name, "株式会社 臨場建設", department, LocalDate.parse("2026-04-01"),
                LocalDate.parse("2027-03-31"), "臨場市本町1丁目", created, created);
    }

    User user(String login) {
        return new User(UserId.random(), login, "監督 太郎", "道路課", UserRole.INSPECTOR, "$argon2id$x", true, T0, T0);
    }

    @Test
    void anActThatMayTakeAwayAnAdminWaitsForTheOtherAndSeesWhatItLeft() throws Exception {
        User a = new User(UserId.random(), "admin-a", "管理 一郎", "管理課", UserRole.ADMIN, "$argon2id$x", true, T0, T0);
        User b = new User(UserId.random(), "admin-b", "管理 二郎", "管理課", UserRole.ADMIN, "$argon2id$x", true, T0, T0);
        users.insert(a);
        users.insert(b);
        java.util.concurrent.CountDownLatch demoted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // a demotes b and has not committed yet
            var first = pool.submit(() -> db.jdbc().transaction(() -> {
                long before = users.lockActiveAdmins();
                users.changeProfile(b.id(), b.displayName(), b.department(), UserRole.INSPECTOR);
                demoted.countDown();
                await(release);
                return before;
            }));
            assertThat(demoted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // b, at the same moment, is about to demote a: without the lock it would count two admins
            var second = pool.submit(() -> db.jdbc().transaction(users::lockActiveAdmins));
            Thread.sleep(200); // the second must be waiting for the first's locks, not counting
            assertThat(second.isDone()).as("the second act waits for the first").isFalse();
            release.countDown();
            assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("b is no admin any more").isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void migrationsAreRecordedAndReapplyingThemIsANoOp() {
        assertThat(db.jdbc().query("SELECT version FROM rinjo_schema_version ORDER BY version", rs -> rs.getInt(1))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        new Migrations(db.jdbc(), db.dialect()).migrate();
        assertThat(db.jdbc().query("SELECT version FROM rinjo_schema_version ORDER BY version", rs -> rs.getInt(1))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void aContractMovedToAnotherDepartmentTakesItsArchivedRecordingsAlongInTheSameTransaction() {
        Instant t = Instant.parse("2026-11-26T01:00:00Z");
        contracts.insert(contract("R8道路第9号", "市道9号線舗装工事", "道路課", t));
        db.jdbc().update("INSERT INTO archive_recordings (session_id, contract_no, department, search_text, inspection_type, inspector_id, "
                + "recorded_from, duration_ms) VALUES ('ses_00000000000000000009', 'R8道路第9号', '道路課', 'r8道路第9号 市道9号線舗装工事', "
                + "'OTHER', '', ?, 1000)", t);
        db.jdbc().update("INSERT INTO archive_recording_details (session_id, contract_name, contractor, inspector_name, recorded_to, "
                + "size_bytes, tracks, segments, gaps, markers, stills, participants, renditions, object_prefix, manifest_sha256, "
                + "signing_key_id, timestamped, sealed_at, integrity, indexed_at) VALUES ('ses_00000000000000000009', '市道9号線舗装工事', "
                + "'株式会社 臨場建設', '', ?, 0, 0, 0, 0, 0, 0, '[]', '[]', 'p', 'm', 'k', FALSE, ?, 'UNVERIFIED', ?)", t, t, t);
        assertThat(contracts.update(contract("R8道路第9号", "市道9号線 側溝工事", "河川課", t.plusSeconds(60)))).isTrue();
        assertThat(db.jdbc().query("SELECT department, search_text FROM archive_recordings", rs -> rs.getString(1) + "|" + rs.getString(2)))
                .containsExactly("河川課|r8道路第9号 市道9号線 側溝工事");
        assertThat(db.jdbc().query("SELECT contract_name FROM archive_recording_details", rs -> rs.getString(1)))
                .containsExactly("市道9号線 側溝工事");
        assertThat(contracts.update(contract("R8道路第404号", "x", "河川課", t))).isFalse();
    }

    @Test
    void anAppliedMigrationThatWasEditedStopsStartUp() {
        db.jdbc().update("UPDATE rinjo_schema_version SET sha256 = ? WHERE version = 1", "0".repeat(64));
        assertThatThrownBy(() -> new Migrations(db.jdbc(), db.dialect()).migrate())
                .hasMessageContaining("V1").hasMessageContaining("changed after it was applied");
    }

    @Test
    void contractsRoundTripWithJapaneseTextAndDuplicatesConflict() {
        Contract c = contract("R8土木第123号", "市道1号線舗装補修工事", "道路課", T0);
        contracts.insert(c);
        assertThat(contracts.find(c.no())).contains(c);
        assertThatThrownBy(() -> contracts.insert(c)).isInstanceOf(RinjoException.class)
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        Contract changed = new Contract(c.no(), "市道1号線舗装補修工事（その2）", c.contractor(), c.department(),
                c.periodStart(), c.periodEnd(), c.location(), c.createdAt(), T0.plusSeconds(60));
        assertThat(contracts.update(changed)).isTrue();
        assertThat(contracts.find(c.no())).contains(changed);
        assertThat(contracts.update(contract("NONE-1", "x", "道路課", T0))).isFalse();
    }

    @Test
    void textAtItsLimitInCharactersOutsideTheBmpIsStored() {
        // 𠮷 is one character but two UTF-16 units (which H2's VARCHAR counts)
        String yoshi = "𠮷";
        Contract c = new Contract(ContractNo.of(yoshi.repeat(40)), yoshi.repeat(200), yoshi.repeat(200), yoshi.repeat(100),
                LocalDate.parse("2026-04-01"), LocalDate.parse("2027-03-31"), yoshi.repeat(200), T0, T0);
        contracts.insert(c);
        assertThat(contracts.find(c.no())).contains(c);
        users.insert(new User(UserId.random(), "yoshida", yoshi.repeat(100), yoshi.repeat(100), UserRole.INSPECTOR, "$argon2id$x",
                true, T0, T0));
        User u = users.findByLogin("yoshida").orElseThrow();
        InspectionSession s = InspectionSession.schedule(c.no(), InspectionType.WITNESS, new TimeWindow(T0, T0.plus(Duration.ofHours(1))),
                yoshi.repeat(200), u.id(), T0);
        sessions.insert(s);
        assertThat(sessions.find(s.id())).contains(s);
        Invitation i = new Invitation(InvitationId.random(), s.id(), ParticipantRole.CONTRACTOR, yoshi.repeat(100), null, T0, null);
        invitations.insert(i);
        assertThat(invitations.find(i.id())).contains(i);
    }

    @Test
    void contractSearchMatchesPartsOfNumberNameAndContractorWithinADepartment() {
        contracts.insert(contract("R8-001", "市道1号線舗装補修工事", "道路課", T0));
        contracts.insert(contract("R8-002", "臨場川護岸工事", "河川課", T0.plusSeconds(1)));
        contracts.insert(contract("R8-003", "市道2号線側溝工事", "道路課", T0.plusSeconds(2)));
        contracts.insert(contract("R8-100%", "100%完了工事", "道路課", T0.plusSeconds(3)));

        assertThat(contracts.search("市道", null, 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-003", "R8-001");
        assertThat(contracts.search("護岸", "道路課", 10, 0)).isEmpty();
        assertThat(contracts.search("r8-00", "道路課", 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-003", "R8-001");
        assertThat(contracts.search("臨場建設", null, 2, 1)).extracting(c -> c.no().value()).containsExactly("R8-003", "R8-002");
        // '%' is a character to find, not a wildcard
        assertThat(contracts.search("0%", null, 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-100%");
        assertThat(contracts.search(null, "河川課", 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-002");
    }

    @Test
    void contractSearchAndNormalFormsMatchAcrossFullAndHalfWidthIncludingContractsStoredBefore() {
        contracts.insert(contract("R8-001", "市道１号線舗装補修工事", "道路課", T0));
        // written as before V7: the number as typed, no normal forms
        db.jdbc().update("INSERT INTO contracts (contract_no, name, contractor, department, period_start, period_end, location, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "Ｒ８道路第１２号", "ｶﾜﾗ護岸工事", "株式会社 臨場建設", "道路課",
                LocalDate.parse("2026-04-01"), LocalDate.parse("2027-03-31"), "臨場市", T0.plusSeconds(1), T0.plusSeconds(1));
        db.jdbc().update("INSERT INTO contracts (contract_no, name, contractor, department, period_start, period_end, location, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "R8道路第１２号", "n", "c", "道路課",
                LocalDate.parse("2026-04-01"), LocalDate.parse("2027-03-31"), "臨場市", T0.plusSeconds(2), T0.plusSeconds(2));
        contracts.fillNormalForms();

        assertThat(contracts.findByNormalForm("R8道路第12号")).contains(ContractNo.of("Ｒ８道路第１２号"));
        assertThat(contracts.findByNormalForm("R8-001")).contains(ContractNo.of("R8-001"));
        assertThat(contracts.findByNormalForm("R8-002")).isEmpty();
        assertThat(contracts.search("第12号", null, 10, 0)).extracting(c -> c.no().value())
                .containsExactly("R8道路第１２号", "Ｒ８道路第１２号");
        assertThat(contracts.search("r8道路", null, 10, 0)).hasSize(2);
        assertThat(contracts.search("市道1号", null, 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-001");
        assertThat(contracts.search("カワラ", null, 10, 0)).extracting(c -> c.no().value()).containsExactly("Ｒ８道路第１２号");
        // no match across two fields
        assertThat(contracts.search("001 市道", null, 10, 0)).isEmpty();
    }

    @Test
    void aBatchOfContractsIsInsertedWholeOrNotAtAll() {
        contracts.insert(contract("Ｒ８道路第１２号", "n", "道路課", T0));
        List<Contract> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) { // more than one IN (...) chunk
            batch.add(contract("R8-" + i, "工事" + i, "道路課", T0.plusSeconds(1)));
        }
        assertThat(contracts.findByNormalForms(List.of("R8道路第12号", "R8-0", "R8道路第12号"))).containsOnlyKeys("R8道路第12号")
                .containsEntry("R8道路第12号", ContractNo.of("Ｒ８道路第１２号"));

        // one number that is the same as a registered one: nothing of the batch is written
        List<Contract> clashing = new java.util.ArrayList<>(batch);
        clashing.add(contract("R8道路第12号", "n", "道路課", T0));
        assertThatThrownBy(() -> contracts.insertAll(clashing)).isInstanceOfSatisfying(RinjoException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("Ｒ８道路第１２号");
        });
        assertThat(contracts.search(null, null, 10, 0)).hasSize(1);

        contracts.insertAll(batch);
        assertThat(contracts.findByNormalForms(batch.stream().map(c -> c.no().value()).toList())).hasSize(1200);
        assertThat(contracts.find(ContractNo.of("R8-1199"))).contains(batch.get(1199));
        assertThat(contracts.search("工事1199", "道路課", 10, 0)).extracting(c -> c.no().value()).containsExactly("R8-1199");
        contracts.insertAll(List.of());
    }

    @Test
    void sessionsUseOptimisticConcurrencyAndAreFoundByWindowAndContract() {
        users.insert(user("inspector1"));
        User inspector = users.findByLogin("inspector1").orElseThrow();
        contracts.insert(contract("R8-001", "市道1号線舗装補修工事", "道路課", T0));
        contracts.insert(contract("R8-002", "臨場川護岸工事", "河川課", T0));
        InspectionSession morning = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.STAGE_CHECK,
                new TimeWindow(T0, T0.plus(Duration.ofHours(1))), "現場事務所前", inspector.id(), T0);
        InspectionSession afternoon = InspectionSession.schedule(ContractNo.of("R8-002"), InspectionType.MATERIAL_CHECK,
                new TimeWindow(T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(5))), null, inspector.id(), T0);
        sessions.insert(morning);
        sessions.insert(afternoon);
        assertThat(sessions.find(morning.id())).contains(morning);

        assertThat(sessions.inWindow(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(10)), null, 10))
                .extracting(InspectionSession::id).containsExactly(morning.id(), afternoon.id());
        assertThat(sessions.inWindow(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(10)), null, 10))
                .extracting(InspectionSession::id).containsExactly(afternoon.id());
        assertThat(sessions.inWindow(T0, T0.plus(Duration.ofHours(10)), "河川課", 10))
                .extracting(InspectionSession::id).containsExactly(afternoon.id());
        assertThat(sessions.forContract(ContractNo.of("R8-001"))).extracting(InspectionSession::id).containsExactly(morning.id());

        InspectionSession live = sessions.update(morning.goLive(T0.plusSeconds(5)));
        assertThat(live.version()).isEqualTo(1);
        sessions.update(afternoon.goLive(T0.plus(Duration.ofHours(4))));
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(1)), 10)).as("the window's end is not before itself").isEmpty();
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(9)), 10)).extracting(InspectionSession::id)
                .containsExactly(morning.id(), afternoon.id());
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(9)), 1)).extracting(InspectionSession::id)
                .containsExactly(morning.id());
        InspectionSession ended = sessions.update(live.end(new InspectionResult(ResultKind.INSTRUCTION, "鉄筋かぶりを再確認"),
                T0.plusSeconds(600)));
        assertThat(sessions.find(morning.id()).orElseThrow()).isEqualTo(ended);
        assertThat(ended.status()).isEqualTo(SessionStatus.ENDED);
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(9)), 10)).as("ended is not live")
                .extracting(InspectionSession::id).containsExactly(afternoon.id());
        // scheduled and never live: abandoned only once someone joined it (nobody who leads it came)
        InspectionSession waitedFor = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.WITNESS,
                new TimeWindow(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3))), null, morning.inspectorId(), T0);
        sessions.insert(waitedFor);
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(9)), 10)).as("nobody joined")
                .extracting(InspectionSession::id).containsExactly(afternoon.id());
        new JdbcAttendanceRepository(db).joined(waitedFor.id(), jp.rinjo.common.id.ParticipantId.random(), "現場代理人 山田",
                jp.rinjo.scheduling.invitation.ParticipantRole.CONTRACTOR, T0.plus(Duration.ofHours(2)));
        assertThat(sessions.abandonedWithWindowEndedBefore(T0.plus(Duration.ofHours(9)), 10)).as("the contractor waited")
                .extracting(InspectionSession::id).containsExactly(waitedFor.id(), afternoon.id());
        assertThat(sessions.closedWithoutSealRequest(T0, T0.plus(Duration.ofHours(1)), 10)).as("went live, never asked to seal")
                .extracting(InspectionSession::id).containsExactly(morning.id());
        assertThat(sessions.closedWithoutSealRequest(T0.plus(Duration.ofSeconds(601)), T0.plus(Duration.ofHours(1)), 10)).isEmpty();
        new JdbcSealRequests(db).requested(morning.id(), T0.plus(Duration.ofSeconds(601)));
        assertThat(sessions.closedWithoutSealRequest(T0, T0.plus(Duration.ofHours(1)), 10)).as("asked").isEmpty();
        // a writer holding the stale version loses
        assertThatThrownBy(() -> sessions.update(live.cancel(T0))).isInstanceOf(RinjoException.class)
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void invitationsAreListedPerSessionAndRevokedOnce() {
        users.insert(user("inspector1"));
        contracts.insert(contract("R8-001", "市道1号線舗装補修工事", "道路課", T0));
        InspectionSession s = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.WITNESS,
                new TimeWindow(T0, T0.plus(Duration.ofHours(1))), null, users.findByLogin("inspector1").orElseThrow().id(), T0);
        sessions.insert(s);
        Invitation a = new Invitation(InvitationId.random(), s.id(), ParticipantRole.CONTRACTOR, "現場代理人 山田",
                "yamada@example.jp", T0, null);
        Invitation b = new Invitation(InvitationId.random(), s.id(), ParticipantRole.OBSERVER, "課長", null, T0.plusSeconds(1), null);
        invitations.insert(a);
        invitations.insert(b);
        assertThat(invitations.forSession(s.id())).containsExactly(a, b);
        assertThat(invitations.revoke(a.id(), T0.plusSeconds(9))).isTrue();
        assertThat(invitations.revoke(a.id(), T0.plusSeconds(10))).isFalse();
        assertThat(invitations.find(a.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void attendanceKeepsFirstAndLastJoinPerPerson() {
        users.insert(user("inspector1"));
        contracts.insert(contract("R8-001", "市道1号線舗装補修工事", "道路課", T0));
        InspectionSession s = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.WITNESS,
                new TimeWindow(T0, T0.plus(Duration.ofHours(1))), null, users.findByLogin("inspector1").orElseThrow().id(), T0);
        sessions.insert(s);
        JdbcAttendanceRepository attendance = new JdbcAttendanceRepository(db);
        jp.rinjo.common.id.ParticipantId a = jp.rinjo.common.id.ParticipantId.random();
        jp.rinjo.common.id.ParticipantId b = jp.rinjo.common.id.ParticipantId.random();
        attendance.joined(s.id(), a, "現場代理人 山田", ParticipantRole.CONTRACTOR, T0.plusSeconds(10));
        attendance.joined(s.id(), b, "監督 太郎", ParticipantRole.INSPECTOR, T0.plusSeconds(20));
        attendance.joined(s.id(), a, "現場代理人 山田", ParticipantRole.CONTRACTOR, T0.plusSeconds(300));
        var list = attendance.forSession(s.id());
        assertThat(list).extracting(x -> x.participantId()).containsExactly(a, b);
        assertThat(list.get(0).firstJoinedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(list.get(0).lastJoinedAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void anAnnotationKeptBeforeMarksNamedTheirVideoIsReadWithoutATarget() {
        InspectionSession s = twoSessionsOfOneContract()[0];
        // as V9 wrote it: no target column
        db.jdbc().update("INSERT INTO session_annotations (session_id, made_at, participant_id, role, shape, points, color, label) "
                + "VALUES (?, ?, 'par_0000000000000000000a', 'INSPECTOR', 'pointer', '3000 6000', '#ff3b30', NULL)", s.id(), T0);
        var kept = new JdbcSessionAnnotations(db).forSession(s.id()).annotations();
        assertThat(kept).singleElement().satisfies(a -> {
            assertThat(a.target()).isNull();
            assertThat(a.points()).containsExactly(new jp.rinjo.scheduling.annotation.FramePoint(3000, 6000));
        });
    }

    @Test
    void annotationsAreKeptPerSessionInOrderUpToTheBoundAndTheRestCounted() {
        InspectionSession[] two = twoSessionsOfOneContract();
        InspectionSession a = two[0];
        InspectionSession b = two[1];
        jp.rinjo.scheduling.annotation.SessionAnnotationsContract.keepsEachSessionsMarksInOrderUpToTheBoundAndCountsTheRest(
                new JdbcSessionAnnotations(db, jp.rinjo.scheduling.annotation.SessionAnnotationsContract.BOUND), a.id(), b.id());
    }

    @Test
    void stillsAreKeptPerSessionAndListedInTheOrderTaken() {
        InspectionSession[] two = twoSessionsOfOneContract();
        InspectionSession a = two[0];
        InspectionSession b = two[1];
        jp.rinjo.scheduling.still.SessionStillsContract.keepsEachSessionsStillsAndListsThemInTheOrderTaken(new JdbcSessionStills(db),
                a.id(), b.id());
    }

    @Test
    void lateResultsAreKeptOncePerSession() {
        InspectionSession[] two = twoSessionsOfOneContract();
        UserId recorder = users.findByLogin("inspector1").orElseThrow().id();
        jp.rinjo.scheduling.lateresult.LateResultsContract.keepsOneLateResultPerSessionAndRefusesASecond(new JdbcLateResults(db),
                two[0].id(), two[1].id(), recorder);
    }

    /** What an audited act relies on (its writes and its audit row in one transaction), through the repositories themselves. */
    @Test
    void oneTransactionSpansRepositoriesAndKeepsAllOfItOrNothing() {
        InspectionSession[] two = twoSessionsOfOneContract();
        UserId recorder = users.findByLogin("inspector1").orElseThrow().id();
        JdbcLateResults late = new JdbcLateResults(db);
        jp.rinjo.scheduling.lateresult.LateResult result = new jp.rinjo.scheduling.lateresult.LateResult(two[0].id(), ResultKind.FAIL,
                "翌日記録", recorder, "監督 太郎", T0);
        Contract c = contract("R8道路第900号", "歩道工事", "道路課", T0);

        assertThatThrownBy(() -> db.jdbc().transaction(() -> {
            contracts.insertAll(List.of(c)); // its own transaction joins this one
            late.record(result);
            throw new IllegalStateException("the audit row could not be written");
        })).hasMessageContaining("audit row");
        assertThat(contracts.find(c.no())).isEmpty();
        assertThat(late.forSession(two[0].id())).isEmpty();

        db.jdbc().transaction(() -> {
            contracts.insert(c);
            late.record(result);
            assertThat(late.forSession(two[0].id())).as("read on the transaction's connection").contains(result);
            return null;
        });
        assertThat(contracts.find(c.no())).isPresent();
        assertThat(late.forSession(two[0].id())).contains(result);

        // a second record is still the store's own conflict (PostgreSQL reads nothing more after the failed insert)
        assertThatThrownBy(() -> db.jdbc().transaction(() -> {
            late.record(new jp.rinjo.scheduling.lateresult.LateResult(two[0].id(), ResultKind.PASS, "訂正", recorder, "監督 太郎", T0));
            return null;
        })).isInstanceOfSatisfying(RinjoException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("already");
        });
        assertThat(late.forSession(two[0].id())).contains(result);
    }

    @Test
    void sealRequestsStayOpenUntilFinishedAndCanBeRequestedAgain() {
        InspectionSession[] two = twoSessionsOfOneContract();
        InspectionSession a = two[0];
        InspectionSession b = two[1];
        JdbcSealRequests requests = new JdbcSealRequests(db);
        requests.requested(b.id(), T0.plusSeconds(20));
        requests.requested(a.id(), T0.plusSeconds(10));
        assertThat(requests.open(T0)).containsExactly(a.id(), b.id());
        assertThat(requests.open(T0.plusSeconds(15))).containsExactly(b.id());

        requests.finished(a.id(), T0.plusSeconds(30), "sealed");
        assertThat(requests.open(T0)).containsExactly(b.id());
        requests.requested(a.id(), T0.plusSeconds(40)); // ended again after a reopen: asked again
        assertThat(requests.open(T0)).containsExactly(b.id(), a.id());
        requests.finished(b.id(), T0.plusSeconds(50), "x".repeat(2000)); // an over-long reason is cut, not refused
        assertThat(requests.open(T0)).containsExactly(a.id());
    }

    @Test
    void usersHaveUniqueLoginNames() {
        User u = user("inspector1");
        users.insert(u);
        assertThat(users.findByLogin("inspector1")).contains(u);
        assertThatThrownBy(() -> users.insert(user("inspector1"))).isInstanceOf(RinjoException.class)
                .hasMessageContaining("taken");
        assertThat(users.revokeTokens(u.id(), T0.plusSeconds(30))).isTrue();
        assertThat(users.find(u.id()).orElseThrow().tokensValidAfter()).isEqualTo(T0.plusSeconds(30));
        assertThat(users.count()).isEqualTo(1);
        assertThat(users.all()).extracting(User::loginName).containsExactly("inspector1");
        assertThat(users.revokeTokens(UserId.random(), T0)).isFalse();
    }

    @Test
    void eachAccountChangeWritesOnlyItsOwnColumns() {
        User u = user("inspector1");
        users.insert(u);
        // A logout from another tab, holding the user as it was before the password change, must
        // not bring the old password back; nor may a later disable or enable.
        assertThat(users.changePassword(u.id(), "$argon2id$new", T0.plusSeconds(10))).isTrue();
        assertThat(users.revokeTokens(u.id(), T0.plusSeconds(20))).isTrue();
        assertThat(users.disable(u.id(), T0.plusSeconds(30))).isTrue();
        User disabled = users.find(u.id()).orElseThrow();
        assertThat(disabled.passwordHash()).isEqualTo("$argon2id$new");
        assertThat(disabled.active()).isFalse();
        assertThat(disabled.tokensValidAfter()).isEqualTo(T0.plusSeconds(30));
        assertThat(users.enable(u.id())).isTrue();
        User enabled = users.find(u.id()).orElseThrow();
        assertThat(enabled.active()).isTrue();
        assertThat(enabled.tokensValidAfter()).isEqualTo(T0.plusSeconds(30));
        assertThat(enabled).isEqualTo(new User(u.id(), u.loginName(), u.displayName(), u.department(), u.role(),
                "$argon2id$new", true, T0.plusSeconds(30), u.createdAt()));
        assertThat(users.changePassword(UserId.random(), "$argon2id$x", T0)).isFalse();
        assertThat(users.disable(UserId.random(), T0)).isFalse();
        assertThat(users.enable(UserId.random())).isFalse();
    }

    @Test
    void aProfileChangeWritesNameDepartmentAndRoleOnly() {
        User u = user("inspector1");
        users.insert(u);
        assertThat(users.changePassword(u.id(), "$argon2id$new", T0.plusSeconds(10))).isTrue();
        assertThat(users.disable(u.id(), T0.plusSeconds(20))).isTrue();
        assertThat(users.changeProfile(u.id(), "河川 一郎", "河川課", UserRole.CLERK)).isTrue();
        assertThat(users.find(u.id()).orElseThrow()).isEqualTo(new User(u.id(), u.loginName(), "河川 一郎", "河川課",
                UserRole.CLERK, "$argon2id$new", false, T0.plusSeconds(20), u.createdAt()));
        assertThat(users.findByLogin("inspector1").orElseThrow().department()).isEqualTo("河川課");
        assertThat(users.changeProfile(UserId.random(), "x", "道路課", UserRole.ADMIN)).isFalse();
    }

    @Test
    void microsecondTimestampsSurviveTheRoundTrip() {
        Instant precise = Instant.parse("2026-11-26T01:02:03.123456Z");
        User u = new User(UserId.random(), "precise", "x", "道路課", UserRole.CLERK, "h", true, precise, precise);
        users.insert(u);
        assertThat(users.find(u.id()).orElseThrow().createdAt()).isEqualTo(precise);
        assertThat(List.of(db.dialect())).isNotEmpty();
    }

    /** Two stored sessions of one contract by one inspector: what the per-session stores hang off. */
    private InspectionSession[] twoSessionsOfOneContract() {
        users.insert(user("inspector1"));
        contracts.insert(contract("R8-001", "市道1号線舗装補修工事", "道路課", T0));
        UserId inspector = users.findByLogin("inspector1").orElseThrow().id();
        InspectionSession a = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.WITNESS,
                new TimeWindow(T0, T0.plus(Duration.ofHours(1))), null, inspector, T0);
        InspectionSession b = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.WITNESS,
                new TimeWindow(T0, T0.plus(Duration.ofHours(1))), null, inspector, T0);
        sessions.insert(a);
        sessions.insert(b);
        return new InspectionSession[] {a, b};
    }
}
