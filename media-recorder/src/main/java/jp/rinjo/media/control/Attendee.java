package jp.rinjo.media.control;

/** Someone who took part in a session, as signaling knows them (for the recording's manifest). */
public record Attendee(String participantId, String displayName, String role) {
}
