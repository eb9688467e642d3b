package jp.rinjo.media.sfu;

/**
 * The last packets of one published video track as the publisher sent them (decrypted, before any
 * subscriber's rewriting), kept once for all its subscribers so that any of them can be answered a
 * NACK: the subscriber's track rewrites the packet again and resends it as RTX.
 *
 * <p>Kept once per track instead of each protected copy per subscriber: with four subscribers that is
 * a quarter of the memory, and the forwarding path no longer writes every copy it sends into a cache
 * that, across hundreds of subscribers, lives far outside the processor's caches.
 *
 * <p>A ring in arrival order; each packet kept gets a handle (its arrival number) that stays valid
 * until the ring has gone round once. Slots are arrays kept and overwritten, sized to the largest
 * packet so far, so the collector never sees seconds of packets survive. Confined to the media event
 * loop.
 */
final class SourcePackets {
    /** About 4.5 s of a 1 Mbit/s video, 1.8 s of 2.5 Mbit/s: several round trips of a slow link. */
    static final int CAPACITY = 512;

    private final byte[][] slots = new byte[CAPACITY][];
    private final int[] lengths = new int[CAPACITY];
    private final long[] handles = new long[CAPACITY];
    private long next;
    private int slotSize;

    SourcePackets() {
        java.util.Arrays.fill(handles, -1);
    }

    /** Keeps a copy of the packet; returns its handle. */
    long keep(byte[] buf, int off, int len) {
        long handle = next++;
        int slot = (int) (handle % CAPACITY);
        byte[] kept = slots[slot];
        if (kept == null || kept.length < len) {
            slotSize = Math.max(slotSize, len);
            kept = new byte[slotSize]; // a track's packets are much alike in size: later slots fit at once
            slots[slot] = kept;
        }
        System.arraycopy(buf, off, kept, 0, len);
        lengths[slot] = len;
        handles[slot] = handle;
        return handle;
    }

    /**
     * Copies the packet with this handle to the start of {@code dst}; returns its length, or -1 if it is
     * no longer kept (or does not fit).
     */
    int copy(long handle, byte[] dst) {
        if (handle < 0) {
            return -1;
        }
        int slot = (int) (handle % CAPACITY);
        if (handles[slot] != handle || lengths[slot] > dst.length) {
            return -1;
        }
        System.arraycopy(slots[slot], 0, dst, 0, lengths[slot]);
        return lengths[slot];
    }
}
