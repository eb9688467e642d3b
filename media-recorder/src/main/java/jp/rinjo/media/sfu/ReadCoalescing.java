package jp.rinjo.media.sfu;

import java.util.concurrent.locks.LockSupport;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * How the media thread waits for datagrams: after a look that read some, it first lets a short window
 * pass, then takes whatever arrived in it in one read, instead of waking for each.
 *
 * <p><b>Why the loop waits on purpose.</b> A browser does not send a video frame's packets back to back:
 * its pacer spreads them, tens to hundreds of microseconds apart (counted at the node with Chrome: of
 * 877 video packets, 616 came within 10 ms of the one before, 206 within 50 µs). Woken for each, the
 * node pays a wake-up, a read and a send system call per packet and per subscriber, one world switch
 * each on a virtual machine: about 12 µs of its CPU per forwarded packet instead of under 6 µs when a
 * frame is read at once (README, Performance). Waiting {@code window} after a busy look lets the rest of
 * a frame arrive, so one {@code recvmmsg} reads it and one {@code sendmmsg} (with segmentation offload,
 * see {@code SendmmsgSender}) sends each subscriber its copies.
 *
 * <p>This replaces the epoll wait, it does not hold up work: the first packet after a quiet spell is
 * read as soon as the kernel wakes the loop, the wait happens only when the previous look read
 * datagrams and no task is queued, and it lasts at most {@code window} (a task or timer queued
 * meanwhile runs at the end of it). A zero window is Netty's own strategy: block in epoll until
 * something is ready.
 *
 * <p><b>What the node's latency histogram counts.</b> A datagram read after a wait may have arrived at
 * any time since the previous read ended (that read emptied the socket: its last {@code recvmmsg}
 * found nothing). So its latency is counted from there ({@link #earliestArrivalNanos}), an upper bound
 * that includes the wait; without a wait the read's own start is used, as the kernel wakes the loop on
 * arrival.
 *
 * <p>Used by the media event loop's thread only (Netty calls the strategy on it, the engine reads on it).
 */
public final class ReadCoalescing implements SelectStrategy {
    private final long windowNanos;
    private boolean readSinceLastLook;
    private long lastReadEndNanos;
    private boolean waitedBeforeThisLook;
    /** When the loop waited before this look: the end of the read before the wait. */
    private long arrivalsSinceNanos;

    /** @param windowNanos how long to let datagrams gather after a look that read some; 0 = never wait */
    public ReadCoalescing(long windowNanos) {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("coalescing window must not be negative: " + windowNanos);
        }
        this.windowNanos = windowNanos;
    }

    public long windowNanos() {
        return windowNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        waitedBeforeThisLook = false;
        if (windowNanos > 0 && readSinceLastLook && !hasTasks) {
            // the window runs from the end of the read before it: sending that read's copies counts in it
            arrivalsSinceNanos = lastReadEndNanos;
            long until = lastReadEndNanos + windowNanos;
            for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left); // may return early (spuriously): park again for the rest
            }
            waitedBeforeThisLook = true;
        }
        readSinceLastLook = false;
        if (hasTasks || waitedBeforeThisLook) {
            int ready = selectNow.get();
            if (ready > 0 || hasTasks) {
                return ready;
            }
        }
        // nothing came during the window (or there was none): block in epoll until something does
        waitedBeforeThisLook = false;
        return SelectStrategy.SELECT;
    }

    /** A read of the media socket has ended (its last {@code recvmmsg} found the socket empty). */
    void readEnded(long nanos) {
        lastReadEndNanos = nanos;
        readSinceLastLook = true;
    }

    /**
     * The earliest time a datagram of the read now starting can have arrived: the end of the read
     * before the wait if the loop waited before this look (also for a second read in the same look,
     * when one {@code recvmmsg} batch did not hold all that came), otherwise now.
     */
    long earliestArrivalNanos() {
        return waitedBeforeThisLook ? arrivalsSinceNanos : System.nanoTime();
    }
}
