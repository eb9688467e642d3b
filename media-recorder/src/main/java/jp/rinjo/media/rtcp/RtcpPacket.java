package jp.rinjo.media.rtcp;

/**
 * One parsed RTCP packet from a compound packet (RFC 3550 §6.1). The parser yields these; what it
 * does not understand it reports as {@link Other}, so a caller can still count or relay it.
 *
 * <p>SSRCs and 32-bit timestamps are Java {@code int}s carrying the unsigned 32 bits.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, Bye, Nack, Pli, Fir, Remb,
        TransportCcFeedback, RtcpPacket.Other {

    /** RTCP packet type (200..207). */
    int packetType();

    /**
     * A packet this parser skips (SDES, APP, XR, unknown feedback formats): its type, the RC/FMT
     * field and where it sits in the buffer that was parsed.
     */
    record Other(int packetType, int countOrFormat, int offset, int length) implements RtcpPacket {
    }
}
