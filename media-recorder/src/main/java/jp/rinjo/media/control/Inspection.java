package jp.rinjo.media.control;

/**
 * Which inspection a session is, and how it ended, as signaling's scheduling database knows it (for
 * the recording's manifest). Times are ISO-8601 with offset; any field but {@code contractNo} may be
 * null. {@code status} is ENDED or CANCELLED, {@code result} the result's code (PASS, FAIL,
 * INSTRUCTION, LAPSED) and {@code resultLabel} its Japanese name.
 */
public record Inspection(String contractNo, String contractName, String contractor, String department, String type,
                         String typeLabel, String scheduledStart, String scheduledEnd, String place, String inspectorName,
                         String status, String result, String resultLabel, String resultNote, String endedAt) {
}
