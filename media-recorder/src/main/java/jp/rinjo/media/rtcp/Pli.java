package jp.rinjo.media.rtcp;

/** Picture Loss Indication (RFC 4585 §6.3.1): "send a keyframe of {@code mediaSsrc}". */
public record Pli(int senderSsrc, int mediaSsrc) implements RtcpPacket {
    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }
}
