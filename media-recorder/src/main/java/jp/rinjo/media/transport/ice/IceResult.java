package jp.rinjo.media.transport.ice;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IceLiteAgent#handle} decided about one datagram: the bytes to send back to its
 * source (if any), whether the source is now the selected address, and why, for logs.
 */
public final class IceResult {

    /** How the datagram was handled. */
    public enum Outcome {
        /** A valid Binding request: answered with a success response. */
        SUCCESS,
        /** A Binding request that was refused: answered with an error response. */
        ERROR_RESPONSE,
        /** Not answered: not STUN, not a request, or failed the FINGERPRINT check. */
        DROPPED
    }

    private final Outcome outcome;
    private final byte[] response;
    private final boolean nominated;
    private final String reason;

    private IceResult(Outcome outcome, byte[] response, boolean nominated, String reason) {
        this.outcome = outcome;
        this.response = response;
        this.nominated = nominated;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    static IceResult success(byte[] response, boolean nominated) {
        return new IceResult(Outcome.SUCCESS, Objects.requireNonNull(response), nominated,
                nominated ? "valid request with USE-CANDIDATE" : "valid request");
    }

    static IceResult error(byte[] response, String reason) {
        return new IceResult(Outcome.ERROR_RESPONSE, Objects.requireNonNull(response), false, reason);
    }

    static IceResult dropped(String reason) {
        return new IceResult(Outcome.DROPPED, null, false, reason);
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * The datagram to send back to the request's source address. The array is fresh and owned by
     * the caller (it may be wrapped without copying).
     */
    public Optional<byte[]> response() {
        return Optional.ofNullable(response);
    }

    /**
     * True when this request was valid and carried USE-CANDIDATE, so its source address is now the
     * selected one: the caller sends DTLS and SRTP there from now on.
     */
    public boolean nominated() {
        return nominated;
    }

    /** Why, in words fit for a DEBUG log (no credentials). */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "IceResult[" + outcome + (nominated ? ", nominated" : "") + ", " + reason + "]";
    }
}
