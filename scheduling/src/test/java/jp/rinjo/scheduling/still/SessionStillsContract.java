package jp.rinjo.scheduling.still;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/**
 * What every {@link SessionStills} does, run on the in-memory store and (in RepositoryContract) on each
 * database: kept per session, read back exactly as given in the order taken, whatever order they were
 * kept in, and counted; the same still twice is a conflict (and not counted).
 */
public final class SessionStillsContract {
    private SessionStillsContract() {
    }

    public static void keepsEachSessionsStillsAndListsThemInTheOrderTaken(SessionStills store, SessionId one, SessionId other) {
        Instant t0 = Instant.parse("2026-11-27T01:13:19.123456Z");
        ParticipantId contractor = ParticipantId.random();
        SessionStill asked = new SessionStill(StillId.random(), one, "a".repeat(64), 2_345_678, t0, "2026-11-27T10:13:18.900+09:00",
                contractor, "現場代理人 𠮷田", ParticipantRole.CONTRACTOR, 4032, 3024, "srq_0123456789abcdefghij");
        SessionStill unasked = new SessionStill(StillId.random(), one, "b".repeat(64), 1, t0.plusSeconds(40), null, contractor,
                "𠮷".repeat(100), ParticipantRole.CONTRACTOR, null, null, null);
        SessionStill sameInstant = new SessionStill(StillId.random(), one, "c".repeat(64), 10 * 1024 * 1024, t0.plusSeconds(40),
                "2026-11-26T16:13:59Z", contractor, "現場代理人 𠮷田", ParticipantRole.CONTRACTOR, 1920, 1080, null);
        SessionStill elsewhere = new SessionStill(StillId.random(), other, "d".repeat(64), 99, t0.plusSeconds(1), null,
                ParticipantId.random(), "別の現場", ParticipantRole.CONTRACTOR, 640, 480, null);

        // uploads finish in any order: a later photo may be kept first
        store.keep(unasked);
        store.keep(elsewhere);
        store.keep(asked);
        store.keep(sameInstant);
        assertThatThrownBy(() -> store.keep(asked)).isInstanceOf(RinjoException.class)
                .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.CONFLICT));

        assertThat(store.forSession(one)).containsExactly(asked, unasked, sameInstant);
        assertThat(store.forSession(one).get(0).takenAt()).isEqualTo(t0);
        assertThat(store.forSession(one).get(0).phoneCapturedAt()).as("the phone's offset is kept").isEqualTo("2026-11-27T10:13:18.900+09:00");
        assertThat(store.forSession(other)).isEqualTo(List.of(elsewhere));
        assertThat(store.forSession(SessionId.random())).isEmpty();
        assertThat(store.count(one)).isEqualTo(3);
        assertThat(store.count(other)).isEqualTo(1);
        assertThat(store.count(SessionId.random())).isZero();
    }
}
