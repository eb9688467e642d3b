package jp.rinjo.media.transport.dtls;

/**
 * Receives DTLS application data after the handshake. In WebRTC that is SCTP for data channels
 * (RFC 8261), which this node does not implement yet; the default handler drops it.
 * Called on the session's executor thread.
 */
@FunctionalInterface
public interface ApplicationDataHandler {
    /** One decrypted DTLS record's payload; the array is owned by the callee. */
    void onApplicationData(byte[] data);
}
