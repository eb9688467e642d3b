package jp.rinjo.media.rtcp;

import java.util.List;

/** Receiver report (RFC 3550 §6.4.2). */
public record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {
    public ReceiverReport {
        reports = List.copyOf(reports);
    }

    @Override
    public int packetType() {
        return RtcpHeader.RR;
    }
}
