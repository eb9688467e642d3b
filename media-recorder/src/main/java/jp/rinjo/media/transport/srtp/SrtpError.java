package jp.rinjo.media.transport.srtp;

/**
 * Why {@link SrtpSession} refused a packet. The protect/unprotect methods return a new packet
 * length ({@code >= 0}) on success and {@link #code()} (always negative) on failure, so the hot
 * path allocates nothing and never throws for bad input from the network.
 */
public enum SrtpError {
    /** Too short for its header and tag, not RTP version 2, or with header lengths past its end. */
    MALFORMED(-1),
    /** The authentication tag did not verify (tampered, wrong key, or not SRTP at all). */
    AUTH_FAILED(-2),
    /** Already received, or older than the replay window (1,024 RTP packets, 64 SRTCP; RFC 3711 §3.3.2). */
    REPLAYED(-3),
    /** A new SSRC arrived while the session already tracks its maximum number of streams. */
    TOO_MANY_STREAMS(-4),
    /** The cipher itself failed; should not happen, logged at DEBUG. */
    CRYPTO_FAILURE(-5),
    /** The session was closed. */
    CLOSED(-6),
    /**
     * A packet with an SSRC that has not authenticated yet, while the session's budget for deriving
     * new stream contexts is spent (see {@code NewStreamGate}): a flood of made-up SSRCs.
     */
    NEW_STREAMS_THROTTLED(-7);

    private final int code;

    SrtpError(int code) {
        this.code = code;
    }

    /** The negative value the protect/unprotect methods return for this error. */
    public int code() {
        return code;
    }

    /** True when a protect/unprotect return value is an error code rather than a length. */
    public static boolean isError(int result) {
        return result < 0;
    }

    /** The error for a negative return value. */
    public static SrtpError fromCode(int code) {
        for (SrtpError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("not an SrtpError code: " + code);
    }
}
