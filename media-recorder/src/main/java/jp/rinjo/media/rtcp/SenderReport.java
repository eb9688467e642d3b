package jp.rinjo.media.rtcp;

import java.util.List;

/**
 * Sender report (RFC 3550 §6.4.1): what the recorder keeps for lip-sync (NTP ↔ RTP timestamp) and
 * the sender's counters.
 *
 * @param ntpTimestamp 64-bit NTP timestamp (seconds since 1900 &lt;&lt; 32 | fraction)
 * @param packetCount  sender's packet count (unsigned 32)
 * @param octetCount   sender's payload octet count (unsigned 32)
 */
public record SenderReport(int ssrc, long ntpTimestamp, int rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reports) implements RtcpPacket {
    public SenderReport {
        reports = List.copyOf(reports);
    }

    @Override
    public int packetType() {
        return RtcpHeader.SR;
    }

    /** The middle 32 bits of the NTP timestamp, as echoed in a report block's LSR field. */
    public long compactNtp() {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }
}
