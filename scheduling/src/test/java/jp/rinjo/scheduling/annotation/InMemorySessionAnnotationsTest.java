package jp.rinjo.scheduling.annotation;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.SessionId;

class InMemorySessionAnnotationsTest {
    @Test
    void keepsEachSessionsMarksInOrderUpToTheBoundAndCountsTheRest() {
        SessionAnnotationsContract.keepsEachSessionsMarksInOrderUpToTheBoundAndCountsTheRest(
                new InMemorySessionAnnotations(SessionAnnotationsContract.BOUND), SessionId.random(), SessionId.random());
    }
}
