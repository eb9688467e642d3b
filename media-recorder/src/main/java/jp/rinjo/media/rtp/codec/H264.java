package jp.rinjo.media.rtp.codec;

import java.util.Arrays;
import jp.rinjo.media.rtp.Bytes;

/**
 * H.264 RTP payload inspection (RFC 6184), packetization-mode 0 and 1: single NAL unit packets
 * (types 1–23), STAP-A (24) and FU-A (28). STAP-B, MTAP and FU-B exist only in interleaved mode,
 * which WebRTC does not use.
 *
 * <p>All methods take the RTP payload range ({@code RtpPacket.payloadOffset/payloadLength}), never
 * throw and never allocate except {@link #parameterSets}.
 */
public final class H264 {
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264() {
    }

    /** NAL unit type of the first byte (5 bits), or -1 for an empty payload. */
    public static int packetType(byte[] buf, int off, int len) {
        return len < 1 ? -1 : buf[off] & 0x1F;
    }

    /**
     * Bit mask (bit {@code n} for NAL type {@code n}) of the NAL units this packet carries or
     * starts: the single NAL's type, every aggregated type of a STAP-A (RFC 6184 §5.7.1), or the
     * fragmented type of an FU-A <em>start</em> fragment (§5.8, S bit). 0 when malformed.
     */
    public static int startedNalTypes(byte[] buf, int off, int len) {
        int type = packetType(buf, off, len);
        if (type >= 1 && type <= 23) {
            return 1 << type;
        }
        if (type == STAP_A) {
            int mask = 0;
            int p = off + 1;
            int end = off + len;
            while (p + 2 < end) {
                int size = Bytes.u16(buf, p);
                if (size == 0 || p + 2 + size > end) {
                    return mask;
                }
                mask |= 1 << (buf[p + 2] & 0x1F);
                p += 2 + size;
            }
            return mask;
        }
        if (type == FU_A && len >= 2 && (buf[off + 1] & 0x80) != 0) {
            return 1 << (buf[off + 1] & 0x1F);
        }
        return 0;
    }

    /**
     * True if the packet carries (the start of) an IDR slice or an SPS: the packets a decoder can
     * start from. WebRTC senders emit SPS and PPS right before every IDR (Chrome in one STAP-A).
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        return (startedNalTypes(buf, off, len) & ((1 << NAL_IDR) | (1 << NAL_SPS))) != 0;
    }

    /** True if the packet carries an SPS (an access unit with SPS starts with it, H.264 §7.4.1.2.3). */
    public static boolean hasSps(byte[] buf, int off, int len) {
        return (startedNalTypes(buf, off, len) & (1 << NAL_SPS)) != 0;
    }

    /** True if the payload begins a NAL unit (single NAL, STAP-A, or FU-A start fragment). */
    public static boolean startsNalUnit(byte[] buf, int off, int len) {
        int type = packetType(buf, off, len);
        return (type >= 1 && type <= 23) || type == STAP_A || (type == FU_A && len >= 2 && (buf[off + 1] & 0x80) != 0);
    }

    /**
     * SPS and PPS NAL units (header byte included, as they go into an avcC box or after Annex B
     * start codes) found in a single NAL packet or a STAP-A; null when the packet has neither.
     * A field is null when that kind is absent; with several of a kind, the last wins.
     */
    public static ParameterSets parameterSets(byte[] buf, int off, int len) {
        int type = packetType(buf, off, len);
        byte[] sps = null;
        byte[] pps = null;
        if (type == NAL_SPS) {
            sps = Arrays.copyOfRange(buf, off, off + len);
        } else if (type == NAL_PPS) {
            pps = Arrays.copyOfRange(buf, off, off + len);
        } else if (type == STAP_A) {
            int p = off + 1;
            int end = off + len;
            while (p + 2 < end) {
                int size = Bytes.u16(buf, p);
                if (size == 0 || p + 2 + size > end) {
                    break;
                }
                int nal = buf[p + 2] & 0x1F;
                if (nal == NAL_SPS) {
                    sps = Arrays.copyOfRange(buf, p + 2, p + 2 + size);
                } else if (nal == NAL_PPS) {
                    pps = Arrays.copyOfRange(buf, p + 2, p + 2 + size);
                }
                p += 2 + size;
            }
        }
        return sps == null && pps == null ? null : new ParameterSets(sps, pps);
    }

    /** SPS and/or PPS NAL units, each with its one-byte NAL header; either may be null. */
    public record ParameterSets(byte[] sps, byte[] pps) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterSets p && Arrays.equals(sps, p.sps) && Arrays.equals(pps, p.pps);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(sps) + Arrays.hashCode(pps);
        }

        @Override
        public String toString() {
            return "ParameterSets[sps=" + (sps == null ? "-" : sps.length + " bytes") + ", pps="
                    + (pps == null ? "-" : pps.length + " bytes") + "]";
        }
    }
}
