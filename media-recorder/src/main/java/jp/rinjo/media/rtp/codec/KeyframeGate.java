package jp.rinjo.media.rtp.codec;

import jp.rinjo.media.rtp.RtpPacket;

/**
 * Holds back a stream for a new (or switched, or recovering) subscriber until a packet it can
 * start decoding from, then lets everything through. The SFU sends a PLI/FIR when it arms the gate.
 *
 * <p>Where it opens:
 * <ul>
 *   <li>VP8: a packet starting a key frame (S=1, PID=0, P=0; exact, RFC 7741 §4.3).</li>
 *   <li>H.264: a packet carrying an SPS (an access unit begins with it, and the decoder needs it),
 *       or the start of an IDR slice whose timestamp differs from the previous packet's (so it is
 *       the first packet of its access unit, not the second slice of an IDR already missed).</li>
 *   <li>Opus: the first packet.</li>
 * </ul>
 * Packets the gate holds back should be passed to {@code StreamRewriter#drop} only if a segment is
 * already running for that source (otherwise nothing needs doing).
 *
 * <p>Not thread-safe; one per subscriber track. Allocation-free.
 */
public final class KeyframeGate {
    private final Codec codec;
    private boolean open;
    private boolean seenAny;
    private int lastTimestamp;
    private int lastSsrc;

    public KeyframeGate(Codec codec) {
        this.codec = codec;
    }

    /**
     * @param buf a valid RTP packet ({@link RtpPacket#isValid})
     * @return true if the packet is to be forwarded
     */
    public boolean admit(byte[] buf, int off, int len) {
        if (open) {
            return true;
        }
        int ts = RtpPacket.timestamp(buf, off);
        int ssrc = RtpPacket.ssrc(buf, off);
        boolean newFrame = !seenAny || ts != lastTimestamp || ssrc != lastSsrc;
        seenAny = true;
        lastTimestamp = ts;
        lastSsrc = ssrc;
        int p = RtpPacket.payloadOffset(buf, off, len);
        int n = RtpPacket.payloadLength(buf, off, len);
        if (p < 0 || n <= 0) {
            return false;
        }
        open = switch (codec) {
            case OPUS -> true;
            case VP8 -> Vp8.isKeyframe(buf, p, n);
            case H264 -> H264.hasSps(buf, p, n) || (newFrame && H264.isKeyframe(buf, p, n));
        };
        return open;
    }

    /** Closes the gate again: wait for the next keyframe (new source, decoder error, layer switch). */
    public void arm() {
        open = false;
        seenAny = false;
    }

    public boolean isOpen() {
        return open;
    }
}
