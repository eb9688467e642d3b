package jp.rinjo.scheduling.session;

/**
 * What the inspector records when ending a session, or {@link #LAPSED}: nobody ended it, and the
 * system closed it once its invitation links had expired (the inspector never gives that one).
 */
public enum ResultKind {
    PASS("合格"), FAIL("不合格"), INSTRUCTION("指示事項"), LAPSED("結果未記録（自動終了）");

    private final String label;

    ResultKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether an inspector may end a session with this result. */
    public boolean givenByInspector() {
        return this != LAPSED;
    }
}
