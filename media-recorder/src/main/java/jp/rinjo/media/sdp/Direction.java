package jp.rinjo.media.sdp;

import java.util.Locale;

/**
 * Media direction attribute of an m-section (RFC 4566 §6 / RFC 8866 §6.7), always from the point
 * of view of the side that wrote the description.
 */
public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The writer of the description sends media in this section. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** The writer of the description receives media in this section. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The attribute name, e.g. {@code sendonly}. */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction for an attribute name, or null if {@code name} is not one. */
    static Direction fromSdpName(String name) {
        return switch (name) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}
