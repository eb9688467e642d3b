package jp.rinjo.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jp.rinjo.media.rtp.Bytes;

/**
 * Parses a compound RTCP packet (RFC 3550 §6.1) into {@link RtcpPacket}s, without ever throwing.
 *
 * <p>Liberal in what it accepts: reduced-size RTCP (RFC 5506, a feedback packet alone) is fine, the
 * first packet need not be SR/RR. Conservative about structure: parsing stops at the first
 * sub-packet whose header is broken (wrong version, length past the end, bad padding), since
 * nothing after it can be located; the packets before it are returned. A sub-packet whose header is
 * sound but whose body is inconsistent (e.g. a NACK with no FCI) is returned as
 * {@link RtcpPacket.Other}, and so is transport-cc feedback, which the node sends but never reads
 * ({@link TransportCcFeedbackParser} decodes one when asked to).
 *
 * <p>Input is the decrypted SRTCP payload (no SRTCP index or tag).
 */
public final class RtcpParser {
    private RtcpParser() {
    }

    public static List<RtcpPacket> parse(byte[] buf, int off, int len) {
        List<RtcpPacket> out = new ArrayList<>(4);
        if (!Bytes.inBounds(buf, off, len)) {
            return out;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            int length = RtcpHeader.checkedLength(buf, p, end - p);
            if (length < 0) {
                break;
            }
            out.add(parseOne(buf, p, length));
            p += length;
        }
        return out;
    }

    private static RtcpPacket parseOne(byte[] buf, int off, int length) {
        int pt = RtcpHeader.packetType(buf, off);
        int rc = RtcpHeader.countOrFormat(buf, off);
        int content = RtcpHeader.contentLength(buf, off, length);
        RtcpPacket parsed = switch (pt) {
            case RtcpHeader.SR -> senderReport(buf, off, rc, content);
            case RtcpHeader.RR -> receiverReport(buf, off, rc, content);
            case RtcpHeader.BYE -> bye(buf, off, rc, content);
            case RtcpHeader.RTPFB -> transportFeedback(buf, off, rc, content);
            case RtcpHeader.PSFB -> payloadFeedback(buf, off, rc, content);
            default -> null;
        };
        return parsed != null ? parsed : new RtcpPacket.Other(pt, rc, off, length);
    }

    private static SenderReport senderReport(byte[] b, int off, int rc, int content) {
        if (content < 28 + rc * ReportBlock.LENGTH) {
            return null;
        }
        return new SenderReport(Bytes.i32(b, off + 4), Bytes.i64(b, off + 8), Bytes.i32(b, off + 16),
                Bytes.u32(b, off + 20), Bytes.u32(b, off + 24), reportBlocks(b, off + 28, rc));
    }

    private static ReceiverReport receiverReport(byte[] b, int off, int rc, int content) {
        if (content < 8 + rc * ReportBlock.LENGTH) {
            return null;
        }
        return new ReceiverReport(Bytes.i32(b, off + 4), reportBlocks(b, off + 8, rc));
    }

    private static List<ReportBlock> reportBlocks(byte[] b, int p, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++, p += ReportBlock.LENGTH) {
            int lost = Bytes.u24(b, p + 5);
            blocks.add(new ReportBlock(Bytes.i32(b, p), Bytes.u8(b, p + 4), (lost << 8) >> 8,
                    Bytes.u32(b, p + 8), Bytes.u32(b, p + 12), Bytes.u32(b, p + 16), Bytes.u32(b, p + 20)));
        }
        return blocks;
    }

    private static Bye bye(byte[] b, int off, int sc, int content) {
        int p = off + 4 + 4 * sc;
        if (p > off + content) {
            return null;
        }
        List<Integer> ssrcs = new ArrayList<>(sc);
        for (int i = 0; i < sc; i++) {
            ssrcs.add(Bytes.i32(b, off + 4 + 4 * i));
        }
        String reason = "";
        if (p < off + content) { // optional length-prefixed reason (RFC 3550 §6.6)
            int n = Bytes.u8(b, p);
            if (p + 1 + n > off + content) {
                return null;
            }
            reason = new String(b, p + 1, n, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
    }

    private static RtcpPacket transportFeedback(byte[] b, int off, int fmt, int content) {
        if (content < 12) {
            return null;
        }
        if (fmt == RtcpHeader.FMT_NACK) {
            int fci = content - 12;
            if (fci == 0 || fci % 4 != 0) {
                return null;
            }
            List<Integer> lost = new ArrayList<>();
            for (int p = off + 12; p < off + content; p += 4) {
                int pid = Bytes.u16(b, p);
                int blp = Bytes.u16(b, p + 2);
                lost.add(pid);
                for (int bit = 0; bit < 16; bit++) { // BLP bit i set: pid + i + 1 lost (RFC 4585 §6.2.1)
                    if ((blp & (1 << bit)) != 0) {
                        lost.add((pid + bit + 1) & 0xFFFF);
                    }
                }
            }
            return new Nack(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8), lost);
        }
        // transport-cc (FMT 15) stays Other: the node only sends it, and decoding what a participant sends
        // would let 1.4 KB of run-length chunks expand into millions of statuses on the media loop
        return null;
    }

    private static RtcpPacket payloadFeedback(byte[] b, int off, int fmt, int content) {
        if (content < 12) {
            return null;
        }
        int sender = Bytes.i32(b, off + 4);
        switch (fmt) {
            case RtcpHeader.FMT_PLI:
                return new Pli(sender, Bytes.i32(b, off + 8));
            case RtcpHeader.FMT_FIR: {
                int fci = content - 12;
                if (fci == 0 || fci % 8 != 0) {
                    return null;
                }
                List<Fir.Entry> entries = new ArrayList<>(fci / 8);
                for (int p = off + 12; p < off + content; p += 8) {
                    entries.add(new Fir.Entry(Bytes.i32(b, p), Bytes.u8(b, p + 4)));
                }
                return new Fir(sender, entries);
            }
            case RtcpHeader.FMT_AFB:
                return remb(b, off, sender, content);
            default:
                return null;
        }
    }

    private static Remb remb(byte[] b, int off, int sender, int content) {
        // 'R' 'E' 'M' 'B', num SSRC (8), BR exp (6), BR mantissa (18), SSRC feedback list
        if (content < 20 || b[off + 12] != 'R' || b[off + 13] != 'E' || b[off + 14] != 'M' || b[off + 15] != 'B') {
            return null;
        }
        int numSsrc = Bytes.u8(b, off + 16);
        if (content < 20 + 4 * numSsrc) {
            return null;
        }
        int exp = Bytes.u8(b, off + 17) >>> 2;
        long mantissa = Bytes.u24(b, off + 17) & 0x3FFFF;
        long bitrate = (mantissa >>> (63 - exp)) != 0 ? Long.MAX_VALUE : mantissa << exp; // saturate
        List<Integer> ssrcs = new ArrayList<>(numSsrc);
        for (int i = 0; i < numSsrc; i++) {
            ssrcs.add(Bytes.i32(b, off + 20 + 4 * i));
        }
        return new Remb(sender, bitrate, ssrcs);
    }
}
