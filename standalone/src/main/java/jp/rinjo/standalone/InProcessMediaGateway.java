package jp.rinjo.standalone;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.signaling.media.MediaGateway;

/**
 * Signaling's media gateway onto a media node in the same JVM: the protocol's {@code sdp} messages
 * become {@link MediaControl} calls, and the node's subscribe offers go back as {@code sdp} messages.
 */
final class InProcessMediaGateway implements MediaGateway {
    private final MediaControl media;
    private volatile Sink sink;

    InProcessMediaGateway(MediaControl media) {
        this.media = media;
        media.setListener((session, participant, sdp) -> {
            Sink s = sink;
            if (s != null) {
                s.sdp(session, participant, "offer", sdp, "subscribe");
            }
        });
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
    public CompletionStage<Void> joined(SessionId session, ParticipantId participant) {
        return media.joined(session, participant);
    }

    @Override
    public CompletionStage<Void> sdp(SessionId session, ParticipantId participant, String kind, String sdp, String purpose) {
        if ("offer".equals(kind) && !"subscribe".equals(purpose)) {
            return media.publish(session, participant, sdp).thenAccept(answer -> {
                Sink s = sink;
                if (s != null) {
                    s.sdp(session, participant, "answer", answer, "publish");
                }
            });
        }
        if ("answer".equals(kind) && "subscribe".equals(purpose)) {
            return media.subscribeAnswer(session, participant, sdp);
        }
        return CompletableFuture.failedFuture(RinjoException.invalid(
                "the media node takes publish offers and subscribe answers; got " + kind + " for " + purpose));
    }

    @Override
    public CompletionStage<Void> ice(SessionId session, ParticipantId participant, String candidate, String sdpMid,
                                     Integer sdpMLineIndex) {
        // ICE-lite: the node learns the browser's address from its connectivity checks
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> left(SessionId session, ParticipantId participant) {
        return media.left(session, participant);
    }
}
