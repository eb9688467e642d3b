package jp.rinjo.scheduling.session;

/** The kinds of remote attendance in MLIT's 遠隔臨場 guidelines, plus a catch-all. */
public enum InspectionType {
    STAGE_CHECK("段階確認"),
    MATERIAL_CHECK("材料確認"),
    WITNESS("立会"),
    COMPLETION("完成検査"),
    OTHER("その他");

    private final String label;

    InspectionType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
