package jp.rinjo.scheduling.lateresult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.session.ResultKind;

/**
 * What every {@link LateResults} does, run on the in-memory store and (in RepositoryContract) on each
 * database: one per session, read back exactly as given, alone or for a list; a second one is a
 * conflict and leaves the first as it was.
 */
public final class LateResultsContract {
    private LateResultsContract() {
    }

    public static void keepsOneLateResultPerSessionAndRefusesASecond(LateResults store, SessionId one, SessionId other, UserId recorder) {
        Instant at = Instant.parse("2026-11-27T01:00:00.123456Z");
        LateResult first = new LateResult(one, ResultKind.INSTRUCTION, "端末故障のため事後記録。A1橋台の鉄筋かぶりを是正すること。" + "𠮷".repeat(3900),
                recorder, "監督 𠮷田", at);
        store.record(first);
        assertThat(store.forSession(one)).contains(first);
        assertThat(store.forSession(other)).isEmpty();

        LateResult second = new LateResult(one, ResultKind.PASS, "やはり合格", recorder, "監督 𠮷田", at.plusSeconds(60));
        assertThatThrownBy(() -> store.record(second)).isInstanceOfSatisfying(RinjoException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("already");
        });
        assertThat(store.forSession(one)).as("the first stays as it was").contains(first);

        LateResult elsewhere = new LateResult(other, ResultKind.FAIL, "翌日記録", recorder, "管理者", at.plusSeconds(1));
        store.record(elsewhere);
        assertThat(store.forSessions(List.of(one, other, SessionId.random())))
                .containsOnlyKeys(one, other).containsEntry(one, first).containsEntry(other, elsewhere);
        assertThat(store.forSessions(List.of())).isEmpty();
    }
}
