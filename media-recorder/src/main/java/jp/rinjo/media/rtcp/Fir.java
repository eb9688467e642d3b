package jp.rinjo.media.rtcp;

import java.util.List;

/**
 * Full Intra Request (RFC 5104 §4.3.1): one entry per media sender asked for a decoder refresh.
 * A repeated request carries the same sequence number; a new one increments it (mod 256).
 */
public record Fir(int senderSsrc, List<Entry> entries) implements RtcpPacket {
    public Fir {
        entries = List.copyOf(entries);
    }

    @Override
    public int packetType() {
        return RtcpHeader.PSFB;
    }

    /** One FCI entry: target SSRC and command sequence number (0..255). */
    public record Entry(int ssrc, int sequenceNumber) {
        public Entry {
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("FIR sequence number must be 0..255: " + sequenceNumber);
            }
        }
    }
}
