package jp.rinjo.scheduling.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/**
 * What every {@link SessionAnnotations} does, run on the in-memory store and (in RepositoryContract) on
 * each database: kept per session, read in the order made, exactly as given (with the contractor's video
 * each was drawn on, or none for a mark kept before marks named it), up to the bound of three, and beyond
 * it counted.
 */
public final class SessionAnnotationsContract {
    public static final int BOUND = 3;

    private SessionAnnotationsContract() {
    }

    public static void keepsEachSessionsMarksInOrderUpToTheBoundAndCountsTheRest(SessionAnnotations store, SessionId one, SessionId other) {
        Instant t0 = Instant.parse("2026-11-27T01:00:00.123456Z");
        ParticipantId inspector = ParticipantId.random();
        ParticipantId second = ParticipantId.random();
        ParticipantId siteA = ParticipantId.random();
        ParticipantId siteB = ParticipantId.random();
        List<FramePoint> line = java.util.stream.IntStream.range(0, SessionAnnotation.MAX_POINTS)
                .mapToObj(i -> new FramePoint(i * 20, FramePoint.SCALE - i * 20)).toList();
        SessionAnnotation pointer = new SessionAnnotation(one, t0, inspector, ParticipantRole.INSPECTOR, "pointer",
                List.of(FramePoint.of(0.3, 0.6)), "#ff3b30", null, siteA);
        SessionAnnotation drawn = new SessionAnnotation(one, t0.plusSeconds(5), second, ParticipantRole.OBSERVER, "line", line, null,
                "𠮷".repeat(200), siteB);
        SessionAnnotation clear = new SessionAnnotation(one, t0.plusSeconds(9), inspector, ParticipantRole.INSPECTOR, "clear", List.of(),
                null, null, siteA);
        SessionAnnotation elsewhere = new SessionAnnotation(other, t0.plusSeconds(1), inspector, ParticipantRole.INSPECTOR, "pointer",
                List.of(new FramePoint(0, FramePoint.SCALE)), "#fff", null, null);

        SessionAnnotation later = new SessionAnnotation(other, t0.plusSeconds(20), second, ParticipantRole.OBSERVER, "clear", List.of(),
                null, null, siteB);

        assertThat(store.keep(pointer)).isTrue();
        // two workers keeping at once may keep a later one first: the order made is the order read
        assertThat(store.keep(later)).isTrue();
        assertThat(store.keep(elsewhere)).isTrue();
        assertThat(store.keep(drawn)).isTrue();
        assertThat(store.keep(clear)).isTrue();
        // the session has kept its bound: the next ones are counted, not kept
        assertThat(store.keep(pointer)).isFalse();
        assertThat(store.keep(drawn)).isFalse();

        SessionAnnotations.Kept kept = store.forSession(one);
        assertThat(kept.annotations()).containsExactly(pointer, drawn, clear);
        assertThat(kept.annotations().get(0).points()).containsExactly(new FramePoint(3000, 6000));
        assertThat(kept.annotations()).extracting(SessionAnnotation::target).containsExactly(siteA, siteB, siteA);
        assertThat(kept.notKept()).isEqualTo(2);
        assertThat(store.forSession(other)).isEqualTo(new SessionAnnotations.Kept(List.of(elsewhere, later), 0));
        assertThat(store.forSession(SessionId.random())).isEqualTo(new SessionAnnotations.Kept(List.of(), 0));
    }
}
