package jp.rinjo.media.transport.stun;

/**
 * A datagram is not a well-formed STUN message. Checked on purpose: on a shared UDP port garbage
 * is an expected input, and the caller must decide to drop it rather than let it escape.
 */
public final class StunParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public StunParseException(String message) {
        super(message);
    }
}
