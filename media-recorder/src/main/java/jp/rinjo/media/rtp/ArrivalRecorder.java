package jp.rinjo.media.rtp;

import java.util.Arrays;

/**
 * Arrival times of a publisher's packets by transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), kept until a transport-cc feedback
 * reports them (see {@code rtcp.TransportCcFeedbackBuilder}). One per publisher transport: the
 * number is shared by all of that transport's streams.
 *
 * <p>A ring of {@code capacity} slots indexed by the extended sequence number; {@link #record} is
 * O(1) and allocation-free. The first arrival of a number wins; duplicates are ignored. The
 * "pending" range starts at the first number not yet reported and ends at the highest received.
 * A late packet whose number was already reported (as not received) rewinds the pending start to it,
 * so the next feedback covers it again (the draft allows a decreasing base sequence number,
 * §3.1); packets later than {@code maxRewind} numbers are ignored, the sender has long written them
 * off. If the pending range outgrows the ring, its oldest part is dropped unreported.
 *
 * <p>Not thread-safe: record and build feedback on the same thread (the transport's event loop).
 */
public final class ArrivalRecorder {
    public static final int DEFAULT_CAPACITY = 8192;
    public static final int DEFAULT_MAX_REWIND = 1024;

    private final int mask;
    private final int maxRewind;
    private final long[] slotExt;
    private final long[] arrival;
    private final boolean[] reported;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private long pendingStart;

    public ArrivalRecorder() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_REWIND);
    }

    public ArrivalRecorder(int capacity, int maxRewind) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        if (maxRewind < 0 || maxRewind >= capacity) {
            throw new IllegalArgumentException("maxRewind must be in 0..capacity-1: " + maxRewind);
        }
        this.mask = capacity - 1;
        this.maxRewind = maxRewind;
        this.slotExt = new long[capacity];
        this.arrival = new long[capacity];
        this.reported = new boolean[capacity];
        Arrays.fill(slotExt, Long.MIN_VALUE);
    }

    /** Records that the packet with transport-wide number {@code transportSeq} arrived at that time. */
    public void record(int transportSeq, long arrivalMicros) {
        if (!unwrapper.started()) {
            long ext = unwrapper.unwrap(transportSeq);
            pendingStart = ext;
            store(ext, arrivalMicros);
            return;
        }
        long highest = unwrapper.highest();
        long ext = unwrapper.unwrapWithoutUpdate(transportSeq);
        if (ext > highest) {
            unwrapper.unwrap(transportSeq);
            store(ext, arrivalMicros);
            long oldestKept = ext - mask;
            if (pendingStart < oldestKept) {
                pendingStart = oldestKept;
            }
            return;
        }
        if (ext <= highest - mask || received(ext) || ext < pendingStart - maxRewind) {
            return; // too old for the ring, duplicate, or too late to be worth re-reporting
        }
        store(ext, arrivalMicros);
        if (ext < pendingStart) {
            pendingStart = ext;
        }
    }

    private void store(long ext, long arrivalMicros) {
        int slot = (int) (ext & mask);
        slotExt[slot] = ext;
        arrival[slot] = arrivalMicros;
        reported[slot] = false;
    }

    /** True when some number in [pendingStart, highest] has not been reported yet. */
    public boolean hasPending() {
        return unwrapper.started() && pendingStart <= unwrapper.highest();
    }

    /** Extended number of the first packet not yet covered by a feedback. */
    public long pendingStart() {
        return pendingStart;
    }

    /** Highest extended number received. */
    public long highest() {
        return unwrapper.highest();
    }

    /** Whether {@code ext} arrived and is still within the ring's window. */
    public boolean received(long ext) {
        return slotExt[(int) (ext & mask)] == ext && ext > unwrapper.highest() - mask - 1;
    }

    /** Whether {@code ext} arrived and has not been reported as received yet. */
    public boolean receivedUnreported(long ext) {
        return received(ext) && !reported[(int) (ext & mask)];
    }

    /** Arrival time of {@code ext}; only meaningful if {@link #received}. */
    public long arrivalMicros(long ext) {
        return arrival[(int) (ext & mask)];
    }

    /**
     * Marks {@code [from, toExclusive)} as covered by a feedback: received packets in it will not be
     * reported as received again, and the pending range starts at {@code toExclusive}.
     */
    public void markReported(long from, long toExclusive) {
        for (long ext = Math.max(from, toExclusive - mask - 1); ext < toExclusive; ext++) {
            int slot = (int) (ext & mask);
            if (slotExt[slot] == ext) {
                reported[slot] = true;
            }
        }
        if (toExclusive > pendingStart) {
            pendingStart = toExclusive;
        }
    }
}
