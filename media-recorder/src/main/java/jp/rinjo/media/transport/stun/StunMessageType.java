package jp.rinjo.media.transport.stun;

import java.util.Objects;

/**
 * A STUN message type: class and method, packed into 14 bits as drawn in RFC 8489 §5:
 *
 * <pre>
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param messageClass request, indication, success or error response
 * @param method       12-bit method; {@link #BINDING} is the only one ICE uses
 */
public record StunMessageType(StunClass messageClass, int method) {

    /** The Binding method (RFC 8489 §18.2). */
    public static final int BINDING = 0x001;

    public static final StunMessageType BINDING_REQUEST = new StunMessageType(StunClass.REQUEST, BINDING);
    public static final StunMessageType BINDING_INDICATION = new StunMessageType(StunClass.INDICATION, BINDING);
    public static final StunMessageType BINDING_SUCCESS = new StunMessageType(StunClass.SUCCESS_RESPONSE, BINDING);
    public static final StunMessageType BINDING_ERROR = new StunMessageType(StunClass.ERROR_RESPONSE, BINDING);

    public StunMessageType {
        Objects.requireNonNull(messageClass, "messageClass");
        if (method < 0 || method > 0xFFF) {
            throw new IllegalArgumentException("STUN method must fit in 12 bits, got 0x" + Integer.toHexString(method));
        }
    }

    /** Decodes the 16-bit type field; the two top bits must already be known to be zero. */
    public static StunMessageType fromWire(int type) {
        int method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
        int classBits = ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
        return new StunMessageType(StunClass.ofBits(classBits), method);
    }

    /** The 16-bit type field as written on the wire. */
    public int toWire() {
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    @Override
    public String toString() {
        String name = method == BINDING ? "Binding" : "Method(0x" + Integer.toHexString(method) + ")";
        return name + " " + messageClass;
    }
}
