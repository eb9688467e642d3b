package jp.rinjo.scheduling.session;

public enum ResultKind {
    PASS("合格"), FAIL("不合格"), INSTRUCTION("指示事項");

    private final String label;

    ResultKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
