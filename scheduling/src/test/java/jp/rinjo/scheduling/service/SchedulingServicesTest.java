package jp.rinjo.scheduling.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.InMemoryAdminAudit;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.testing.Fixtures;
import jp.rinjo.scheduling.testing.TestDatabases;
import jp.rinjo.scheduling.user.UserRole;

class SchedulingServicesTest {
    @TempDir
    Path dir;
    Fixtures f;
    Instant now;

    @BeforeEach
    void setUp() {
        f = new Fixtures(TestDatabases.h2(dir));
        now = f.clock.instant();
    }

    @AfterEach
    void tearDown() {
        f.scheduling.close();
    }

    static ErrorCode codeOf(Supplier<?> s) {
        try {
            s.get();
        } catch (RinjoException e) {
            return e.code();
        }
        throw new AssertionError("no exception");
    }

    TimeWindow window(int startHours, int lengthHours) {
        Instant s = now.plus(Duration.ofHours(startHours));
        return new TimeWindow(s, s.plus(Duration.ofHours(lengthHours)));
    }

    SessionService.SessionView schedule(Actor actor, String contractNo) {
        return f.scheduling.sessions().schedule(actor, new SessionService.SessionDraft(contractNo, InspectionType.STAGE_CHECK,
                window(2, 1), "現場", null));
    }

    @Test
    void loginIssuesATokenThatAuthenticatesUntilLogout() {
        AuthService auth = f.scheduling.auth();
        AuthService.Login login = auth.login("inspector1", Fixtures.PASSWORD);
        assertThat(auth.authenticate(login.token()).user().loginName()).isEqualTo("inspector1");
        f.clock.advance(Duration.ofSeconds(1));
        auth.logout(auth.authenticate(login.token()));
        assertThat(codeOf(() -> auth.authenticate(login.token()))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        // a fresh login after the logout works
        f.clock.advance(Duration.ofMillis(1));
        assertThat(auth.authenticate(auth.login("inspector1", Fixtures.PASSWORD).token())).isNotNull();
    }

    @Test
    void wrongPasswordsAndUnknownNamesGetTheSameAnswerAndRepeatedFailuresLockTheName() {
        AuthService auth = f.scheduling.auth();
        assertThat(codeOf(() -> auth.login("nobody", Fixtures.PASSWORD))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        for (int i = 0; i < 5; i++) {
            assertThat(codeOf(() -> auth.login("inspector1", "wrong password!"))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        }
        assertThat(codeOf(() -> auth.login("inspector1", Fixtures.PASSWORD))).isEqualTo(ErrorCode.RATE_LIMITED);
        f.clock.advance(Duration.ofMinutes(6));
        assertThat(auth.login("inspector1", Fixtures.PASSWORD).user().loginName()).isEqualTo("inspector1");
    }

    @Test
    void aFloodOfFailedLoginsWithMadeUpNamesKeepsNothing() {
        AuthService auth = f.scheduling.auth();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            String huge = random.ints(100_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString();
            assertThat(codeOf(() -> auth.login(huge, null, "203.0.113.9"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
            String unknown = "nobody-" + random.nextInt(1_000_000_000);
            assertThat(codeOf(() -> auth.login(unknown, "wrong password!", "203.0.113.9"))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        }
        assertThat(codeOf(() -> auth.login("田中", Fixtures.PASSWORD, "203.0.113.9"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> auth.login(null, Fixtures.PASSWORD, "203.0.113.9"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(auth.trackedLoginFailures()).isZero();
        // names are matched as before: case and surrounding blanks do not matter
        assertThat(auth.login(" Inspector1 ", Fixtures.PASSWORD, "203.0.113.9").user().loginName()).isEqualTo("inspector1");
    }

    @Test
    void failedLoginsFromOneAddressDoNotLockTheSameNameFromAnother() {
        AuthService auth = f.scheduling.auth();
        for (int i = 0; i < 5; i++) {
            assertThat(codeOf(() -> auth.login("admin", "wrong password!", "203.0.113.9"))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        }
        assertThat(codeOf(() -> auth.login("admin", Fixtures.PASSWORD, "203.0.113.9"))).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(auth.login("admin", Fixtures.PASSWORD, "192.0.2.10").user().loginName()).isEqualTo("admin");
        f.clock.advance(Duration.ofMinutes(6));
        assertThat(auth.login("admin", Fixtures.PASSWORD, "203.0.113.9").user().loginName()).isEqualTo("admin");
    }

    @Test
    void changingTheOwnPasswordEndsOtherLoginsAndGivesTheCallerAFreshOne() {
        AuthService auth = f.scheduling.auth();
        String here = auth.login("inspector1", Fixtures.PASSWORD).token();
        String otherTab = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(codeOf(() -> auth.changePassword(auth.authenticate(here), "wrong password!", "new password 2026")))
                .isEqualTo(ErrorCode.BAD_CREDENTIALS);
        AuthService.Login fresh = auth.changePassword(auth.authenticate(here), Fixtures.PASSWORD, "new password 2026");
        assertThat(auth.authenticate(fresh.token()).user().loginName()).isEqualTo("inspector1");
        assertThat(codeOf(() -> auth.authenticate(here))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> auth.authenticate(otherTab))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> auth.login("inspector1", Fixtures.PASSWORD))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(auth.login("inspector1", "new password 2026").user().loginName()).isEqualTo("inspector1");
    }

    @Test
    void loginsAreEndedAndIssuedCorrectlyWithAClockFinerThanTheTokensMillisecond() {
        AuthService auth = f.scheduling.auth();
        f.clock.set(f.clock.instant().plusNanos(123_456)); // as Clock.systemUTC() on Linux: microseconds
        String here = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofNanos(1_500_300));
        AuthService.Login fresh = auth.changePassword(auth.authenticate(here), Fixtures.PASSWORD, "new password 2026");
        assertThat(auth.authenticate(fresh.token()).user().loginName()).as("the login a password change hands back works").isEqualTo("inspector1");
        assertThat(codeOf(() -> auth.authenticate(here))).isEqualTo(ErrorCode.TOKEN_REVOKED);

        f.clock.advance(Duration.ofNanos(2_000_100));
        String sameMillisecond = auth.login("inspector1", "new password 2026").token();
        f.clock.advance(Duration.ofNanos(300)); // the logout comes within the same millisecond
        auth.logout(auth.authenticate(sameMillisecond));
        assertThat(codeOf(() -> auth.authenticate(sameMillisecond))).as("a logout ends the logins made before it").isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> auth.authenticate(fresh.token()))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        f.clock.advance(Duration.ofMillis(1));
        assertThat(auth.authenticate(auth.login("inspector1", "new password 2026").token())).as("a later login works").isNotNull();
    }

    @Test
    void aLoginInUseIsToldEndedWhenItsAccountIsDisabledEvenPastItsExpiryButNotForTheExpiryAlone() {
        AuthService auth = f.scheduling.auth();
        AccountService accounts = f.scheduling.accounts();
        String token = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofDays(2)); // a call joined with it goes on past the login's lifetime
        assertThat(codeOf(() -> auth.authenticate(token))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        auth.requireLoginNotEnded(token);
        accounts.disableUser(f.admin, f.inspector.user().id());
        assertThat(codeOf(() -> {
            auth.requireLoginNotEnded(token);
            return null;
        })).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> {
            auth.requireLoginNotEnded("u1.forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            return null;
        })).isEqualTo(ErrorCode.TOKEN_INVALID);
    }

    @Test
    void aLogoutRacingAPasswordChangeDoesNotBringTheOldPasswordBack() {
        AuthService auth = f.scheduling.auth();
        // Both requests were authenticated (the user read) before either wrote.
        Actor.LoggedIn otherTab = f.login("inspector1");
        Actor.LoggedIn here = f.login("inspector1");
        f.clock.advance(Duration.ofSeconds(1));
        auth.changePassword(here, Fixtures.PASSWORD, "new password 2026");
        auth.logout(otherTab);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(codeOf(() -> auth.login("inspector1", Fixtures.PASSWORD))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(auth.login("inspector1", "new password 2026").user().loginName()).isEqualTo("inspector1");
    }

    @Test
    void anAdminDisablesEnablesAndResetsAccountsAndNobodyElseMay() {
        AuthService auth = f.scheduling.auth();
        AccountService accounts = f.scheduling.accounts();
        var id = f.inspector.user().id();
        String before = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofSeconds(1));
        for (Actor notAdmin : java.util.List.of(f.inspector, f.clerk, f.otherDepartmentInspector)) {
            assertThat(codeOf(() -> accounts.disableUser(notAdmin, f.clerk.user().id()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(codeOf(() -> accounts.enableUser(notAdmin, id))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(codeOf(() -> {
                accounts.resetPassword(notAdmin, f.clerk.user().id(), "taken over 2026");
                return null;
            })).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(auth.authenticate(before)).isNotNull();

        assertThat(accounts.disableUser(f.admin, id).active()).isFalse();
        assertThat(codeOf(() -> auth.authenticate(before))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> auth.login("inspector1", Fixtures.PASSWORD))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(codeOf(() -> accounts.disableUser(f.admin, f.admin.user().id()))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> accounts.disableUser(f.admin, jp.rinjo.common.id.UserId.random()))).isEqualTo(ErrorCode.NOT_FOUND);

        assertThat(accounts.enableUser(f.admin, id).active()).isTrue();
        // the logins it had when it was disabled stay ended
        assertThat(codeOf(() -> auth.authenticate(before))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        String after = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofSeconds(1));

        accounts.resetPassword(f.admin, id, "forgotten 2026-11");
        assertThat(codeOf(() -> auth.authenticate(after))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> auth.login("inspector1", Fixtures.PASSWORD))).isEqualTo(ErrorCode.BAD_CREDENTIALS);
        assertThat(auth.login("inspector1", "forgotten 2026-11").user().loginName()).isEqualTo("inspector1");
        assertThat(codeOf(() -> {
            accounts.resetPassword(f.admin, id, "short");
            return null;
        })).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aMoveToAnotherDepartmentOrRoleEndsTheAccountsLoginsAndANewNameAloneDoesNot() {
        AuthService auth = f.scheduling.auth();
        AccountService accounts = f.scheduling.accounts();
        var id = f.inspector.user().id();
        String before = auth.login("inspector1", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofSeconds(1));

        var renamed = accounts.changeProfile(f.admin, id, new AccountService.ProfileChange(" 監督 一郎 ", null, null));
        assertThat(renamed.displayName()).isEqualTo("監督 一郎");
        assertThat(renamed.department()).isEqualTo("道路課");
        assertThat(auth.authenticate(before).user().displayName()).isEqualTo("監督 一郎");

        var moved = accounts.changeProfile(f.admin, id, new AccountService.ProfileChange(null, "河川課", null));
        assertThat(moved.department()).isEqualTo("河川課");
        assertThat(moved.role()).isEqualTo(UserRole.INSPECTOR);
        assertThat(codeOf(() -> auth.authenticate(before))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        f.clock.advance(Duration.ofSeconds(1));
        String again = auth.login("inspector1", Fixtures.PASSWORD).token();
        assertThat(auth.authenticate(again).user().department()).isEqualTo("河川課");
        f.clock.advance(Duration.ofSeconds(1));

        assertThat(accounts.changeProfile(f.admin, id, new AccountService.ProfileChange(null, null, UserRole.CLERK)).role())
                .isEqualTo(UserRole.CLERK);
        assertThat(codeOf(() -> auth.authenticate(again))).isEqualTo(ErrorCode.TOKEN_REVOKED);
    }

    @Test
    void onlyAnAdminChangesAccountsValidatedAsWhenCreatedAndNotTheirOwnRole() {
        AuthService auth = f.scheduling.auth();
        AccountService accounts = f.scheduling.accounts();
        var id = f.clerk.user().id();
        for (Actor notAdmin : java.util.List.of(f.inspector, f.clerk)) {
            assertThat(codeOf(() -> accounts.changeProfile(notAdmin, id, new AccountService.ProfileChange(null, null, UserRole.ADMIN))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
        }
        for (var bad : java.util.List.of(new AccountService.ProfileChange(" ", null, null),
                new AccountService.ProfileChange(null, "", null), new AccountService.ProfileChange("名".repeat(101), null, null),
                new AccountService.ProfileChange(null, "課".repeat(101), null))) {
            assertThat(codeOf(() -> accounts.changeProfile(f.admin, id, bad))).as(bad.toString()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
        assertThat(accounts.listUsers(f.admin)).filteredOn(u -> u.id().equals(id)).singleElement()
                .satisfies(u -> assertThat(u.department()).isEqualTo("道路課"));
        assertThat(codeOf(() -> accounts.changeProfile(f.admin, jp.rinjo.common.id.UserId.random(),
                new AccountService.ProfileChange("誰か", null, null)))).isEqualTo(ErrorCode.NOT_FOUND);

        // the last (and only) admin cannot make themselves an inspector, but may move to another department
        var self = f.admin.user().id();
        String adminLogin = auth.login("admin", Fixtures.PASSWORD).token();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(codeOf(() -> accounts.changeProfile(f.admin, self, new AccountService.ProfileChange(null, null, UserRole.INSPECTOR))))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(accounts.changeProfile(f.admin, self, new AccountService.ProfileChange(null, "総務課", UserRole.ADMIN)).department())
                .isEqualTo("総務課");
        // an admin's department does not change what they see: their login stays
        assertThat(auth.authenticate(adminLogin).user().department()).isEqualTo("総務課");
    }

    @Test
    void twoAdminsTakingAdminFromEachOtherLeaveTheSecondRefusedSoOneAdminRemains() {
        AccountService accounts = f.scheduling.accounts();
        Actor.LoggedIn second = f.user("admin2", "管理 二郎", "本庁", UserRole.ADMIN);
        Actor.LoggedIn third = f.user("admin3", "管理 三郎", "本庁", UserRole.ADMIN);
        var firstId = f.admin.user().id();
        var secondId = second.user().id();
        // the second admin demotes the first; the first, whose request was authenticated just before, then
        // acts on the second: that would leave the third alone, which is allowed
        accounts.changeProfile(second, firstId, new AccountService.ProfileChange(null, null, UserRole.INSPECTOR));
        accounts.disableUser(f.admin, secondId);
        // the third is now the only active admin: the (stale) second asks to demote, the first to disable it
        assertThat(codeOf(() -> accounts.changeProfile(second, third.user().id(),
                new AccountService.ProfileChange(null, null, UserRole.CLERK)))).isEqualTo(ErrorCode.LAST_ADMIN);
        assertThat(codeOf(() -> accounts.disableUser(f.admin, third.user().id()))).isEqualTo(ErrorCode.LAST_ADMIN);
        assertThat(accounts.listUsers(third).stream().filter(u -> u.isAdmin() && u.active()).map(u -> u.loginName()))
                .containsExactly("admin3");
    }

    @Test
    void bootstrapOnlyHappensOnAnEmptyDatabaseAndOnlyAdminsCreateAccounts() {
        assertThat(f.scheduling.accounts().bootstrapAdmin(null, "本庁")).isEmpty();
        assertThat(codeOf(() -> f.scheduling.accounts().createUser(f.inspector,
                new AccountService.NewUser("someone", "誰か", "道路課", UserRole.ADMIN, Fixtures.PASSWORD)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> f.scheduling.accounts().createUser(f.admin,
                new AccountService.NewUser("inspector1", "重複", "道路課", UserRole.INSPECTOR, Fixtures.PASSWORD)))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void departmentsSeeOnlyTheirOwnContractsAndClerksOnlyRead() {
        ContractService contracts = f.scheduling.contracts();
        contracts.register(f.inspector, f.contract("R8-001", null));
        assertThat(contracts.get(f.inspector, ContractNo.of("R8-001")).department()).isEqualTo("道路課");
        assertThat(contracts.get(f.clerk, ContractNo.of("R8-001"))).isNotNull();
        assertThat(contracts.get(f.admin, ContractNo.of("R8-001"))).isNotNull();
        assertThat(codeOf(() -> contracts.get(f.otherDepartmentInspector, ContractNo.of("R8-001")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(contracts.search(f.otherDepartmentInspector, null, 10, 0)).isEmpty();
        assertThat(contracts.search(f.admin, "舗装", 10, 0)).hasSize(1);
        assertThat(codeOf(() -> contracts.register(f.clerk, f.contract("R8-002", null)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> contracts.register(f.inspector, f.contract("R8-003", "河川課")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> contracts.search(f.inspector, null, 0, 0))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void registeringAndChangingAContractAreAuditedAsWhoDidWhatAndRefusalsOrFailuresAreNot() {
        ContractService contracts = f.scheduling.contracts();
        contracts.register(f.inspector, f.contract("R8-001", null));
        assertThat(codeOf(() -> contracts.register(f.clerk, f.contract("R8-002", null)))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> contracts.register(f.admin, f.contract("R8-001", null)))).isEqualTo(ErrorCode.CONFLICT);
        var moved = f.contract("R8-001", "河川課");
        contracts.update(f.admin, ContractNo.of("R8-001"), new ContractService.ContractDraft(moved.no(), "市道1号線舗装補修工事（その2）",
                moved.contractor(), moved.department(), moved.periodStart(), moved.periodEnd(), moved.location()));

        List<AdminAct> acts = ((InMemoryAdminAudit) f.audit).acts().stream().filter(a -> a.action().name().startsWith("CONTRACT_")).toList();
        assertThat(acts).extracting(AdminAct::action).containsExactly(AdminAction.CONTRACT_REGISTER, AdminAction.CONTRACT_UPDATE);
        assertThat(acts.get(0).by().id()).isEqualTo(f.inspector.user().id());
        assertThat(acts.get(0).contract()).isEqualTo(ContractNo.of("R8-001"));
        assertThat(acts.get(0).detail()).containsExactly(entry("department", "道路課"));
        assertThat(acts.get(1).by().id()).isEqualTo(f.admin.user().id());
        assertThat(acts.get(1).detail()).containsExactly(entry("changed", "name,department"), entry("department", "河川課"),
                entry("previousDepartment", "道路課"));
    }

    @Test
    void anAdminsActsOnAccountsAreAuditedAsWhoDidWhatToWhomWithoutThePasswordAndRefusalsAreNot() {
        AccountService accounts = f.scheduling.accounts();
        InMemoryAdminAudit audit = (InMemoryAdminAudit) f.audit;
        assertThat(audit.acts()).extracting(a -> a.action() + " " + a.detail().get("loginName")).as("the fixture's accounts")
                .containsExactly("USER_CREATE inspector1", "USER_CREATE clerk1", "USER_CREATE inspector2");
        int before = audit.acts().size();
        String password = "初期パスワード 2026-12";
        var created = accounts.createUser(f.admin, new AccountService.NewUser(" Tanaka.K ", "田中 健", "道路課", UserRole.INSPECTOR, password));
        var id = created.id();
        accounts.changeProfile(f.admin, id, new AccountService.ProfileChange(null, "河川課", UserRole.CLERK));
        accounts.changeProfile(f.admin, id, new AccountService.ProfileChange("田中 健一", null, null));
        accounts.disableUser(f.admin, id);
        accounts.enableUser(f.admin, id);
        accounts.resetPassword(f.admin, id, "reset password 2026-12");
        // refused or failed: nothing is audited
        assertThat(codeOf(() -> accounts.createUser(f.inspector, new AccountService.NewUser("someone", "誰か", "道路課", UserRole.ADMIN, password))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> accounts.createUser(f.admin, new AccountService.NewUser("tanaka.k", "重複", "道路課", UserRole.CLERK, password))))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> accounts.disableUser(f.admin, f.admin.user().id()))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> accounts.enableUser(f.admin, jp.rinjo.common.id.UserId.random()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> accounts.changeProfile(f.clerk, id, new AccountService.ProfileChange(null, null, UserRole.ADMIN))))
                .isEqualTo(ErrorCode.FORBIDDEN);

        List<AdminAct> acts = audit.acts().subList(before, audit.acts().size());
        assertThat(acts).extracting(AdminAct::action).containsExactly(AdminAction.USER_CREATE, AdminAction.USER_CHANGE,
                AdminAction.USER_CHANGE, AdminAction.USER_DISABLE, AdminAction.USER_ENABLE, AdminAction.USER_PASSWORD_RESET);
        assertThat(acts).allSatisfy(a -> {
            assertThat(a.by().id()).isEqualTo(f.admin.user().id());
            assertThat(a.detail()).contains(entry("user", id.value()), entry("loginName", "tanaka.k"));
            assertThat(a.session()).isNull();
            assertThat(a.detail().values()).as("no password nor its hash").noneMatch(v -> String.valueOf(v).contains("2026-12")
                    || String.valueOf(v).contains(created.passwordHash()) || String.valueOf(v).startsWith("$argon2"));
        });
        assertThat(acts.get(0).detail()).containsExactly(entry("user", id.value()), entry("loginName", "tanaka.k"),
                entry("displayName", "田中 健"), entry("department", "道路課"), entry("role", "INSPECTOR"));
        assertThat(acts.get(1).detail()).containsExactly(entry("user", id.value()), entry("loginName", "tanaka.k"),
                entry("changed", "department,role"), entry("department", "河川課"), entry("previousDepartment", "道路課"),
                entry("role", "CLERK"), entry("previousRole", "INSPECTOR"), entry("loginsEnded", true));
        assertThat(acts.get(2).detail()).containsExactly(entry("user", id.value()), entry("loginName", "tanaka.k"),
                entry("changed", "displayName"), entry("displayName", "田中 健一"), entry("previousDisplayName", "田中 健"),
                entry("department", "河川課"), entry("role", "CLERK"), entry("loginsEnded", false));
        assertThat(acts.subList(3, 6)).allSatisfy(a -> assertThat(a.detail()).containsOnlyKeys("user", "loginName"));
    }

    @Test
    void aSessionIsScheduledGoesLiveAndEndsWithAResultOnce() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        assertThat(v.session().status()).isEqualTo(SessionStatus.SCHEDULED);
        assertThat(v.inspectorName()).isEqualTo("監督 太郎");
        assertThat(sessions.list(f.inspector, now, now.plus(Duration.ofDays(1)), 50)).hasSize(1);
        assertThat(sessions.list(f.otherDepartmentInspector, now, now.plus(Duration.ofDays(1)), 50)).isEmpty();

        f.clock.set(v.session().window().start());
        assertThat(sessions.admitted(f.inspector, v.session().id()).status()).isEqualTo(SessionStatus.LIVE);
        assertThat(sessions.admitted(f.inspector, v.session().id()).status()).isEqualTo(SessionStatus.LIVE);
        assertThat(codeOf(() -> sessions.end(f.clerk, v.session().id(), new InspectionResult(ResultKind.PASS, null))))
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> new InspectionResult(ResultKind.INSTRUCTION, " "))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        var ended = sessions.end(f.inspector, v.session().id(), new InspectionResult(ResultKind.PASS, null));
        assertThat(ended.session().status()).isEqualTo(SessionStatus.ENDED);
        assertThat(codeOf(() -> sessions.end(f.inspector, v.session().id(), new InspectionResult(ResultKind.FAIL, null))))
                .isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void schedulingValidatesWindowAndContract() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        assertThat(codeOf(() -> sessions.schedule(f.inspector, new SessionService.SessionDraft("R8-404",
                InspectionType.WITNESS, window(1, 1), null, null)))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> sessions.schedule(f.inspector, new SessionService.SessionDraft("R8-001",
                InspectionType.WITNESS, window(-3, 1), null, null)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> new TimeWindow(now, now))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> new TimeWindow(now, now.plus(Duration.ofHours(13))))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void invitationsAdmitTheirGuestInTheirWindowUntilRevokedOrTheSessionCloses() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        InvitationService invitations = f.scheduling.invitations();
        var issued = invitations.invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "現場代理人 山田", "yamada@example.jp"));
        var observer = invitations.invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.OBSERVER, "課長", null));
        assertThat(codeOf(() -> invitations.invite(f.otherDepartmentInspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.OBSERVER, "x", null)))).isEqualTo(ErrorCode.NOT_FOUND);

        // too early: the window opens in 2 h, entry 30 min before
        assertThat(codeOf(() -> invitations.resolve(issued.token()))).isEqualTo(ErrorCode.TOKEN_NOT_YET_VALID);
        f.clock.advance(Duration.ofMinutes(95));
        Actor.Invited guest = invitations.resolve(issued.token());
        assertThat(guest.role()).isEqualTo(ParticipantRole.CONTRACTOR);
        assertThat(guest.displayName()).isEqualTo("現場代理人 山田");
        assertThat(f.scheduling.sessions().get(guest, v.session().id()).contract().name()).isEqualTo("市道1号線舗装補修工事");
        // listing re-derives the same token
        assertThat(invitations.list(f.inspector, v.session().id())).extracting(InvitationService.IssuedInvitation::token)
                .contains(issued.token());

        invitations.revoke(f.inspector, issued.invitation().id());
        assertThat(codeOf(() -> invitations.resolve(issued.token()))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> { invitations.revoke(f.inspector, issued.invitation().id()); return null; }))
                .isEqualTo(ErrorCode.CONFLICT);

        f.scheduling.sessions().end(f.inspector, v.session().id(), new InspectionResult(ResultKind.PASS, null));
        assertThat(codeOf(() -> invitations.resolve(observer.token()))).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void aRescheduleReplacesTheLinksSentForTheOldWindow() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        InvitationService invitations = f.scheduling.invitations();
        var sent = invitations.invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "現場代理人 山田", null));
        TimeWindow nextWeek = window(2 + 7 * 24, 1);
        f.scheduling.sessions().reschedule(f.inspector, v.session().id(), nextWeek, "現場");
        String renewed = invitations.get(f.inspector, sent.invitation().id()).token();
        assertThat(renewed).isNotEqualTo(sent.token());

        // at the old time the old link admits nobody, and the new one is not open yet
        f.clock.advance(Duration.ofMinutes(95));
        assertThat(codeOf(() -> invitations.resolve(sent.token()))).isEqualTo(ErrorCode.TOKEN_REVOKED);
        assertThat(codeOf(() -> invitations.resolve(renewed))).isEqualTo(ErrorCode.TOKEN_NOT_YET_VALID);

        // in the new window the new link admits the guest; the old one still does not
        f.clock.set(nextWeek.start());
        assertThat(invitations.resolve(renewed).displayName()).isEqualTo("現場代理人 山田");
        assertThat(codeOf(() -> invitations.resolve(sent.token()))).isEqualTo(ErrorCode.TOKEN_REVOKED);
    }

    @Test
    void anInvitedGuestCannotUseInspectorApis() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        var issued = f.scheduling.invitations().invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "山田", null));
        f.clock.advance(Duration.ofMinutes(95));
        Actor.Invited guest = f.scheduling.invitations().resolve(issued.token());
        assertThat(codeOf(() -> f.scheduling.contracts().search(guest, null, 10, 0))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> f.scheduling.invitations().list(guest, v.session().id()))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> f.scheduling.sessions().end(guest, v.session().id(),
                new InspectionResult(ResultKind.PASS, null)))).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void aSessionGoesLiveOnlyWhenSomeoneWhoLeadsItJoinsWithinItsWindowOrItsEarlyEntry() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        SessionService.SessionView v = schedule(f.inspector, "R8-001"); // 2 h ahead; links open 30 min before
        var contractor = f.scheduling.invitations().invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "現場代理人 山田", null));
        var deputy = f.scheduling.invitations().invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.INSPECTOR, "監督 次郎", null));

        // the inspector opens the call long before: it waits in the room, the session stays movable
        assertThat(sessions.admitted(f.inspector, v.session().id()).status()).isEqualTo(SessionStatus.SCHEDULED);
        f.clock.advance(Duration.ofMinutes(95)); // 25 min before the window: inside the early entry
        // a clerk, and a contractor waiting for the inspector, never make it live
        assertThat(sessions.admitted(f.clerk, v.session().id()).status()).isEqualTo(SessionStatus.SCHEDULED);
        Actor.Invited site = f.scheduling.invitations().resolve(contractor.token());
        assertThat(sessions.admitted(site, v.session().id()).status()).isEqualTo(SessionStatus.SCHEDULED);
        assertThat(sessions.get(f.inspector, v.session().id()).session().startedAt()).isNull();
        // an inspector invited by link leads it (it may end the session with a result)
        Actor.Invited invitedInspector = f.scheduling.invitations().resolve(deputy.token());
        var live = sessions.admitted(invitedInspector, v.session().id());
        assertThat(live.status()).isEqualTo(SessionStatus.LIVE);
        assertThat(live.startedAt()).isEqualTo(f.clock.instant());

        // an administrator leads any department's session; but not once its window is over
        SessionService.SessionView later = f.scheduling.sessions().schedule(f.inspector, new SessionService.SessionDraft(
                "R8-001", InspectionType.WITNESS, window(3, 1), null, null));
        f.clock.set(later.session().window().end());
        assertThat(sessions.admitted(f.admin, later.session().id()).status()).isEqualTo(SessionStatus.SCHEDULED);
        f.clock.set(later.session().window().end().minusSeconds(1));
        assertThat(sessions.admitted(f.admin, later.session().id()).status()).isEqualTo(SessionStatus.LIVE);
    }

    @Test
    void aLiveSessionsLinksCloseTheLongestSessionLengthAfterItsWindowEnds() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        InvitationService invitations = f.scheduling.invitations();
        var issued = invitations.invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "現場代理人 山田", null));
        f.clock.set(v.session().window().start());
        f.scheduling.sessions().admitted(f.inspector, v.session().id());

        // nobody ended it: the overrun admits guests, and takes new invitations, only so long
        Instant closes = v.session().window().end().plus(InspectionSession.MAX_OVERRUN);
        assertThat(InspectionSession.MAX_OVERRUN).isEqualTo(Duration.ofHours(12));
        f.clock.set(closes.minusSeconds(1));
        assertThat(invitations.resolve(issued.token()).displayName()).isEqualTo("現場代理人 山田");
        f.clock.set(closes);
        assertThat(codeOf(() -> invitations.resolve(issued.token()))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
        assertThat(codeOf(() -> invitations.invite(f.inspector, v.session().id(),
                new InvitationService.InvitationDraft(ParticipantRole.OBSERVER, "課長", null)))).isEqualTo(ErrorCode.WINDOW_ENDED);
        f.clock.advance(Duration.ofDays(90));
        assertThat(codeOf(() -> invitations.resolve(issued.token()))).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void aLiveSessionNobodyEndedLapsesOnceItsLinksHaveExpiredAndOnlyThen() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        SessionService.SessionView abandoned = schedule(f.inspector, "R8-001");
        SessionService.SessionView endedByHand = schedule(f.inspector, "R8-001");
        SessionService.SessionView neverLive = schedule(f.inspector, "R8-001");
        f.clock.set(abandoned.session().window().start());
        sessions.admitted(f.inspector, abandoned.session().id());
        sessions.admitted(f.inspector, endedByHand.session().id());
        sessions.end(f.inspector, endedByHand.session().id(), new InspectionResult(ResultKind.PASS, null));
        assertThat(codeOf(() -> sessions.end(f.inspector, abandoned.session().id(), new InspectionResult(ResultKind.LAPSED, null))))
                .as("nobody ends a session as lapsed by hand").isEqualTo(ErrorCode.VALIDATION_FAILED);

        Instant linksExpire = abandoned.session().window().end().plus(InspectionSession.MAX_OVERRUN);
        f.clock.set(linksExpire.minusSeconds(1));
        assertThat(sessions.lapseAbandoned(10)).as("an overrun still admits the guests: nothing lapses").isEmpty();
        assertThat(sessions.get(f.inspector, abandoned.session().id()).session().status()).isEqualTo(SessionStatus.LIVE);

        f.clock.set(linksExpire.plusSeconds(1));
        List<SessionService.SessionView> lapsed = sessions.lapseAbandoned(10);
        assertThat(lapsed).extracting(x -> x.session().id()).containsExactly(abandoned.session().id());
        InspectionSession closed = sessions.get(f.inspector, abandoned.session().id()).session();
        assertThat(closed.status()).isEqualTo(SessionStatus.ENDED);
        assertThat(closed.result().kind()).isEqualTo(ResultKind.LAPSED);
        assertThat(closed.result().note()).as("the result's name says it, in the page's language").isNull();
        assertThat(closed.startedAt()).isEqualTo(abandoned.session().window().start());
        assertThat(closed.endedAt()).isEqualTo(f.clock.instant());
        assertThat(sessions.get(f.inspector, endedByHand.session().id()).session().result().kind()).isEqualTo(ResultKind.PASS);
        assertThat(sessions.get(f.inspector, neverLive.session().id()).session().status())
                .as("a session that never went live can still be moved to another day").isEqualTo(SessionStatus.SCHEDULED);
        assertThat(sessions.lapseAbandoned(10)).as("lapsed once").isEmpty();
    }

    @Test
    void aScheduledSessionAContractorJoinedButNoInspectorLapsesOnceItsLinksHaveExpired() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        SessionService.SessionView waited = schedule(f.inspector, "R8-001");
        SessionService.SessionView untouched = schedule(f.inspector, "R8-001");
        f.clock.set(waited.session().window().start());
        // the contractor waits in the call and streams; nobody who leads the session comes
        sessions.recordAttendance(waited.session().id(), jp.rinjo.common.id.ParticipantId.random(), "現場代理人 山田",
                jp.rinjo.scheduling.invitation.ParticipantRole.CONTRACTOR);
        assertThat(sessions.get(f.inspector, waited.session().id()).session().status()).isEqualTo(SessionStatus.SCHEDULED);

        f.clock.set(waited.session().window().end().plus(InspectionSession.MAX_OVERRUN).minusSeconds(1));
        assertThat(sessions.lapseAbandoned(10)).as("still time to move it to another day").isEmpty();
        f.clock.set(waited.session().window().end().plus(InspectionSession.MAX_OVERRUN).plusSeconds(1));
        assertThat(sessions.lapseAbandoned(10)).extracting(x -> x.session().id()).containsExactly(waited.session().id());
        InspectionSession closed = sessions.get(f.inspector, waited.session().id()).session();
        assertThat(closed.status()).isEqualTo(SessionStatus.ENDED);
        assertThat(closed.result().kind()).isEqualTo(ResultKind.LAPSED);
        assertThat(closed.startedAt()).as("it never went live").isNull();
        assertThat(sessions.get(f.inspector, untouched.session().id()).session().status())
                .as("nobody joined: nothing to seal, it can still be moved").isEqualTo(SessionStatus.SCHEDULED);
    }

    @Test
    void aSessionEndedOrCancelledBeforeItWentLiveHasNoStart() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        var ended = sessions.end(f.inspector, schedule(f.inspector, "R8-001").session().id(),
                new InspectionResult(ResultKind.PASS, "現地で確認済み"));
        assertThat(ended.session().startedAt()).isNull();
        assertThat(ended.session().wentLive()).isFalse();
        assertThat(sessions.get(f.inspector, ended.session().id()).session().startedAt()).isNull();
        var cancelled = sessions.cancel(f.inspector, schedule(f.inspector, "R8-001").session().id());
        assertThat(cancelled.session().wentLive()).isFalse();
    }

    @Test
    void theResponsibleInspectorMustBeAnActiveInspectorOfTheContractsDepartmentOrAnAdmin() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService sessions = f.scheduling.sessions();
        java.util.function.Function<Actor.LoggedIn, SessionService.SessionDraft> naming = who -> new SessionService.SessionDraft(
                "R8-001", InspectionType.WITNESS, window(2, 1), null, who.user().id());
        assertThat(messageOf(() -> sessions.schedule(f.inspector, naming.apply(f.otherDepartmentInspector))))
                .isEqualTo("the responsible inspector inspector2 is of 河川課, not of the contract's department 道路課");
        assertThat(messageOf(() -> sessions.schedule(f.inspector, naming.apply(f.clerk))))
                .contains("clerk1 is a records clerk");
        Actor.LoggedIn leaver = f.user("inspector3", "退職 三郎", "道路課", UserRole.INSPECTOR);
        var users = new jp.rinjo.scheduling.jdbc.JdbcUserRepository(f.scheduling.database());
        users.disable(leaver.user().id(), f.clock.instant());
        assertThat(messageOf(() -> sessions.schedule(f.inspector, naming.apply(leaver)))).contains("inspector3 has a disabled account");
        // an administrator (of 本庁) may lead any department's session
        assertThat(sessions.schedule(f.inspector, naming.apply(f.admin)).session().inspectorId()).isEqualTo(f.admin.user().id());
        assertThat(sessions.schedule(f.inspector, naming.apply(f.inspector)).inspectorName()).isEqualTo("監督 太郎");
    }

    @Test
    void aSessionIsNeitherRescheduledIntoThePastNorInvitedToOnceItsWindowHasEnded() {
        f.scheduling.contracts().register(f.inspector, f.contract("R8-001", null));
        SessionService.SessionView v = schedule(f.inspector, "R8-001");
        assertThat(messageOf(() -> f.scheduling.sessions().reschedule(f.inspector, v.session().id(), window(-72, 1), null)))
                .isEqualTo("the window has already ended");
        assertThat(f.scheduling.sessions().get(f.inspector, v.session().id()).session().window()).isEqualTo(v.session().window());

        f.clock.set(v.session().window().end());
        RinjoException refused = org.junit.jupiter.api.Assertions.assertThrows(RinjoException.class, () -> f.scheduling.invitations()
                .invite(f.inspector, v.session().id(), new InvitationService.InvitationDraft(ParticipantRole.CONTRACTOR, "山田", null)));
        assertThat(refused.code()).isEqualTo(ErrorCode.WINDOW_ENDED);
        assertThat(refused.code().httpStatus()).isEqualTo(409);
        assertThat(refused.getMessage()).contains("window ended at").contains("reschedule it");
        assertThat(f.scheduling.invitations().list(f.inspector, v.session().id())).isEmpty();
    }

    static String messageOf(Supplier<?> s) {
        try {
            s.get();
        } catch (RinjoException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }
}
