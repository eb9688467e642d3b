package jp.rinjo.standalone;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.StillControl;
import jp.rinjo.signaling.media.ControlMediaGateway;

/** Signaling's media gateway onto a media node in the same JVM. */
final class InProcessMediaGateway extends ControlMediaGateway {
    private final MediaControl media;
    /** The recorder's stills; null when nothing is recorded here. */
    private final StillControl stills;

    InProcessMediaGateway(MediaControl media) {
        this(media, null);
    }

    InProcessMediaGateway(MediaControl media, StillControl stills) {
        this.media = media;
        this.stills = stills;
        media.setListener(new MediaControl.Listener() {
            @Override
            public void subscribeOffer(SessionId session, ParticipantId participant, String sdp) {
                Sink s = sink();
                if (s != null) {
                    s.sdp(session, participant, "offer", sdp, "subscribe");
                }
            }

            @Override
            public void recording(SessionId session, String state, String detail) {
                Sink s = sink();
                if (s != null) {
                    s.recording(session, state, detail);
                }
            }
        });
    }

    @Override
    public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
        return media.joined(session, participant);
    }

    @Override
    protected CompletionStage<String> publish(SessionId session, ParticipantId participant, String offer) {
        return media.publish(session, participant, offer);
    }

    @Override
    protected CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answer) {
        return media.subscribeAnswer(session, participant, answer);
    }

    @Override
    public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
        return media.left(session, participant);
    }

    @Override
    public CompletionStage<Void> sessionEnded(SessionId session, SessionEnd end) {
        return media.sessionEnded(session, control(end));
    }

    /** A session's end as the control API carries it (what a remote node reads from JSON). */
    static jp.rinjo.media.control.SessionEnd control(SessionEnd end) {
        return new jp.rinjo.media.control.SessionEnd(end.attendees().stream()
                .map(a -> new jp.rinjo.media.control.Attendee(a.participantId(), a.displayName(), a.role())).toList(),
                control(end.inspection()), end.annotations().stream().map(InProcessMediaGateway::control).toList(),
                end.annotationsNotKept());
    }

    /** An annotation as the control API carries it (what a remote node reads from JSON). */
    static jp.rinjo.media.control.Annotation control(Annotation a) {
        return new jp.rinjo.media.control.Annotation(a.at(), a.by(), a.role(), a.shape(), a.points(), a.color(), a.label(), a.target());
    }

    @Override
    public CompletionStage<StoredStill> storeStill(SessionId session, Still still, byte[] jpeg) {
        if (stills == null) {
            return super.storeStill(session, still, jpeg);
        }
        return stills.store(session, new StillControl.Still(still.id(), still.receivedAtMicros(), still.phoneCapturedAt(),
                still.participantId(), still.role(), still.requestId()), jpeg)
                .thenApply(s -> new StoredStill(s.id(), s.sha256(), s.bytes(), s.width(), s.height()));
    }

    @Override
    public CompletionStage<Optional<byte[]>> readStill(SessionId session, String stillId) {
        return stills == null ? super.readStill(session, stillId) : stills.read(session, StillId.of(stillId));
    }

    /** The inspection as the control API carries it (what a remote node reads from JSON). */
    static jp.rinjo.media.control.Inspection control(Inspection i) {
        return i == null ? null : new jp.rinjo.media.control.Inspection(i.contractNo(), i.contractName(), i.contractor(), i.department(),
                i.type(), i.typeLabel(), i.scheduledStart(), i.scheduledEnd(), i.place(), i.inspectorName(), i.status(),
                i.result(), i.resultLabel(), i.resultNote(), i.endedAt());
    }
}
