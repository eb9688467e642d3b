package jp.rinjo.media.rtp;

/**
 * RTP retransmission payload format (RFC 4588 §4): an RTX packet is the original packet under the
 * RTX SSRC and payload type, with the original sequence number (OSN) as the first two payload bytes.
 * Chrome answers NACKs this way when {@code rtx} is negotiated, and also sends padding-only RTX
 * packets (no OSN) to probe bandwidth: those carry a transport-wide sequence number worth recording
 * for transport-cc, but nothing to forward.
 *
 * <p>Both directions work in place on a valid packet; allocation-free.
 */
public final class Rtx {
    private Rtx() {
    }

    /** The OSN of an RTX packet, or -1 if it carries none (padding-only probe or malformed). */
    public static int originalSequenceNumber(byte[] buf, int off, int len) {
        int payload = RtpPacket.payloadOffset(buf, off, len);
        return RtpPacket.payloadLength(buf, off, len) >= 2 ? Bytes.u16(buf, payload) : -1;
    }

    /**
     * Turns an RTX packet back into the original media packet: restores sequence number, SSRC and
     * payload type, and removes the OSN (the rest moves two bytes towards the header; padding stays
     * at the end). Returns the new length, or -1 (buffer untouched) if there is no OSN.
     */
    public static int decapsulate(byte[] buf, int off, int len, int mediaSsrc, int mediaPayloadType) {
        int osn = originalSequenceNumber(buf, off, len);
        if (osn < 0) {
            return -1;
        }
        int payload = RtpPacket.payloadOffset(buf, off, len);
        System.arraycopy(buf, payload + 2, buf, payload, off + len - payload - 2);
        RtpPacket.setSequenceNumber(buf, off, osn);
        RtpPacket.setSsrc(buf, off, mediaSsrc);
        RtpPacket.setPayloadType(buf, off, mediaPayloadType);
        return len - 2;
    }

    /**
     * Wraps a media packet as RTX in place: inserts its sequence number as OSN and sets the RTX
     * sequence number, SSRC and payload type. {@code buf} needs two spare bytes after the packet.
     * Returns the new length, or -1 if there is no room.
     */
    public static int encapsulate(byte[] buf, int off, int len, int rtxSsrc, int rtxPayloadType, int rtxSequence) {
        int payload = RtpPacket.payloadOffset(buf, off, len);
        if (payload < 0 || off + len + 2 > buf.length) {
            return -1;
        }
        int osn = RtpPacket.sequenceNumber(buf, off);
        System.arraycopy(buf, payload, buf, payload + 2, off + len - payload);
        Bytes.put16(buf, payload, osn);
        RtpPacket.setSequenceNumber(buf, off, rtxSequence);
        RtpPacket.setSsrc(buf, off, rtxSsrc);
        RtpPacket.setPayloadType(buf, off, rtxPayloadType);
        return len + 2;
    }
}
