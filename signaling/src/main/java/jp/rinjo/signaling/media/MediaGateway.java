package jp.rinjo.signaling.media;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * Signaling's view of the media node a session is placed on: SDP and ICE from a participant go in,
 * SDP from the node (answers, subscription offers) come back through the {@link Sink}. The standalone
 * calls the node in process; a cluster calls it over its internal HTTP API.
 */
public interface MediaGateway {

    /** Where media-node messages for a participant go (the room hub, in practice). */
    interface Sink {
        void sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose);

        /** The session's recording state changed; told to this signaling node's participants of the session. */
        void recording(SessionId session, String state, String detail);
    }

    boolean available();

    void setSink(Sink sink);

    /** The participant is in the session (again); the node will offer it the others' tracks. */
    CompletionStage<Void> joined(SessionId session, ParticipantId participant);

    /** An offer or answer from the participant; the node answers or re-offers through the sink. */
    CompletionStage<Void> sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose);

    /** A trickled ICE candidate from the participant (ICE-lite: informational, may be ignored). */
    CompletionStage<Void> ice(SessionId session, ParticipantId participant, String candidate, String sdpMid,
                              Integer sdpMLineIndex);

    /** Someone who took part in the session, for the recording's manifest. */
    record Attendee(String participantId, String displayName, String role) {
    }

    /**
     * Which inspection a session is, and how it ended, from the scheduling database, for the recording's
     * signed manifest. Times are ISO-8601 with offset (JST); {@code type} and {@code result} are codes,
     * {@code typeLabel} and {@code resultLabel} their Japanese names; {@code status} is ENDED or CANCELLED.
     */
    record Inspection(String contractNo, String contractName, String contractor, String department, String type,
                      String typeLabel, String scheduledStart, String scheduledEnd, String place, String inspectorName,
                      String status, String result, String resultLabel, String resultNote, String endedAt) {
    }

    /**
     * A mark someone made on the live video (指し示し), for the recording's manifest: {@code at} an ISO-8601
     * instant, {@code by} the participant id and {@code role} its role, {@code points} [x, y] pairs in
     * ten-thousandths of the video frame from its top-left corner, {@code target} the participant id of the
     * contractor whose video it was drawn on (null for a mark kept before marks named it).
     */
    record Annotation(String at, String by, String role, String shape, java.util.List<java.util.List<Integer>> points, String color,
                      String label, String target) {
        public Annotation {
            points = java.util.List.copyOf(points);
        }
    }

    /**
     * What the node is told when a session ends (the control API's {@code ended} body).
     *
     * @param inspection         null when the scheduling database does not know the session
     * @param annotations        what was pointed at during the session, in the order it was made
     * @param annotationsNotKept how many more annotations the session was sent beyond those it keeps
     */
    record SessionEnd(java.util.List<Attendee> attendees, Inspection inspection, java.util.List<Annotation> annotations,
                      long annotationsNotKept) {
        public SessionEnd {
            attendees = java.util.List.copyOf(attendees);
            annotations = annotations == null ? java.util.List.of() : java.util.List.copyOf(annotations);
        }

        public SessionEnd(java.util.List<Attendee> attendees, Inspection inspection) {
            this(attendees, inspection, java.util.List.of(), 0);
        }
    }

    /** The session ended or was cancelled: the node seals its recording, naming attendees and inspection, and makes its renditions. */
    CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end);

    /**
     * A remote still for the session's evidence, as signaling received it ({@code receivedAtMicros}, µs since
     * the epoch); {@code phoneCapturedAt} and {@code requestId} may be null.
     */
    record Still(String id, long receivedAtMicros, String phoneCapturedAt, String participantId, String role, String requestId) {
    }

    /** What the session's recorder stored of a still; width and height null when the JPEG does not say. */
    record StoredStill(String id, String sha256, long bytes, Integer width, Integer height) {
    }

    /**
     * The session's media node stores the still in its recording (StillRoutes); without a recorder it cannot,
     * and says so.
     */
    default CompletionStage<StoredStill> storeStill(SessionId session, Still still, byte[] jpeg) {
        return CompletableFuture.failedFuture(new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "no recorder takes stills here"));
    }

    /** A still of the session as its media node's recorder holds it (spool or evidence store); empty if none by that id. */
    default CompletionStage<java.util.Optional<byte[]>> readStill(SessionId session, String stillId) {
        return CompletableFuture.failedFuture(new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "no recorder holds stills here"));
    }

    /** The participant left the session: its endpoints go away. */
    CompletionStage<Void> left(SessionId session, ParticipantId participant);

    /** No media node (until one is configured): SDP without a peer target is refused with a clear code. */
    static MediaGateway none() {
        return new MediaGateway() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void setSink(Sink sink) {
            }

            @Override
            public CompletionStage<Void> joined(SessionId s, ParticipantId p) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> sdp(SessionId s, ParticipantId p, String kind, String sdp, String purpose) {
                return CompletableFuture.failedFuture(new RinjoException(ErrorCode.MEDIA_UNAVAILABLE,
                        "no media node is available for this session"));
            }

            @Override
            public CompletionStage<Void> ice(SessionId s, ParticipantId p, String c, String mid, Integer idx) {
                return CompletableFuture.failedFuture(new RinjoException(ErrorCode.MEDIA_UNAVAILABLE,
                        "no media node is available for this session"));
            }

            @Override
            public CompletionStage<Void> left(SessionId s, ParticipantId p) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> sessionEnded(SessionId s, SessionEnd end) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
