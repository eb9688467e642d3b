package jp.rinjo.signaling.ws;

import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.live.Presence;

/**
 * The contractor an inspector's message is about: with two phones streaming, the one whose video is on his
 * stage. A mark is drawn on that picture and a still is taken by that phone; one that names nobody, nobody
 * present or someone who is no contractor is refused before anything is relayed or kept, with the same codes
 * for both (validation-failed, not-found when nobody of that id is in the session).
 */
enum ContractorTarget {
    ANNOTATION("annotation", "whose video it is drawn on", "marks are drawn on a contractor's video"),
    STILL_REQUEST("still-request", "whose phone is to take it (the video on the inspector's stage)", "a still is taken by a contractor's phone");

    private final String message;
    private final String whose;
    private final String because;

    ContractorTarget(String message, String whose, String because) {
        this.message = message;
        this.whose = whose;
        this.because = because;
    }

    /** The target as sent; missing or malformed is refused (validation-failed) before the room is looked at. */
    ParticipantId parse(String target) {
        try {
            return ParticipantId.of(target);
        } catch (RinjoException malformedOrMissing) {
            throw RinjoException.invalid(message + " target must be the participant id of the contractor " + whose);
        }
    }

    /** The target among those present in the session, who must be a contractor. */
    Presence among(List<Presence> present, ParticipantId target) {
        Presence on = present.stream().filter(other -> other.participantId().equals(target)).findFirst()
                .orElseThrow(() -> new RinjoException(ErrorCode.NOT_FOUND, message + " target " + target.value() + " is not in this session"));
        if (on.role() != ParticipantRole.CONTRACTOR) {
            throw RinjoException.invalid(message + " target " + target.value() + " is not a contractor: " + because);
        }
        return on;
    }
}
