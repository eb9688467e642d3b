package jp.rinjo.media.rtcp;

import java.util.List;

/** Goodbye (RFC 3550 §6.6): the sources leaving, and the optional reason text ("" if none). */
public record Bye(List<Integer> ssrcs, String reason) implements RtcpPacket {
    public Bye {
        ssrcs = List.copyOf(ssrcs);
        reason = reason == null ? "" : reason;
    }

    @Override
    public int packetType() {
        return RtcpHeader.BYE;
    }
}
