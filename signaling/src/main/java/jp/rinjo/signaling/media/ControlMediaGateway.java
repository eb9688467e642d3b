package jp.rinjo.signaling.media;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/**
 * The protocol's {@code sdp} and {@code ice} messages mapped onto a media node's control operations
 * (publish offer → answer, subscribe answer), whether the node is in this process or another.
 */
public abstract class ControlMediaGateway implements MediaGateway {
    private volatile Sink sink;

    /** The node's answer to a publish offer. */
    protected abstract CompletionStage<String> publish(SessionId session, ParticipantId participant, String offer);

    protected abstract CompletionStage<Void> subscribeAnswer(SessionId session, ParticipantId participant, String answer);

    protected Sink sink() {
        return sink;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void setSink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public CompletionStage<Void> sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose) {
        if ("offer".equals(kind) && !"subscribe".equals(purpose)) {
            return publish(session, participant, sdp).thenAccept(answer -> {
                Sink s = sink;
                if (s != null) {
                    s.sdp(session, participant, "answer", answer, "publish");
                }
            });
        }
        if ("answer".equals(kind) && "subscribe".equals(purpose)) {
            return subscribeAnswer(session, participant, sdp);
        }
        return CompletableFuture.failedFuture(RinjoException.invalid(
                "the media node takes publish offers and subscribe answers; got " + kind + " for " + purpose));
    }

    /** ICE-lite node: it learns the browser's address from its checks; candidates need no handling. */
    @Override
    public CompletionStage<Void> ice(SessionId session, ParticipantId participant, String candidate, String sdpMid,
                                     Integer sdpMLineIndex) {
        return CompletableFuture.completedFuture(null);
    }
}
