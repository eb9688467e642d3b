package jp.rinjo.media.recording.rendition;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

import jp.rinjo.media.rtp.RtpPacket;

/**
 * RTP → H.264 access units in Annex B form (RFC 6184: single NAL units, STAP-A, FU-A). An access
 * unit with a missing packet is dropped whole — a decoder would show garbage — so a loss becomes a
 * gap in the rendition, never a corrupt picture. Packets must come in sequence order, once.
 */
final class H264Depacketizer {
    private static final byte[] START = {0, 0, 0, 1};

    /** An access unit: RTP timestamp (unwrapped by the caller's timeline), Annex B bytes, IDR or not. */
    record AccessUnit(long extendedSeqOfFirst, int rtpTimestamp, long firstWallMicros, byte[] annexB, boolean keyframe) {
    }

    private final ByteArrayOutputStream unit = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fragment = new ByteArrayOutputStream();
    private boolean inFragment;
    private boolean waitForKeyframe;
    private boolean broken;
    private boolean keyframe;
    private boolean open;
    private int timestamp;
    private long firstSeq;
    private long firstWall;
    private long expectedSeq = -1;
    private byte[] sps;
    private byte[] pps;

    byte[] sps() {
        return sps;
    }

    byte[] pps() {
        return pps;
    }

    void push(long extendedSeq, byte[] packet, long wallMicros, Consumer<AccessUnit> out) {
        int len = packet.length;
        int ts = RtpPacket.timestamp(packet, 0);
        boolean gap = expectedSeq >= 0 && extendedSeq != expectedSeq;
        expectedSeq = extendedSeq + 1;
        if (RtpPacket.payloadLength(packet, 0, len) == 0) {
            // padding only: the sender's bandwidth probe (RTX is not negotiated, so it comes on the media
            // SSRC); it takes a sequence number and carries no picture
            if (gap) {
                waitForKeyframe = true;
                broken = broken || open;
            }
            return;
        }
        if (open && ts != timestamp) {
            finish(out);
        }
        if (gap && open) {
            broken = true; // a packet of this access unit is missing
        }
        if (gap) {
            waitForKeyframe = true; // a whole access unit may be lost: later ones may refer to it
            inFragment = false;
            fragment.reset();
        }
        if (!open) {
            open = true;
            timestamp = ts;
            firstSeq = extendedSeq;
            firstWall = wallMicros;
        }
        int off = RtpPacket.payloadOffset(packet, 0, len);
        int plen = RtpPacket.payloadLength(packet, 0, len);
        if (off < 0 || plen <= 0) {
            broken = true;
        } else {
            payload(packet, off, plen);
        }
        if (RtpPacket.marker(packet, 0)) {
            finish(out);
        }
    }

    void flush(Consumer<AccessUnit> out) {
        if (open) {
            finish(out);
        }
    }

    private void payload(byte[] b, int off, int len) {
        int type = b[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            nal(b, off, len);
        } else if (type == 24) { // STAP-A: 16-bit size, NAL, ...
            int p = off + 1;
            while (p + 2 <= off + len) {
                int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                p += 2;
                if (size == 0 || p + size > off + len) {
                    broken = true;
                    return;
                }
                nal(b, p, size);
                p += size;
            }
        } else if (type == 28 && len >= 2) { // FU-A
            boolean start = (b[off + 1] & 0x80) != 0;
            boolean end = (b[off + 1] & 0x40) != 0;
            if (start) {
                fragment.reset();
                fragment.write((b[off] & 0xE0) | (b[off + 1] & 0x1F));
                inFragment = true;
            } else if (!inFragment) {
                broken = true; // the start of this NAL unit was lost
                return;
            }
            fragment.write(b, off + 2, len - 2);
            if (end) {
                byte[] nal = fragment.toByteArray();
                nal(nal, 0, nal.length);
                inFragment = false;
                fragment.reset();
            }
        } else {
            broken = true; // STAP-B, MTAP, FU-B: not sent by browsers (packetization-mode=1)
        }
    }

    private void nal(byte[] b, int off, int len) {
        int type = b[off] & 0x1F;
        if (type == 5) {
            keyframe = true;
        } else if (type == 7) {
            sps = java.util.Arrays.copyOfRange(b, off, off + len);
        } else if (type == 8) {
            pps = java.util.Arrays.copyOfRange(b, off, off + len);
        }
        unit.write(START, 0, START.length);
        unit.write(b, off, len);
    }

    private void finish(Consumer<AccessUnit> out) {
        if (inFragment) {
            broken = true; // the end of a fragmented NAL unit never came
        }
        if (broken) {
            waitForKeyframe = true;
        } else if (unit.size() > 0 && (keyframe || !waitForKeyframe)) {
            // after a loss only a keyframe restarts the picture: frames predicted from a lost one
            // would show the decoder's guesswork, which has no place in evidence
            waitForKeyframe = false;
            out.accept(new AccessUnit(firstSeq, timestamp, firstWall, unit.toByteArray(), keyframe));
        }
        unit.reset();
        fragment.reset();
        inFragment = false;
        broken = false;
        keyframe = false;
        open = false;
    }
}
