package jp.rinjo.media.transport.srtp;

/**
 * The replay list of one received SRTP stream (RFC 3711 §3.3.2), {@value #SIZE} packets wide.
 *
 * <p>jitsi-srtp's own list is a fixed 64 packets, which refuses what this node depends on: a packet
 * of a keyframe burst (45–130 packets at 720p) lost early and resent after a NACK round trip arrives
 * more than 64 packets behind the newest, on the same SSRC and sequence number (no RTX from
 * publishers). So that check is off for received RTP and this one runs after the packet has
 * authenticated: only the peer's own packets ever move it.
 *
 * <p>Indexes are estimated as in RFC 3711 Appendix A from the highest one accepted, which is how
 * jitsi-srtp chose the rollover counter the packet has just authenticated with.
 */
final class ReceiveReplayWindow {
    /** Packets behind the newest that are still told apart; anything older is refused. */
    static final int SIZE = 1024;

    private final long[] seen = new long[SIZE / Long.SIZE];
    private boolean started;
    private long highest;

    /** Records an authenticated packet's sequence number; false if it was seen before or is too old to tell. */
    synchronized boolean accept(int sequenceNumber) {
        long index = indexOf(sequenceNumber & 0xFFFF);
        if (!started) {
            started = true;
            highest = index;
            mark(index);
            return true;
        }
        long ahead = index - highest;
        if (ahead > 0) {
            for (long i = 1; i <= Math.min(ahead, SIZE); i++) {
                clear(highest + i); // slots reused by the newer indexes
            }
            highest = index;
            mark(index);
            return true;
        }
        if (-ahead >= SIZE || isMarked(index)) {
            return false;
        }
        mark(index);
        return true;
    }

    private long indexOf(int seq) {
        if (!started) {
            return seq; // the first packet sets the sequence number with a rollover counter of 0
        }
        long roc = highest >> 16;
        int last = (int) (highest & 0xFFFF);
        if (last < 0x8000) {
            roc = seq - last > 0x8000 ? roc - 1 : roc;
        } else {
            roc = last - 0x8000 > seq ? roc + 1 : roc;
        }
        return roc << 16 | seq;
    }

    private boolean isMarked(long index) {
        int bit = (int) Math.floorMod(index, SIZE);
        return (seen[bit >>> 6] & 1L << bit) != 0;
    }

    private void mark(long index) {
        int bit = (int) Math.floorMod(index, SIZE);
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(long index) {
        int bit = (int) Math.floorMod(index, SIZE);
        seen[bit >>> 6] &= ~(1L << bit);
    }
}
