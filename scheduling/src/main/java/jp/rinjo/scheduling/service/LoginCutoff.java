package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When the logins of an account end: shared by logging out and by what an admin does to the account. */
final class LoginCutoff {
    private LoginCutoff() {
    }

    /**
     * The time from which logins are valid again after ending them now. Tokens carry their issue time
     * to the millisecond while the clock (and the database column) go to the microsecond: ending
     * logins at the start of the next millisecond ends every login issued up to now, and a login
     * issued at that instant (the one a password change hands back) is valid.
     */
    static Instant endOfLoginsUpToNow(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
    }
}
