package jp.rinjo.media.recording.rendition;

import java.io.IOException;

/** A recorded track after the first pass: what it holds and when it was received. */
record ScannedTrack(RecordedTrack track, TrackScan scan) {
    static ScannedTrack of(RecordedTrack track) throws IOException {
        return new ScannedTrack(track, TrackScan.of(track.segments()));
    }

    String id() {
        return track.trackId();
    }

    String codec() {
        return scan.codec.name();
    }

    /** Received media at all (a track can be published and never sent). */
    boolean hasPackets() {
        return scan.packets > 0;
    }
}
