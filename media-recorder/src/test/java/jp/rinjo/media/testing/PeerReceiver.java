package jp.rinjo.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread reading the datagrams of many {@link JavaPeer}s, woken by a selector. With a thread per
 * peer, each datagram costs a wake-up (7–9 µs of CPU on the benchmark's VM), and the load generator
 * saturates its core long before the media node does.
 */
public final class PeerReceiver implements AutoCloseable {
    /** What a peer does with a datagram; {@code buf} is reused after the call returns. */
    interface Handler {
        void onDatagram(byte[] buf, int len);
    }

    private record Registration(DatagramChannel channel, Handler handler) {
    }

    private final Selector selector;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    public PeerReceiver(String threadName) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code channel} must be non-blocking. */
    void register(DatagramChannel channel, Handler handler) {
        pending.add(new Registration(channel, handler));
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (!closed) {
                selector.select();
                for (Registration r; (r = pending.poll()) != null; ) {
                    r.channel().register(selector, SelectionKey.OP_READ, r.handler());
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    drain(key, buf);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed: the peers are gone
        }
    }

    private static void drain(SelectionKey key, ByteBuffer buf) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        Handler handler = (Handler) key.attachment();
        try {
            while (true) {
                buf.clear();
                if (channel.receive(buf) == null) {
                    return;
                }
                handler.onDatagram(buf.array(), buf.position());
            }
        } catch (IOException e) {
            key.cancel(); // the peer closed its channel
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
