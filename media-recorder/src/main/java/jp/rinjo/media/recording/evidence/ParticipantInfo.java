package jp.rinjo.media.recording.evidence;

import java.util.Objects;

/**
 * A participant as the manifest names them; given by the caller of the seal (the media node knows
 * ids only).
 *
 * @param id          {@code par_…}
 * @param displayName the name shown in the session, e.g. {@code 監督員 山田}
 * @param role        e.g. {@code inspector}, {@code contractor}, {@code observer}
 */
public record ParticipantInfo(String id, String displayName, String role) {
    public ParticipantInfo {
        Objects.requireNonNull(id, "id");
    }
}
