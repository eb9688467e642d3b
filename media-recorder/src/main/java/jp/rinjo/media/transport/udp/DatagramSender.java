package jp.rinjo.media.transport.udp;

import java.net.InetSocketAddress;

/**
 * Where the media node's datagrams leave: queued during a read, handed to the kernel together at
 * {@link #flush()}. Confined to the media event loop.
 */
public interface DatagramSender {
    /** Queues one datagram. The bytes are copied before this returns, so the caller may reuse {@code buf} at once. */
    void send(InetSocketAddress to, byte[] buf, int off, int len);

    /** Hands everything queued to the kernel. */
    void flush();
}
