package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How full the spool is: bytes of closed segments not yet uploaded, against a limit, and the disk's
 * free space, against a floor. When either is crossed the spool is full: writers stop opening
 * segments and count what they cannot record as GAPs, and the listener hears it once.
 */
final class SpoolSpace {
    private static final Logger log = LoggerFactory.getLogger(SpoolSpace.class);
    private final Path root;
    private final long maxBytes;
    private final long minFreeBytes;
    private final RecordingListener listener;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong timesFull = new AtomicLong();
    private volatile long freeDisk = Long.MAX_VALUE;
    private volatile boolean full;

    SpoolSpace(Path root, long maxBytes, long minFreeBytes, RecordingListener listener) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.minFreeBytes = minFreeBytes;
        this.listener = listener;
    }

    void add(long bytes) {
        used.addAndGet(bytes);
        update();
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
        update();
    }

    long used() {
        return used.get();
    }

    /** Re-reads the disk's free space (a system call: the writer does it about once a second). */
    void refresh() {
        try {
            freeDisk = Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            log.warn("cannot read free space of {}: {}", root, e.toString());
        }
        update();
    }

    /** Whether the spool is full: new packets are not recorded (GAP records) until uploads free space. */
    boolean isFull() {
        return full;
    }

    boolean hasRoom() {
        return !full;
    }

    /** How many times the spool has filled since the start (a session told 記録中 before the last time must be told again). */
    long timesFull() {
        return timesFull.get();
    }

    private synchronized void update() {
        boolean nowFull = used.get() >= maxBytes || freeDisk < minFreeBytes;
        if (nowFull == full) {
            return;
        }
        full = nowFull;
        if (nowFull) {
            timesFull.incrementAndGet();
            log.error("RECORDING SPOOL FULL at {}: {} bytes waiting for upload (limit {}), {} bytes free on disk (floor {}); "
                    + "new packets are NOT recorded (GAP records) until uploads free space", root, used.get(), maxBytes, freeDisk, minFreeBytes);
            listener.spoolFull(used.get(), maxBytes, freeDisk);
        } else {
            log.warn("recording spool at {} has room again ({} bytes waiting, {} free)", root, used.get(), freeDisk);
            listener.spoolAvailable();
        }
    }
}
