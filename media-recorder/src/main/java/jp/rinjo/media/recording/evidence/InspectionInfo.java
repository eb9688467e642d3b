package jp.rinjo.media.recording.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which inspection a recording is, as the scheduling database knows it; given by the caller of the
 * seal (the media node knows session ids only) and signed in the manifest, so that the evidence
 * itself says which contract and inspection it belongs to, not only the folder it was found in.
 * Every field but the contract number may be null when not known.
 *
 * @param contractNo     契約番号
 * @param contractName   工事名
 * @param contractor     受注者
 * @param department     担当課
 * @param type           検査種別 as a code, e.g. {@code STAGE_CHECK}
 * @param typeLabel      検査種別 as people read it, e.g. {@code 段階確認}
 * @param scheduledStart the scheduled window's start, ISO-8601 with offset, e.g. {@code 2026-11-27T14:00:00+09:00}
 * @param scheduledEnd   the scheduled window's end, the same form
 * @param place          where the inspection takes place (検査場所)
 * @param inspectorName  the responsible inspector (担当監督員)
 * @param status         how the session closed: {@code ENDED} or {@code CANCELLED}
 * @param result         the inspection's result as a code: {@code PASS}, {@code FAIL}, {@code INSTRUCTION}, or {@code LAPSED}
 *                       (nobody ended the session; the system closed it when its links expired); null when cancelled
 * @param resultLabel    the result as people read it: 合格, 不合格, 指示事項, 結果未記録（自動終了）
 * @param resultNote     the inspector's note with the result (指示事項 has its text here)
 * @param endedAt        when the session was ended or cancelled, the same form as the scheduled times
 */
public record InspectionInfo(String contractNo, String contractName, String contractor, String department, String type,
                             String typeLabel, String scheduledStart, String scheduledEnd, String place, String inspectorName,
                             String status, String result, String resultLabel, String resultNote, String endedAt) {
    public InspectionInfo {
        Objects.requireNonNull(contractNo, "contractNo");
    }

    /** The manifest's {@code inspection} object (EVIDENCE.md). */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contractNo", contractNo);
        m.put("contractName", contractName);
        m.put("contractor", contractor);
        m.put("department", department);
        m.put("type", type);
        m.put("typeLabel", typeLabel);
        m.put("scheduledStart", scheduledStart);
        m.put("scheduledEnd", scheduledEnd);
        m.put("place", place);
        m.put("inspectorName", inspectorName);
        m.put("status", status);
        m.put("result", result);
        m.put("resultLabel", resultLabel);
        m.put("resultNote", resultNote);
        m.put("endedAt", endedAt);
        return m;
    }
}
