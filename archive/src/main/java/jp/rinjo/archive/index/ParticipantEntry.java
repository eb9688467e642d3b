package jp.rinjo.archive.index;

/** A participant as the manifest names them (display name and role may be unknown: null). */
public record ParticipantEntry(String id, String displayName, String role) {
}
