package jp.rinjo.scheduling.still;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/**
 * A remote still (静止画) the session received, as signaling accepted it and its media node recorded it:
 * what a page lists of the session's stills without asking the node, which may have changed since.
 *
 * @param takenAt         when signaling received it (the server's clock), to the microsecond as databases keep it
 * @param phoneCapturedAt the phone's own time of the photo, ISO-8601 with the phone's offset; null if it did not say
 * @param width           null (with height) when the JPEG does not say
 * @param request         the inspector's still-request it answers ({@code srq_…}); null when taken unasked
 */
public record SessionStill(StillId id, SessionId sessionId, String sha256, long bytes, Instant takenAt, String phoneCapturedAt,
                           ParticipantId by, String byName, ParticipantRole role, Integer width, Integer height, String request) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REQUEST = Pattern.compile("srq_[0-9a-z]{20}");

    public SessionStill {
        Require.present(id, "id");
        Require.present(sessionId, "sessionId");
        Require.that(sha256 != null && SHA256.matcher(sha256).matches(), "sha256 is 64 lowercase hex digits");
        Require.that(bytes > 0, "a still has bytes");
        takenAt = Require.present(takenAt, "takenAt").truncatedTo(ChronoUnit.MICROS);
        if (phoneCapturedAt != null) {
            try {
                phoneCapturedAt = OffsetDateTime.parse(phoneCapturedAt).toString();
            } catch (DateTimeParseException e) {
                throw RinjoException.invalid("phoneCapturedAt must be an ISO-8601 time with its offset");
            }
        }
        Require.present(by, "by");
        byName = Require.text(byName, "byName", 100);
        Require.present(role, "role");
        Require.that((width == null) == (height == null), "width and height are both known or both not");
        Require.that(width == null || width > 0 && height > 0, "width and height are positive");
        Require.that(request == null || REQUEST.matcher(request).matches(), "request is the id of a still-request (srq_…)");
    }
}
