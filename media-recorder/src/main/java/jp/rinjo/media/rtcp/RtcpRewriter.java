package jp.rinjo.media.rtcp;

import jp.rinjo.media.rtp.Bytes;

/**
 * In-place SSRC rewriting of feedback a subscriber sent about the stream the SFU forwards to it,
 * so it can be relayed to the publisher: the subscriber names the SSRC it sees (the rewritten
 * outgoing one); the publisher must see its own SSRC, and the SFU's SSRC as sender.
 *
 * <p>Rewrites, in every PLI (RFC 4585 §6.3.1), generic NACK (§6.2.1) and FIR (RFC 5104 §4.3.1) of
 * a compound packet, the packet sender SSRC and each media SSRC equal to {@code from}. Other
 * packets are left alone: the caller decides what to relay (typically only PLI/FIR, rate-limited;
 * NACKs are better answered from the retransmission cache, and their sequence numbers would need
 * mapping too, see {@code StreamRewriter#sourceSequenceNumber}). A relayed FIR keeps the
 * subscriber's command sequence number, which is only meaningful per requester: when several
 * subscribers ask, prefer a fresh FIR from the SFU's own {@link FirBuilder}.
 */
public final class RtcpRewriter {
    private RtcpRewriter() {
    }

    /**
     * @return the number of media SSRC fields rewritten; stops quietly at a malformed sub-packet
     */
    public static int rewriteFeedbackMediaSsrc(byte[] buf, int off, int len, int senderSsrc, int from, int to) {
        if (!Bytes.inBounds(buf, off, len)) {
            return 0;
        }
        int rewritten = 0;
        int p = off;
        int end = off + len;
        while (p < end) {
            int length = RtcpHeader.checkedLength(buf, p, end - p);
            if (length < 0) {
                break;
            }
            int content = RtcpHeader.contentLength(buf, p, length);
            int pt = RtcpHeader.packetType(buf, p);
            int fmt = RtcpHeader.countOrFormat(buf, p);
            boolean pliOrNack = (pt == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_PLI)
                    || (pt == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK);
            boolean fir = pt == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_FIR;
            if ((pliOrNack || fir) && content >= 12) {
                Bytes.put32(buf, p + 4, senderSsrc);
                if (pliOrNack && Bytes.i32(buf, p + 8) == from) {
                    Bytes.put32(buf, p + 8, to);
                    rewritten++;
                }
                if (fir) {
                    for (int e = p + 12; e + 8 <= p + content; e += 8) {
                        if (Bytes.i32(buf, e) == from) {
                            Bytes.put32(buf, e, to);
                            rewritten++;
                        }
                    }
                }
            }
            p += length;
        }
        return rewritten;
    }
}
