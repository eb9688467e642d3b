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
    /**
     * A DTLS protocol or internal error after the handshake. The SRTP keys stay valid and media can
     * go on; only {@link #PEER_CLOSED} and {@link #PEER_FATAL_ALERT} are authenticated signals that
     * the peer has gone, so tear the endpoint down on those (or on ICE consent expiry), not on this.
     */
    ERROR
}
