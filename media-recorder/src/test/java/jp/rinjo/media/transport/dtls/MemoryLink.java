package jp.rinjo.media.transport.dtls;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.bouncycastle.tls.DatagramTransport;

/**
 * An in-memory datagram pipe between a test client and a {@link DtlsServerSession}: the client's
 * sends call {@code onDatagram} directly (as the UDP thread would), the server's sends land in a
 * queue the client polls. Hooks let a test duplicate, drop or record datagrams in either direction.
 */
final class MemoryLink {
    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    final List<byte[]> fromServer = new CopyOnWriteArrayList<>();
    final List<byte[]> fromClient = new CopyOnWriteArrayList<>();
    volatile boolean duplicate;
    /** Server datagrams for which this returns true are recorded but not delivered. */
    volatile Predicate<byte[]> dropToClient = d -> false;
    volatile DtlsServerSession session;
    /** Runs before each client datagram is delivered, e.g. to inject garbage ahead of it. */
    volatile Consumer<byte[]> beforeClientDatagram = d -> { };

    DatagramSender serverSender() {
        return datagram -> {
            fromServer.add(datagram);
            if (dropToClient.test(datagram)) {
                return;
            }
            toClient.add(datagram);
            if (duplicate) {
                toClient.add(datagram.clone());
            }
        };
    }

    DatagramTransport clientTransport() {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) {
                try {
                    byte[] d = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                    if (d == null) {
                        return -1;
                    }
                    System.arraycopy(d, 0, buf, off, d.length);
                    return d.length;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
                fromClient.add(copy);
                beforeClientDatagram.accept(copy);
                session.onDatagram(copy, 0, copy.length);
                if (duplicate) {
                    session.onDatagram(copy.clone(), 0, copy.length);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /** DTLS record content type of a datagram's first record. */
    static int contentType(byte[] datagram) {
        return datagram[0] & 0xff;
    }

    /** DTLS epoch of a datagram's first record (RFC 6347 §4.1). */
    static int epoch(byte[] datagram) {
        return ((datagram[3] & 0xff) << 8) | (datagram[4] & 0xff);
    }
}
