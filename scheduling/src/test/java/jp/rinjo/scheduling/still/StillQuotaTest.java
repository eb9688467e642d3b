package jp.rinjo.scheduling.still;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/** The cap counts the listed stills and those being stored; each session has its own; a place given back frees it. */
class StillQuotaTest {
    private final InMemorySessionStills stills = new InMemorySessionStills();
    private final StillQuota quota = new StillQuota(stills, 3);
    private final SessionId session = SessionId.random();

    @Test
    void listedStillsAndStillsUnderWayCountTowardsTheCap() {
        keep(session);
        try (StillQuota.Place a = quota.reserve(session); StillQuota.Place b = quota.reserve(session)) {
            // two uploads under way and one listed: no place left, for an upload or for asking the phone
            assertLimit(() -> quota.reserve(session));
            assertLimit(() -> quota.requireRoom(session));
            quota.requireRoom(SessionId.random()); // another session is not affected
        }
        quota.requireRoom(session); // both failed: their places are free again
        keep(session);
        keep(session);
        assertLimit(() -> quota.requireRoom(session));
        assertLimit(() -> quota.reserve(session));
        assertThatThrownBy(() -> new StillQuota(stills, 0)).isInstanceOf(RinjoException.class);
    }

    @Test
    void aPlaceClosedTwiceIsGivenBackOnce() {
        StillQuota.Place a = quota.reserve(session);
        StillQuota.Place b = quota.reserve(session);
        a.close();
        a.close();
        StillQuota.Place c = quota.reserve(session);
        StillQuota.Place d = quota.reserve(session);
        assertLimit(() -> quota.reserve(session)); // b, c, d hold the three places
        b.close();
        c.close();
        d.close();
    }

    private void keep(SessionId s) {
        stills.keep(new SessionStill(StillId.random(), s, "a".repeat(64), 1, Instant.now(), null, ParticipantId.random(), "現場代理人",
                ParticipantRole.CONTRACTOR, 640, 480, null));
    }

    private static void assertLimit(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(RinjoException.class)
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.STILL_LIMIT_REACHED));
    }
}
