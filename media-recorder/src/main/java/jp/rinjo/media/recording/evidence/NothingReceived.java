package jp.rinjo.media.recording.evidence;

/**
 * Where a track received nothing. Packets that never arrive leave no record in a segment (a GAP is
 * what arrived and could not be kept): the writer closes the open segment when its time is up and
 * opens the next one at the track's next packet, so the time between two consecutive segments of a
 * track is time in which nothing came. Consecutive segments of a track sending steadily are less than
 * a packet interval apart; further apart than {@link #MIN_MICROS}, the archive's timeline draws a hole
 * and the verifier reports NOTHING RECEIVED — one threshold, so both say the same is missing.
 */
public final class NothingReceived {
    /** Segments of a track further apart than this leave a hole (a second: longer than any packet interval of a live track). */
    public static final long MIN_MICROS = 1_000_000;

    private NothingReceived() {
    }

    /** Whether nothing was received between a segment that ended and the track's next segment that started then. */
    public static boolean between(long endWallMicros, long nextStartWallMicros) {
        return nextStartWallMicros - endWallMicros > MIN_MICROS;
    }
}
