package jp.rinjo.media.rtp;

/**
 * Per-stream receive-side bookkeeping of RTP sequence numbers: classifies each arriving packet
 * (in order, after a gap, late, duplicate, stale, restarted) and keeps the RFC 3550 §A.3 counters
 * an RR report block needs (extended highest sequence number, cumulative and fractional loss).
 *
 * <p>Duplicate detection uses a bitmap of the last {@value #WINDOW} sequence numbers. A forward jump
 * larger than {@code maxDropout} (RFC 3550 §A.1 suggests 3000) is reported as {@link Status#JUMP}
 * and not counted as loss: a publisher that re-joins or whose encoder restarts does not make the
 * loss statistics explode. Two consecutive packets that are stale but sequential re-synchronise the
 * tracker the same way (RFC 3550 §A.1 "bad_seq" rule).
 *
 * <p>Not thread-safe: confine to the stream's receive thread. Allocation-free.
 */
public final class SequenceNumberTracker {
    /** Size of the recently-received bitmap (packets). */
    public static final int WINDOW = 1024;
    public static final int DEFAULT_MAX_DROPOUT = 3000;

    /** How one packet relates to the stream so far. */
    public enum Status {
        /** The first packet of the stream. */
        FIRST,
        /** Exactly the next sequence number. */
        IN_ORDER,
        /** Newer, with {@link #lastGap()} numbers missing before it. */
        GAP,
        /** Older than the highest, not seen before: fills a hole (reordering or retransmission). */
        LATE,
        /** Seen before (within the window). */
        DUPLICATE,
        /** Older than the window; ignored by the counters. */
        STALE,
        /** A discontinuity (large jump or confirmed restart); the stream continues from here. */
        JUMP
    }

    private final int maxDropout;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final long[] seen = new long[WINDOW / 64];
    private long base;          // extended seq the "expected" count starts at (adjusted on jumps)
    private long received;
    private int lastGap;
    private int staleSuccessor = -1;
    private long expectedPrior;
    private long receivedPrior;

    public SequenceNumberTracker() {
        this(DEFAULT_MAX_DROPOUT);
    }

    public SequenceNumberTracker(int maxDropout) {
        if (maxDropout < 1 || maxDropout > 32767) {
            throw new IllegalArgumentException("maxDropout must be 1..32767: " + maxDropout);
        }
        this.maxDropout = maxDropout;
    }

    /** Classifies {@code seq} and updates the counters. */
    public Status accept(int seq) {
        seq &= 0xFFFF;
        lastGap = 0;
        if (!unwrapper.started()) {
            long ext = unwrapper.unwrap(seq);
            base = ext;
            mark(ext);
            received = 1;
            return Status.FIRST;
        }
        long highest = unwrapper.highest();
        long ext = unwrapper.unwrapWithoutUpdate(seq);
        long delta = ext - highest;
        if (delta > 0 && delta <= maxDropout) {
            staleSuccessor = -1;
            advance(highest, ext);
            received++;
            lastGap = (int) (delta - 1);
            return delta == 1 ? Status.IN_ORDER : Status.GAP;
        }
        if (delta > maxDropout) {
            staleSuccessor = -1;
            return jump(unwrapper.unwrap(seq), highest);
        }
        if (delta > -WINDOW) {
            staleSuccessor = -1;
            if (isMarked(ext)) {
                return Status.DUPLICATE;
            }
            mark(ext);
            if (ext < base) { // reordered before the very first packet
                base = ext;
            }
            received++;
            return Status.LATE;
        }
        if (seq == staleSuccessor) { // two sequential stale packets: the source restarted
            staleSuccessor = -1;
            return jump(unwrapper.reset(seq), highest);
        }
        staleSuccessor = (seq + 1) & 0xFFFF;
        return Status.STALE;
    }

    private Status jump(long ext, long oldHighest) {
        // Count the new packet as the successor of the old highest: no loss for the jump itself.
        base += ext - oldHighest - 1;
        java.util.Arrays.fill(seen, 0L);
        mark(ext);
        received++;
        return Status.JUMP;
    }

    private void advance(long highest, long ext) {
        if (ext - highest >= WINDOW) {
            java.util.Arrays.fill(seen, 0L);
        } else {
            for (long s = highest + 1; s < ext; s++) {
                unmark(s);
            }
        }
        unwrapper.unwrap((int) ext);
        mark(ext);
    }

    private void mark(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        seen[bit >>> 6] |= 1L << bit;
    }

    private void unmark(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        seen[bit >>> 6] &= ~(1L << bit);
    }

    private boolean isMarked(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    /**
     * Whether {@code seq} was received, for sequence numbers within the window below the highest
     * (false outside it). Useful to decide what to NACK.
     */
    public boolean wasReceived(int seq) {
        if (!unwrapper.started()) {
            return false;
        }
        long ext = unwrapper.unwrapWithoutUpdate(seq);
        long delta = ext - unwrapper.highest();
        return delta <= 0 && delta > -WINDOW && isMarked(ext);
    }

    /** Numbers missing before the packet last accepted (0 unless its status was GAP). */
    public int lastGap() {
        return lastGap;
    }

    /** Extended highest sequence number received (RR "extended highest sequence number"). */
    public long extendedHighest() {
        return unwrapper.highest();
    }

    /** Packets accepted (duplicates and stale packets excluded). */
    public long received() {
        return received;
    }

    /** RFC 3550 §A.3 "expected": highest - base + 1, jumps excluded. */
    public long expected() {
        return unwrapper.started() ? unwrapper.highest() - base + 1 : 0;
    }

    /** RFC 3550 §A.3 cumulative number of packets lost (may be negative only in theory). */
    public long cumulativeLost() {
        return expected() - received;
    }

    /**
     * RR "fraction lost" since the previous call, as an 8-bit fixed-point fraction (RFC 3550 §A.3),
     * and starts a new interval.
     */
    public int fractionLostSinceLastCall() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        expectedPrior = expected;
        receivedPrior = received;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }
}
