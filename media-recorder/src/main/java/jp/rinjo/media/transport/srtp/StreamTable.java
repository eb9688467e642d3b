package jp.rinjo.media.transport.srtp;

/**
 * One jitsi-srtp crypto context per SSRC, for one direction and one of RTP/RTCP, with a ceiling
 * so that a flood of packets with made-up SSRCs cannot grow the table without bound.
 *
 * <p>Read on every packet and changed only when a stream starts or ends, so it is copy-on-write:
 * a lookup is one volatile read and a probe of two arrays (open addressing), with no boxing of the
 * SSRC. The media thread forwards to hundreds of endpoints in turn, and each one's table is cold in
 * the cache by the time its next packet comes; a hash map's chain of objects (table, node, boxed
 * key) cost a cache miss per link there.
 */
final class StreamTable<C> {
    private static final Snapshot EMPTY = new Snapshot(new int[1], new Object[1], 0);

    /** Immutable once published; {@code values[i] == null} marks a free slot. */
    private record Snapshot(int[] keys, Object[] values, int size) {
    }

    private volatile Snapshot snapshot = EMPTY;
    private final int maxStreams;

    StreamTable(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    @SuppressWarnings("unchecked")
    C get(int ssrc) {
        Snapshot s = snapshot;
        int[] keys = s.keys;
        Object[] values = s.values;
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null || keys[i] == ssrc) {
                return (C) value;
            }
        }
    }

    boolean isFull() {
        return snapshot.size >= maxStreams;
    }

    /** Keeps {@code context} for {@code ssrc} unless another thread got there first; returns the one kept. */
    synchronized C adopt(int ssrc, C context) {
        C existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Snapshot s = snapshot;
        snapshot = rebuilt(s, s.size + 1, ssrc, context, false);
        return context;
    }

    synchronized void remove(int ssrc) {
        if (get(ssrc) != null) {
            Snapshot s = snapshot;
            snapshot = rebuilt(s, s.size - 1, ssrc, null, true);
        }
    }

    int size() {
        return snapshot.size;
    }

    synchronized void clear() {
        snapshot = EMPTY;
    }

    /** A new snapshot of {@code s} with {@code ssrc} added (its context) or left out. */
    private static Snapshot rebuilt(Snapshot s, int size, int ssrc, Object context, boolean leaveOut) {
        int capacity = Integer.highestOneBit(Math.max(1, size) * 2 - 1) << 1; // load factor ≤ 1/2
        int[] keys = new int[capacity];
        Object[] values = new Object[capacity];
        for (int i = 0; i < s.keys.length; i++) {
            if (s.values[i] != null && !(leaveOut && s.keys[i] == ssrc)) {
                put(keys, values, s.keys[i], s.values[i]);
            }
        }
        if (!leaveOut) {
            put(keys, values, ssrc, context);
        }
        return new Snapshot(keys, values, size);
    }

    private static void put(int[] keys, Object[] values, int ssrc, Object value) {
        int mask = keys.length - 1;
        int i = slot(ssrc, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = value;
    }

    private static int slot(int ssrc, int mask) {
        int h = ssrc * 0x9E3779B9; // SSRCs are random, but spread values like 1, 2, 3 too
        return (h ^ h >>> 16) & mask;
    }
}
