package jp.rinjo.scheduling.session;

import jp.rinjo.common.error.Require;

/** The outcome the inspector records when ending a session; 指示事項 needs its text. */
public record InspectionResult(ResultKind kind, String note) {
    public InspectionResult {
        Require.present(kind, "result kind");
        note = Require.optionalText(note, "result note", 4000);
        Require.that(kind != ResultKind.INSTRUCTION || note != null, "指示事項 requires the instruction text (note)");
    }
}
