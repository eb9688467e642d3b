package jp.rinjo.media.transport.dtls;

/**
 * Where a {@link DtlsServerSession} sends its datagrams, normally a write to the endpoint's
 * remote address on the shared UDP socket.
 *
 * <p>Called on the session's executor thread (or the caller of {@link DtlsServerSession#close()}),
 * so it must be thread-safe and must not block; a failure is treated like packet loss, which
 * DTLS retransmission recovers from.
 */
@FunctionalInterface
public interface DatagramSender {
    /** Sends one UDP payload. The array is a fresh copy: the callee owns it and may keep it. */
    void send(byte[] datagram);
}
