package jp.rinjo.scheduling.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.audit.InMemoryAdminAudit;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.auth.SigningKey;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.service.AccountService;
import jp.rinjo.scheduling.service.AuthService;
import jp.rinjo.scheduling.service.ContractService;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/** A scheduling stack on a real database with a settable clock, plus ready-made accounts. */
public final class Fixtures {
    public static final String PASSWORD = "correct horse battery";

    /** A clock tests move by hand instead of sleeping. */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        public MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        public void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        public void set(Instant t) {
            now.set(t);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    public final AdminAudit audit;
    public final Scheduling scheduling;
    public final Actor.LoggedIn admin;
    public final Actor.LoggedIn inspector;
    public final Actor.LoggedIn clerk;
    public final Actor.LoggedIn otherDepartmentInspector;

    /** With the audited acts kept in memory ({@link #audit}). */
    public Fixtures(Database db) {
        this(db, clock -> new InMemoryAdminAudit());
    }

    /** @param audit the audit log of administrative acts, made with this fixture's clock (the archive's, in its tests) */
    public Fixtures(Database db, Function<Clock, AdminAudit> audit) {
        this.audit = audit.apply(clock);
        // Cheap Argon2 parameters: the real ones are exercised in PasswordHasherTest.
        scheduling = Scheduling.create(db, new Scheduling.Options(SigningKey.random(), Duration.ofHours(12),
                Duration.ofMinutes(30), new PasswordHasher(256, 1, 1)), this.audit, clock);
        scheduling.accounts().bootstrapAdmin(PASSWORD, "本庁");
        admin = login("admin");
        inspector = user("inspector1", "監督 太郎", "道路課", UserRole.INSPECTOR);
        clerk = user("clerk1", "記録 花子", "道路課", UserRole.CLERK);
        otherDepartmentInspector = user("inspector2", "河川 次郎", "河川課", UserRole.INSPECTOR);
    }

    public Actor.LoggedIn user(String login, String name, String department, UserRole role) {
        scheduling.accounts().createUser(admin, new AccountService.NewUser(login, name, department, role, PASSWORD));
        return login(login);
    }

    public Actor.LoggedIn login(String login) {
        return scheduling.auth().authenticate(scheduling.auth().login(login, PASSWORD).token());
    }

    public User user(Actor.LoggedIn a) {
        return a.user();
    }

    public ContractService.ContractDraft contract(String no, String department) {
        return new ContractService.ContractDraft(no, "市道1号線舗装補修工事", "株式会社 臨場建設", department,
                LocalDate.parse("2026-04-01"), LocalDate.parse("2027-03-31"), "臨場市本町1丁目");
    }
}
