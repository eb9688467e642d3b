package jp.rinjo.media.rtp;

import java.util.Arrays;

/**
 * The last {@code capacity} packets of one RTP stream (one source SSRC), by sequence number, for
 * answering NACKs (RFC 4585 §6.2.1) without asking the publisher. Packets are copied into one
 * preallocated array of fixed-size slots; slot = extended sequence number mod capacity, so lookups
 * are O(1) and a put never allocates.
 *
 * <p>A packet is served only if it is still in its slot (not overwritten by one {@code capacity}
 * numbers newer) and younger than {@code maxAgeMicros}: a retransmission older than about a second
 * arrives too late to be played and only costs the subscriber bandwidth.
 *
 * <p>Threading: not thread-safe. Confine each instance to one thread (the event loop that receives
 * the publisher's packets, which on a single-port media node also handles the subscribers' NACKs).
 * A {@link View} returned by {@link #get} stays valid only until the next {@link #put} or
 * {@link #clear}; use {@link #copyTo} to keep the bytes.
 */
public final class RetransmissionCache {
    public static final int DEFAULT_CAPACITY = 1024;
    /** Enough for any packet on a path with a 1500-byte MTU (and SRTP overhead already removed). */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1500;
    public static final long DEFAULT_MAX_AGE_MICROS = 1_000_000L;

    private final int mask;
    private final int slotSize;
    private final long maxAgeMicros;
    private final byte[] data;
    private final long[] slotExt;
    private final int[] slotLength;
    private final long[] slotTime;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final View view = new View();

    public RetransmissionCache() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_PACKET_SIZE, DEFAULT_MAX_AGE_MICROS);
    }

    /**
     * @param capacity      number of packets kept, a power of two up to 32768
     * @param maxPacketSize larger packets are not cached
     * @param maxAgeMicros  packets older than this are not served
     */
    public RetransmissionCache(int capacity, int maxPacketSize, long maxAgeMicros) {
        if (capacity <= 0 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..32768: " + capacity);
        }
        if (maxPacketSize < RtpPacket.FIXED_HEADER_LENGTH || (long) capacity * maxPacketSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad maxPacketSize: " + maxPacketSize);
        }
        this.mask = capacity - 1;
        this.slotSize = maxPacketSize;
        this.maxAgeMicros = maxAgeMicros;
        this.data = new byte[capacity * maxPacketSize];
        this.slotExt = new long[capacity];
        this.slotLength = new int[capacity];
        this.slotTime = new long[capacity];
        Arrays.fill(slotExt, Long.MIN_VALUE);
    }

    /**
     * Copies a valid RTP packet of this stream into the cache.
     *
     * @return false if it was not stored: too large, not RTP, or older than everything cached
     */
    public boolean put(byte[] buf, int off, int len, long nowMicros) {
        if (len > slotSize || !RtpPacket.isValid(buf, off, len)) {
            return false;
        }
        int seq = RtpPacket.sequenceNumber(buf, off);
        long ext = unwrapper.unwrapWithoutUpdate(seq);
        if (unwrapper.started() && ext <= unwrapper.highest() - (mask + 1)) {
            return false; // would evict something newer
        }
        unwrapper.unwrap(seq);
        int slot = (int) (ext & mask);
        System.arraycopy(buf, off, data, slot * slotSize, len);
        slotExt[slot] = ext;
        slotLength[slot] = len;
        slotTime[slot] = nowMicros;
        return true;
    }

    /** A view of the cached packet with sequence number {@code seq}, or null. See class comment. */
    public View get(int seq, long nowMicros) {
        int slot = find(seq, nowMicros);
        if (slot < 0) {
            return null;
        }
        view.slot = slot;
        return view;
    }

    /**
     * Copies the cached packet {@code seq} to {@code dst} at {@code dstOff}.
     *
     * @return its length, or -1 if not cached (or too old, or {@code dst} too small)
     */
    public int copyTo(int seq, long nowMicros, byte[] dst, int dstOff) {
        int slot = find(seq, nowMicros);
        if (slot < 0 || !Bytes.inBounds(dst, dstOff, slotLength[slot])) {
            return -1;
        }
        System.arraycopy(data, slot * slotSize, dst, dstOff, slotLength[slot]);
        return slotLength[slot];
    }

    private int find(int seq, long nowMicros) {
        if (!unwrapper.started()) {
            return -1;
        }
        long ext = unwrapper.unwrapWithoutUpdate(seq);
        int slot = (int) (ext & mask);
        if (slotExt[slot] != ext || ext <= unwrapper.highest() - (mask + 1)
                || nowMicros - slotTime[slot] > maxAgeMicros) {
            return -1;
        }
        return slot;
    }

    /** Forgets everything (e.g. the source restarted with a new SSRC). */
    public void clear() {
        Arrays.fill(slotExt, Long.MIN_VALUE);
        unwrapper.clear();
    }

    public int capacity() {
        return mask + 1;
    }

    /** Read-only window onto one cached packet; reused by every {@link #get} on the same cache. */
    public final class View {
        private int slot;

        private View() {
        }

        /** The cache's backing array: read {@code [offset(), offset() + length())} only. */
        public byte[] buffer() {
            return data;
        }

        public int offset() {
            return slot * slotSize;
        }

        public int length() {
            return slotLength[slot];
        }

        public int sequenceNumber() {
            return (int) slotExt[slot] & 0xFFFF;
        }

        /** When it was stored ({@code nowMicros} of its put). */
        public long storedMicros() {
            return slotTime[slot];
        }
    }
}
