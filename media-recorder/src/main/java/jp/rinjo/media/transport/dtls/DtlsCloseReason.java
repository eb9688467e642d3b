package jp.rinjo.media.transport.dtls;

/** How a {@link DtlsServerSession} ended; completes {@link DtlsServerSession#closed()}. */
public enum DtlsCloseReason {
    /** {@link DtlsServerSession#close()} was called. */
    LOCAL_CLOSE,
    /** The peer sent close_notify (a browser does when the RTCPeerConnection is closed). */
    PEER_CLOSED,
    /** The peer sent a fatal alert after the handshake. */
    PEER_FATAL_ALERT,
    /** The handshake failed; {@link DtlsServerSession#handshake()} says why. */
    HANDSHAKE_FAILED,
    /** A DTLS protocol or internal error after the handshake. */
    ERROR
}
