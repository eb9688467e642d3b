package jp.rinjo.scheduling.lateresult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.TimeWindow;

class LateResultTest {
    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    final UserId inspector = UserId.random();
    final InspectionSession scheduled = InspectionSession.schedule(ContractNo.of("R8-001"), InspectionType.STAGE_CHECK,
            new TimeWindow(T0, T0.plus(Duration.ofHours(1))), "本町1丁目", inspector, T0.minus(Duration.ofDays(1)));
    final InspectionSession lapsed = scheduled.goLive(T0).lapse(T0.plus(Duration.ofHours(13)));

    @Test
    void aLapsedSessionGetsItsResultAfterwardsAndTheSessionItselfStaysLapsed() {
        Instant now = Instant.parse("2026-11-27T01:00:00.123456789Z");
        LateResult late = LateResult.of(lapsed, ResultKind.FAIL, "  端末が故障し終了操作ができなかったため、翌日に記録。\n配筋不足あり。 ",
                inspector, "監督 太郎", now);

        assertThat(late.sessionId()).isEqualTo(lapsed.id());
        assertThat(late.kind()).isEqualTo(ResultKind.FAIL);
        assertThat(late.note()).as("kept as written, without the blanks around it").isEqualTo("端末が故障し終了操作ができなかったため、翌日に記録。\n配筋不足あり。");
        assertThat(late.recordedBy()).isEqualTo(inspector);
        assertThat(late.recordedByName()).isEqualTo("監督 太郎");
        assertThat(late.recordedAt()).as("to the microsecond, as stored").isEqualTo(Instant.parse("2026-11-27T01:00:00.123456Z"));
        assertThat(lapsed.result().kind()).as("the session (and its sealed manifest) keep LAPSED").isEqualTo(ResultKind.LAPSED);
        assertThat(LateResult.lapsed(lapsed)).isTrue();
    }

    @Test
    void onlyASessionThatLapsedCanHaveItsResultRecordedAfterwards() {
        InspectionSession live = scheduled.goLive(T0);
        InspectionSession passed = live.end(new InspectionResult(ResultKind.PASS, null), T0.plus(Duration.ofMinutes(50)));
        InspectionSession cancelled = scheduled.cancel(T0);
        for (InspectionSession s : new InspectionSession[] {scheduled, live, passed, cancelled}) {
            assertThat(LateResult.lapsed(s)).isFalse();
            assertCode(() -> LateResult.of(s, ResultKind.PASS, "後日記録", inspector, "監督 太郎", T0), ErrorCode.CONFLICT);
        }
        assertThatThrownBy(() -> LateResult.of(passed, ResultKind.FAIL, "後日記録", inspector, "監督 太郎", T0))
                .hasMessageContaining("PASS").hasMessageContaining("LAPSED");
    }

    @Test
    void theResultIsOneAnInspectorGivesAndTheNoteSaysWhyWithinTheEndNotesLimit() {
        assertCode(() -> LateResult.of(lapsed, ResultKind.LAPSED, "後日記録", inspector, "監督 太郎", T0), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> LateResult.of(lapsed, null, "後日記録", inspector, "監督 太郎", T0), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> LateResult.of(lapsed, ResultKind.PASS, null, inspector, "監督 太郎", T0), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> LateResult.of(lapsed, ResultKind.PASS, " \n ", inspector, "監督 太郎", T0), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> LateResult.of(lapsed, ResultKind.PASS, "a\u0007b", inspector, "監督 太郎", T0), ErrorCode.VALIDATION_FAILED);
        // counted in characters, as the end-of-session note: 𠮷 is one, though two UTF-16 units
        assertThat(LateResult.of(lapsed, ResultKind.INSTRUCTION, "𠮷".repeat(LateResult.NOTE_LIMIT), inspector, "監督 太郎", T0).note())
                .hasSize(2 * LateResult.NOTE_LIMIT);
        assertCode(() -> LateResult.of(lapsed, ResultKind.INSTRUCTION, "x".repeat(LateResult.NOTE_LIMIT + 1), inspector, "監督 太郎", T0),
                ErrorCode.VALIDATION_FAILED);
    }

    static void assertCode(Executable call, ErrorCode code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(RinjoException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
