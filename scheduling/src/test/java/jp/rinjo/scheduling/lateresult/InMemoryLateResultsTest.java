package jp.rinjo.scheduling.lateresult;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;

class InMemoryLateResultsTest {
    @Test
    void keepsOneLateResultPerSessionAndRefusesASecond() {
        LateResultsContract.keepsOneLateResultPerSessionAndRefusesASecond(new InMemoryLateResults(), SessionId.random(), SessionId.random(),
                UserId.random());
    }
}
