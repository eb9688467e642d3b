package jp.rinjo.media.recording;

import java.util.Objects;
import java.util.Optional;

import jp.rinjo.common.id.StillId;

/**
 * A remote still as it reaches the recorder: the JPEG as the phone sent it and what signaling knows of it.
 *
 * @param receivedWallMicros when signaling received it (the time the evidence states; µs since the epoch)
 * @param phoneCapturedAt    when the phone says it took it (ISO-8601), as reported
 * @param participant        who sent it ({@code par_…}) and their {@code role}
 * @param request            the inspector's request it answers, if any
 */
public record StillUpload(StillId id, byte[] jpeg, long receivedWallMicros, Optional<String> phoneCapturedAt, String participant,
                          String role, Optional<String> request) {
    public StillUpload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(phoneCapturedAt, "phoneCapturedAt");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(request, "request");
    }
}
