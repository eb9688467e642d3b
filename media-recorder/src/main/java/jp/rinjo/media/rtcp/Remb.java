package jp.rinjo.media.rtcp;

import java.util.List;

/**
 * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): a PSFB application-layer
 * message (FMT 15, "REMB") with the total bitrate the receiver can take for the listed SSRCs.
 */
public record Remb(int senderSsrc, long bitrateBps, List<Integer> ssrcs) implements RtcpPacket {
    public Remb {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrate must not be negative: " + bitrateBps);
        }
        ssrcs = List.copyOf(ssrcs);
    }

    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }
}
