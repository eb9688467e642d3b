package jp.rinjo.media.transport.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.bouncycastle.tls.DatagramTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts push-style UDP delivery to BouncyCastle's pull-style {@link DatagramTransport}: the UDP
 * thread {@link #offer}s copies into a bounded queue, BC's blocking {@link #receive} polls it on the
 * DTLS thread, and {@link #send} hands datagrams to the {@link DatagramSender}.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Largest datagram accepted; DTLS from browsers stays near 1200 bytes, a 1500-byte MTU allows 1472. */
    static final int RECEIVE_LIMIT = 2048;
    /** Queued by {@link #shutdown()} to wake a receiver blocked in {@link #receive}. */
    private static final byte[] WAKE_UP = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(QueueDatagramTransport.class);

    private final BlockingQueue<byte[]> inbound;
    private final DatagramSender sender;
    private final int sendLimit;
    private final String logId;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean shutDown;
    private volatile boolean closedByProtocol;
    private volatile boolean nonBlocking;

    QueueDatagramTransport(int capacity, int sendLimit, DatagramSender sender, String logId) {
        this.inbound = new ArrayBlockingQueue<>(capacity + 1); // +1 keeps room for WAKE_UP
        this.sendLimit = sendLimit;
        this.sender = sender;
        this.logId = logId;
    }

    /** Queues a copy of a datagram; false (and counted) when full, oversized or shut down. Never blocks. */
    boolean offer(byte[] data, int off, int len) {
        if (shutDown || len > RECEIVE_LIMIT || inbound.remainingCapacity() <= 1) {
            dropped.increment();
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(data, off, copy, 0, len);
        if (!inbound.offer(copy)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    long droppedDatagrams() {
        return dropped.sum();
    }

    /** True once BouncyCastle closed the transport itself (close_notify exchanged or fatal alert). */
    boolean isClosedByProtocol() {
        return closedByProtocol;
    }

    /**
     * After the handshake, reads happen only when datagrams are queued, so an empty queue should end
     * a read at once rather than wait: {@link #receive} then throws {@link QueueDrainedException}.
     * BouncyCastle passes {@link InterruptedIOException}s through without failing the connection
     * (that is how it reports socket timeouts), which makes this a clean "nothing more to read".
     */
    void switchToNonBlocking() {
        nonBlocking = true;
    }

    /** Thrown by {@link #receive} in non-blocking mode when the queue is empty. */
    static final class QueueDrainedException extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        QueueDrainedException() {
            super("no queued DTLS datagram");
        }
    }

    /** Stops receiving: a blocked or later {@link #receive} throws, so a running handshake aborts at once. */
    void shutdown() {
        shutDown = true;
        inbound.clear();
        inbound.offer(WAKE_UP);
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /** BC's contract: a datagram's length, or -1 on timeout. A waitMillis of 0 waits indefinitely. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (shutDown) {
            throw new IOException("DTLS session closed");
        }
        byte[] datagram;
        if (nonBlocking) {
            datagram = closedByProtocol ? null : inbound.poll();
            if (datagram == null) {
                throw new QueueDrainedException();
            }
        } else if (closedByProtocol) {
            return -1;
        } else {
            try {
                datagram = waitMillis > 0 ? inbound.poll(waitMillis, TimeUnit.MILLISECONDS) : inbound.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
            }
            if (datagram == null) {
                return -1;
            }
        }
        if (datagram == WAKE_UP || shutDown) {
            throw new IOException("DTLS session closed");
        }
        if (datagram.length > len) {
            // Cannot happen: offer() caps at RECEIVE_LIMIT and BC always passes that much room.
            dropped.increment();
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        try {
            sender.send(copy);
        } catch (RuntimeException e) {
            // A failed UDP write is packet loss; the DTLS retransmission timer recovers from it.
            log.debug("[{}] DTLS datagram send failed", logId, e);
        }
    }

    /** Called by BC when the record layer closes (after close_notify, a fatal alert, or our own close). */
    @Override
    public void close() {
        closedByProtocol = true;
    }
}
