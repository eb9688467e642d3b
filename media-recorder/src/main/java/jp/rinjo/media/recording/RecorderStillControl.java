package jp.rinjo.media.recording;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.media.control.StillControl;

/** The control operations on stills, answered by this node's recorder. */
final class RecorderStillControl implements StillControl {
    private final RemoteStills stills;

    RecorderStillControl(RemoteStills stills) {
        this.stills = stills;
    }

    @Override
    public CompletionStage<Stored> store(SessionId session, Still still, byte[] jpeg) {
        return stills.store(session, new StillUpload(StillId.of(still.id()), jpeg, still.receivedAt(),
                        Optional.ofNullable(still.phoneCapturedAt()), still.participantId(), still.role(), Optional.ofNullable(still.requestId())))
                .thenApply(s -> new Stored(s.id().value(), s.sha256().hex(), s.bytes(), s.width().orElse(null), s.height().orElse(null)));
    }

    @Override
    public CompletionStage<Optional<byte[]>> read(SessionId session, StillId still) {
        return stills.read(session, still);
    }
}
