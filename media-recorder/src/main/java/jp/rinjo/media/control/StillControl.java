package jp.rinjo.media.control;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;

/**
 * What signaling asks of the media node a session is on about its remote stills: the node's recorder
 * owns them as evidence. The standalone calls it in process; a separate media node offers it on its
 * control API ({@code /internal/v1/sessions/{session}/stills}).
 */
public interface StillControl {

    /**
     * A still as signaling received it.
     *
     * @param receivedAt      µs since the epoch when signaling received it
     * @param phoneCapturedAt when the phone says it took it (ISO-8601), or null
     * @param requestId       the inspector's request it answers, or null
     */
    record Still(String id, long receivedAt, String phoneCapturedAt, String participantId, String role, String requestId) {
    }

    /** What the recorder stored; width and height null when the JPEG does not say. */
    record Stored(String id, String sha256, long bytes, Integer width, Integer height) {
    }

    /**
     * Stores it durably in the session's evidence; fails with VALIDATION_FAILED (not a JPEG, too big) or
     * CONFLICT (the session is sealed or being sealed).
     */
    CompletionStage<Stored> store(SessionId session, Still still, byte[] jpeg);

    /** The still's JPEG, empty when the node has none by that id for the session. */
    CompletionStage<Optional<byte[]>> read(SessionId session, StillId still);
}
