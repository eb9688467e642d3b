package jp.rinjo.media.transport.dtls;

import java.util.Objects;

/** Why a DTLS-SRTP handshake did not produce keys. Completes {@link DtlsServerSession#handshake()} exceptionally. */
public final class DtlsHandshakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Failure categories, stable enough to count in metrics. */
    public enum Reason {
        /** The client's certificate does not hash to the fingerprint from its SDP: possible man in the middle. */
        FINGERPRINT_MISMATCH,
        /** The client sent no certificate; WebRTC clients always send one. */
        NO_CLIENT_CERTIFICATE,
        /** The ClientHello has no {@code use_srtp} extension (RFC 5764 §4.1.1). */
        NO_USE_SRTP,
        /** The client offered only SRTP profiles this server does not accept. */
        NO_COMMON_SRTP_PROFILE,
        /** The handshake did not finish within {@link DtlsConfig#handshakeTimeout()}. */
        TIMEOUT,
        /** The client aborted the handshake with a fatal alert. */
        PEER_ALERT,
        /** Any other TLS failure: no common cipher suite, no extended master secret, bad messages. */
        PROTOCOL_ERROR,
        /** The session was closed locally before the handshake finished. */
        CLOSED
    }

    private final Reason reason;

    public DtlsHandshakeException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
