package jp.rinjo.media.transport.stun;

import java.util.Set;

/**
 * Attribute type numbers used by this node (RFC 8489 §18.3, RFC 8445 §16.1), and which of the
 * comprehension-required range (below 0x8000) this codec understands.
 */
public final class StunAttributeType {

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /**
     * Comprehension-required types this codec knows. Any other type below 0x8000 in a request must
     * be answered with 420 (RFC 8489 §6.3.1).
     */
    private static final Set<Integer> UNDERSTOOD_REQUIRED = Set.of(
            MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES,
            REALM, NONCE, XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE);

    private StunAttributeType() {
    }

    /** Types 0x0000–0x7FFF must be understood by the receiver (RFC 8489 §14). */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** True for a comprehension-required type this codec does not know. */
    public static boolean isUnknownComprehensionRequired(int type) {
        return isComprehensionRequired(type) && !UNDERSTOOD_REQUIRED.contains(type);
    }

    /** A readable name for logs, e.g. {@code USERNAME} or {@code 0xc057}. */
    public static String name(int type) {
        return switch (type) {
            case MAPPED_ADDRESS -> "MAPPED-ADDRESS";
            case USERNAME -> "USERNAME";
            case MESSAGE_INTEGRITY -> "MESSAGE-INTEGRITY";
            case ERROR_CODE -> "ERROR-CODE";
            case UNKNOWN_ATTRIBUTES -> "UNKNOWN-ATTRIBUTES";
            case REALM -> "REALM";
            case NONCE -> "NONCE";
            case XOR_MAPPED_ADDRESS -> "XOR-MAPPED-ADDRESS";
            case PRIORITY -> "PRIORITY";
            case USE_CANDIDATE -> "USE-CANDIDATE";
            case SOFTWARE -> "SOFTWARE";
            case FINGERPRINT -> "FINGERPRINT";
            case ICE_CONTROLLED -> "ICE-CONTROLLED";
            case ICE_CONTROLLING -> "ICE-CONTROLLING";
            default -> String.format("0x%04x", type);
        };
    }
}
