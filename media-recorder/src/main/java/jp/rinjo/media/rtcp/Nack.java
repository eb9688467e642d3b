package jp.rinjo.media.rtcp;

import java.util.List;

/**
 * Generic NACK (RFC 4585 §6.2.1): the sequence numbers of {@code mediaSsrc} the sender of this
 * feedback reports lost, expanded from the PID + BLP pairs, in packet order.
 */
public record Nack(int senderSsrc, int mediaSsrc, List<Integer> lostSequenceNumbers) implements RtcpPacket {
    public Nack {
        lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
    }

    @Override
    public int packetType() {
        return RtcpHeader.RTPFB;
    }
}
