package jp.rinjo.media.control;

import java.util.concurrent.CompletionStage;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * What signaling asks of a media node, per participant of a session. The standalone calls it in
 * process; a separate media node offers the same operations over its internal HTTP API.
 *
 * <p>Each participant has two peer connections with the node: one to publish (the browser offers,
 * {@link #publish} answers) and one to subscribe (the node offers through the {@link Listener}
 * whenever the others' tracks change; {@link #subscribeAnswer} takes the browser's answer).
 */
public interface MediaControl {

    /** Messages the node sends to participants, delivered by signaling. */
    interface Listener {
        void subscribeOffer(SessionId session, ParticipantId participant, String sdp);

        /**
         * The session's evidence recording state: {@code recording} once its first segment is durably
         * stored, {@code failed} (with what is wrong) when it cannot store, {@code stopped}.
         */
        default void recording(SessionId session, String state, String detail) {
        }
    }

    void setListener(Listener listener);

    /** The participant is in the session (again): it will be offered the others' tracks. */
    CompletionStage<Void> joined(SessionId session, ParticipantId participant);

    /**
     * The participant's publish offer (first, re-offer or ICE restart).
     *
     * @return the node's SDP answer
     * @throws jp.rinjo.common.error.RinjoException VALIDATION_FAILED for an SDP the node cannot use
     */
    CompletionStage<String> publish(SessionId session, ParticipantId participant, String offerSdp);

    /** The participant's answer to the node's latest subscribe offer. */
    CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answerSdp);

    /**
     * The participant left. Its media goes after a grace period, so a phone that drops and rejoins
     * quickly keeps its transports (and the recording its continuity).
     */
    CompletionStage<Void> left(SessionId session, ParticipantId participant);

    /**
     * The session ended (or was cancelled): its recording is sealed — manifest, signature, time-stamp —
     * and its renditions made, the manifest naming the attendees and the inspection. Completes when that is done.
     */
    CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end);

    /** Current load, for placement of new sessions on nodes. */
    NodeLoad load();
}
