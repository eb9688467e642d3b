package jp.rinjo.archive.index;

import java.time.Instant;

import jp.rinjo.scheduling.session.InspectionType;

/**
 * What was inspected, by whom, in which scheduled window; {@code inspectorId} is empty (and the type
 * OTHER) when the session is not in this database.
 */
public record InspectionInfo(InspectionType type, String inspectorId, String inspectorName, String place, String resultKind,
                             Instant windowStart, Instant windowEnd) {
    public InspectionInfo {
        jp.rinjo.common.error.Require.present(type, "inspection type");
        inspectorId = inspectorId == null ? "" : inspectorId;
        inspectorName = inspectorName == null ? "" : inspectorName;
    }
}
