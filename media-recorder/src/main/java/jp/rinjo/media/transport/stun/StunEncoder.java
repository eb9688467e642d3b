package jp.rinjo.media.transport.stun;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The Binding messages ICE needs, ready to send. Every message carries FINGERPRINT, which ICE
 * requires (RFC 8445 §7.1) so that STUN can be told apart from media on a shared port.
 */
public final class StunEncoder {

    private StunEncoder() {
    }

    /**
     * Binding success response echoing the request's transaction id, with XOR-MAPPED-ADDRESS set to
     * the request's source, MESSAGE-INTEGRITY keyed like the request (RFC 8489 §9.1.3) and FINGERPRINT.
     */
    public static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress mapped, byte[] integrityKey) {
        return StunMessageBuilder.bindingSuccess(transactionId)
                .xorMappedAddress(mapped)
                .messageIntegrity(integrityKey)
                .fingerprint()
                .build();
    }

    /**
     * Binding error response with ERROR-CODE and FINGERPRINT. {@code integrityKey} is null when the
     * request could not be authenticated (400, 401): RFC 8489 §9.1.3 forbids MESSAGE-INTEGRITY then,
     * since the key is unknown or wrong. Errors to authenticated requests (420, 487) pass the key.
     */
    public static byte[] bindingError(byte[] transactionId, StunErrorCode error, byte[] integrityKey) {
        StunMessageBuilder b = StunMessageBuilder.bindingError(transactionId).errorCode(error);
        if (integrityKey != null) {
            b.messageIntegrity(integrityKey);
        }
        return b.fingerprint().build();
    }

    /**
     * A connectivity check as a full, controlling ICE agent (a browser) sends it (RFC 8445 §7.1):
     * USERNAME {@code remoteUfrag:localUfrag} (as seen by the sender), PRIORITY, ICE-CONTROLLING,
     * optional USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the receiver's password, FINGERPRINT.
     */
    public static byte[] bindingRequest(byte[] transactionId, String username, long priority, long tieBreaker,
                                        boolean useCandidate, byte[] integrityKey) {
        Objects.requireNonNull(integrityKey, "integrityKey");
        StunMessageBuilder b = StunMessageBuilder.bindingRequest(transactionId)
                .username(username)
                .priority(priority)
                .iceControlling(tieBreaker);
        if (useCandidate) {
            b.useCandidate();
        }
        return b.messageIntegrity(integrityKey).fingerprint().build();
    }
}
