package jp.rinjo.scheduling.still;

import org.junit.jupiter.api.Test;

import jp.rinjo.common.id.SessionId;

class InMemorySessionStillsTest {
    @Test
    void keepsEachSessionsStillsAndListsThemInTheOrderTaken() {
        SessionStillsContract.keepsEachSessionsStillsAndListsThemInTheOrderTaken(new InMemorySessionStills(), SessionId.random(),
                SessionId.random());
    }
}
