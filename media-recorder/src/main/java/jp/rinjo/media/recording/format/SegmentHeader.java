package jp.rinjo.media.recording.format;

import java.util.Objects;

/**
 * The first record of a segment: whose packets these are, how to read them, and where the segment
 * sits in its track's hash chain.
 *
 * @param sessionId       inspection session id ({@code ses_…})
 * @param trackId         the recorded track's id ({@code trk_…}), unique per recorded track instance
 * @param participantId   the publisher ({@code par_…})
 * @param trackKey        the media node's name for the track, e.g. {@code par_…/video0/H264}
 * @param kind            {@code video} or {@code audio}
 * @param codec           negotiated codec parameters
 * @param sequence        0-based number of this segment within its track
 * @param previousLink    chain link of segment {@code sequence - 1}; {@link Sha256#ZERO} for the first
 * @param startWallMicros wall clock when the segment was opened, µs since the epoch
 * @param startMonoNanos  monotonic clock ({@code System.nanoTime}) at the same instant
 * @param writerNodeId    the media node that wrote the segment
 */
public record SegmentHeader(String sessionId, String trackId, String participantId, String trackKey, String kind,
                            CodecInfo codec, long sequence, Sha256 previousLink, long startWallMicros,
                            long startMonoNanos, String writerNodeId) {
    public SegmentHeader {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(trackKey, "trackKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(previousLink, "previousLink");
        Objects.requireNonNull(writerNodeId, "writerNodeId");
        if (sequence < 0) {
            throw new IllegalArgumentException("segment sequence must be >= 0");
        }
        if (sequence == 0 && !previousLink.equals(Sha256.ZERO)) {
            throw new IllegalArgumentException("the first segment of a track has no previous link");
        }
    }

    /** The same track's next segment header. */
    public SegmentHeader next(Sha256 link, long wallMicros, long monoNanos) {
        return new SegmentHeader(sessionId, trackId, participantId, trackKey, kind, codec, sequence + 1, link,
                wallMicros, monoNanos, writerNodeId);
    }
}
