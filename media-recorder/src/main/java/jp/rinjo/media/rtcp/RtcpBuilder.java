package jp.rinjo.media.rtcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jp.rinjo.media.rtp.Bytes;

/**
 * Builds the RTCP packets the media node sends. Each method returns one packet (a fresh array,
 * length a multiple of 4); {@link #compound} joins them. RTCP is low-rate, so these allocate.
 *
 * <p>Browsers negotiate reduced-size RTCP ({@code a=rtcp-rsize}, RFC 5506), so a lone PLI or NACK
 * may be sent as is; for peers that did not, prefix an empty {@link #receiverReport}.
 */
public final class RtcpBuilder {
    private RtcpBuilder() {
    }

    /** Picture Loss Indication (RFC 4585 §6.3.1): 12 bytes, no FCI. */
    public static byte[] pli(int senderSsrc, int mediaSsrc) {
        byte[] b = new byte[12];
        RtcpHeader.write(b, 0, RtcpHeader.FMT_PLI, RtcpHeader.PSFB, 12);
        Bytes.put32(b, 4, senderSsrc);
        Bytes.put32(b, 8, mediaSsrc);
        return b;
    }

    /**
     * Full Intra Request (RFC 5104 §4.3.1) for one media sender. The "SSRC of media source" header
     * field is unused and set to 0 (§4.3.1.2); the target goes in the FCI. Use {@link FirBuilder}
     * to keep the command sequence number right.
     */
    public static byte[] fir(int senderSsrc, int mediaSsrc, int sequenceNumber) {
        byte[] b = new byte[20];
        RtcpHeader.write(b, 0, RtcpHeader.FMT_FIR, RtcpHeader.PSFB, 20);
        Bytes.put32(b, 4, senderSsrc);
        Bytes.put32(b, 8, 0);
        Bytes.put32(b, 12, mediaSsrc);
        b[16] = (byte) sequenceNumber;
        return b;
    }

    /**
     * Generic NACK (RFC 4585 §6.2.1) for the given lost sequence numbers, packed into as few PID+BLP
     * pairs as possible. Order and duplicates do not matter; wrap-around is handled by ordering the
     * numbers on the 16-bit circle starting from the first given.
     */
    public static byte[] nack(int senderSsrc, int mediaSsrc, Collection<Integer> lost) {
        if (lost.isEmpty()) {
            throw new IllegalArgumentException("a NACK needs at least one sequence number");
        }
        int first = lost.iterator().next() & 0xFFFF;
        int[] offsets = lost.stream().mapToInt(s -> ((s & 0xFFFF) - first + 32768) & 0xFFFF).sorted().distinct()
                .toArray();
        List<int[]> fci = new ArrayList<>();
        int i = 0;
        while (i < offsets.length) {
            int pid = offsets[i++];
            int blp = 0;
            while (i < offsets.length && offsets[i] - pid <= 16) {
                blp |= 1 << (offsets[i] - pid - 1);
                i++;
            }
            fci.add(new int[] {(pid + first - 32768) & 0xFFFF, blp});
        }
        int length = 12 + 4 * fci.size();
        byte[] b = new byte[length];
        RtcpHeader.write(b, 0, RtcpHeader.FMT_NACK, RtcpHeader.RTPFB, length);
        Bytes.put32(b, 4, senderSsrc);
        Bytes.put32(b, 8, mediaSsrc);
        for (int k = 0; k < fci.size(); k++) {
            Bytes.put16(b, 12 + 4 * k, fci.get(k)[0]);
            Bytes.put16(b, 14 + 4 * k, fci.get(k)[1]);
        }
        return b;
    }

    /**
     * REMB (draft-alvestrand-rmcat-remb-03 §2.2): bitrate as an 18-bit mantissa and 6-bit exponent,
     * rounded down (never announce more than estimated), for the listed media SSRCs.
     */
    public static byte[] remb(int senderSsrc, long bitrateBps, Collection<Integer> ssrcs) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrate must not be negative: " + bitrateBps);
        }
        if (ssrcs.size() > 255) {
            throw new IllegalArgumentException("at most 255 SSRCs: " + ssrcs.size());
        }
        int exp = 0;
        while ((bitrateBps >>> exp) > 0x3FFFF) {
            exp++;
        }
        long mantissa = bitrateBps >>> exp;
        int length = 20 + 4 * ssrcs.size();
        byte[] b = new byte[length];
        RtcpHeader.write(b, 0, RtcpHeader.FMT_AFB, RtcpHeader.PSFB, length);
        Bytes.put32(b, 4, senderSsrc);
        Bytes.put32(b, 8, 0); // media source unused for REMB
        b[12] = 'R';
        b[13] = 'E';
        b[14] = 'M';
        b[15] = 'B';
        b[16] = (byte) ssrcs.size();
        Bytes.put24(b, 17, (exp << 18) | (int) mantissa);
        int p = 20;
        for (int ssrc : ssrcs) {
            Bytes.put32(b, p, ssrc);
            p += 4;
        }
        return b;
    }

    /** Receiver report (RFC 3550 §6.4.2) with up to 31 report blocks; empty is allowed. */
    public static byte[] receiverReport(int senderSsrc, List<ReportBlock> blocks) {
        if (blocks.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks per RR: " + blocks.size());
        }
        int length = 8 + ReportBlock.LENGTH * blocks.size();
        byte[] b = new byte[length];
        RtcpHeader.write(b, 0, blocks.size(), RtcpHeader.RR, length);
        Bytes.put32(b, 4, senderSsrc);
        int p = 8;
        for (ReportBlock r : blocks) {
            Bytes.put32(b, p, r.ssrc());
            b[p + 4] = (byte) r.fractionLost();
            Bytes.put24(b, p + 5, r.cumulativeLost());
            Bytes.put32(b, p + 8, (int) r.extendedHighestSeq());
            Bytes.put32(b, p + 12, (int) r.jitter());
            Bytes.put32(b, p + 16, (int) r.lastSr());
            Bytes.put32(b, p + 20, (int) r.delaySinceLastSr());
            p += ReportBlock.LENGTH;
        }
        return b;
    }

    /** Concatenates packets into one compound packet (RFC 3550 §6.1). */
    public static byte[] compound(byte[]... packets) {
        int total = 0;
        for (byte[] p : packets) {
            total += p.length;
        }
        byte[] b = new byte[total];
        int p = 0;
        for (byte[] packet : packets) {
            System.arraycopy(packet, 0, b, p, packet.length);
            p += packet.length;
        }
        return b;
    }
}
