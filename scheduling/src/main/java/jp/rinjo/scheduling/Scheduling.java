package jp.rinjo.scheduling;

import java.time.Clock;
import java.time.Duration;

import jp.rinjo.scheduling.annotation.SessionAnnotations;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.auth.InvitationTokens;
import jp.rinjo.scheduling.auth.LoginTokens;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.auth.SigningKey;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.jdbc.JdbcInvitationRepository;
import jp.rinjo.scheduling.jdbc.JdbcLateResults;
import jp.rinjo.scheduling.jdbc.JdbcSessionAnnotations;
import jp.rinjo.scheduling.jdbc.JdbcSessionRepository;
import jp.rinjo.scheduling.jdbc.JdbcSessionStills;
import jp.rinjo.scheduling.jdbc.JdbcUserRepository;
import jp.rinjo.scheduling.service.AccountService;
import jp.rinjo.scheduling.service.AuthService;
import jp.rinjo.scheduling.service.ContractImportService;
import jp.rinjo.scheduling.service.ContractService;
import jp.rinjo.scheduling.service.InvitationService;
import jp.rinjo.scheduling.service.LateResultService;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.still.SessionStills;

/**
 * The scheduling services wired onto one database: what the edge (signaling) and archive use.
 *
 * @param auth        logins and login tokens
 * @param accounts    the accounts an admin administers
 * @param annotations what was pointed at in each session's call, kept for its recording's manifest
 * @param stills      the remote stills each session received, described, for the pages that list them
 * @param contractImport contracts registered from a CSV file, by the rules of {@code contracts}
 * @param lateResults the results recorded afterwards for sessions that lapsed (事後記録)
 */
public record Scheduling(Database database, AuthService auth, AccountService accounts, ContractService contracts, SessionService sessions,
                         InvitationService invitations, SessionAnnotations annotations,
                         SessionStills stills, ContractImportService contractImport,
                         LateResultService lateResults) implements AutoCloseable {

    public record Options(SigningKey key, Duration loginLifetime, Duration invitationEarlyEntry, PasswordHasher hasher) {
    }

    /**
     * @param audit where registering contracts, recording late results and administering accounts are audited: the archive's audit
     *              log on the same database, so that each act and its row commit together
     */
    public static Scheduling create(Database db, Options o, AdminAudit audit, Clock clock) {
        JdbcUserRepository users = new JdbcUserRepository(db);
        JdbcContractRepository contracts = new JdbcContractRepository(db);
        contracts.fillNormalForms();
        SessionService sessions = new SessionService(new JdbcSessionRepository(db), contracts, users,
                new jp.rinjo.scheduling.jdbc.JdbcAttendanceRepository(db), o.invitationEarlyEntry(), clock);
        return new Scheduling(db,
                new AuthService(users, o.hasher(), new LoginTokens(o.key(), o.loginLifetime()), clock),
                new AccountService(users, o.hasher(), audit, clock),
                new ContractService(contracts, audit, clock),
                sessions,
                new InvitationService(new JdbcInvitationRepository(db), sessions,
                        new InvitationTokens(o.key(), o.invitationEarlyEntry()), clock),
                new JdbcSessionAnnotations(db),
                new JdbcSessionStills(db),
                new ContractImportService(contracts, audit, clock),
                new LateResultService(sessions, new JdbcLateResults(db), audit, clock));
    }

    @Override
    public void close() {
        database.close();
    }
}
