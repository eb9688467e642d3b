package jp.rinjo.media.recording.spool;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off from the media event loop to a writer thread. Packets are bounded by count and bytes
 * and are refused (never waited for) when over either bound; control events (interruptions, session
 * end, gap markers) are always accepted — they are few and small. Lock-free and without wake-ups:
 * the writer polls (a wake-up per packet would cost the event loop a system call), so an event
 * waits at most the writer's idle pause (10 ms).
 */
final class RecordingQueue {
    private final ConcurrentLinkedQueue<WriterEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger packets = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final int maxPackets;
    private final long maxBytes;

    RecordingQueue(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    boolean hasRoom(int length) {
        return packets.get() < maxPackets && bytes.get() + length <= maxBytes;
    }

    /** Queues a packet if there is room; never blocks. */
    boolean offerPacket(WriterEvent.Packet p) {
        int len = p.bytes().length;
        if (!hasRoom(len)) {
            return false;
        }
        packets.incrementAndGet();
        bytes.addAndGet(len);
        queue.add(p);
        return true;
    }

    void offerControl(WriterEvent e) {
        queue.add(e);
    }

    /** The next event, or null if none is waiting. */
    WriterEvent poll() {
        WriterEvent e = queue.poll();
        if (e instanceof WriterEvent.Packet p) {
            packets.decrementAndGet();
            bytes.addAndGet(-p.bytes().length);
        }
        return e;
    }

    int size() {
        return queue.size();
    }
}
