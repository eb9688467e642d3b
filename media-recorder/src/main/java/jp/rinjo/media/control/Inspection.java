package jp.rinjo.media.control;

/**
 * Which inspection a session is, as signaling's scheduling database knows it (for the recording's
 * manifest). Times are ISO-8601 with offset; any field but {@code contractNo} may be null.
 */
public record Inspection(String contractNo, String contractName, String contractor, String department, String type,
                         String typeLabel, String scheduledStart, String scheduledEnd, String place, String inspectorName) {
}
