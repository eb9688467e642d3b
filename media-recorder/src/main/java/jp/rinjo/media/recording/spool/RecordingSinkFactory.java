package jp.rinjo.media.recording.spool;

import java.util.Optional;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.sfu.MediaEngine;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.RtpSink;

/**
 * Plugs the recorder into the media node: {@code engine.addSinkFactory(spool.sinkFactory())} before
 * the node takes traffic, and every track any participant publishes is recorded, with no action on
 * their part.
 */
final class RecordingSinkFactory implements MediaEngine.RtpSinkFactory {
    private final Spool spool;

    RecordingSinkFactory(Spool spool) {
        this.spool = spool;
    }

    @Override
    public Optional<RtpSink> sinkFor(SessionId session, PublishedTrack track) {
        return Optional.of(spool.sinkFor(session, track));
    }
}
