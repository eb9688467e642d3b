package jp.rinjo.media.recording.rendition;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.codec.Vp8;

/** RTP → VP8 frames (RFC 7741); a frame with a missing packet is dropped whole. In order, once. */
final class Vp8Depacketizer {
    record Frame(int rtpTimestamp, long firstWallMicros, byte[] data, boolean keyframe) {
    }

    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private boolean open;
    private boolean broken;
    private boolean keyframe;
    private boolean waitForKeyframe;
    private int timestamp;
    private long firstWall;
    private long expectedSeq = -1;

    void push(long extendedSeq, byte[] packet, long wallMicros, Consumer<Frame> out) {
        int len = packet.length;
        int ts = RtpPacket.timestamp(packet, 0);
        boolean gap = expectedSeq >= 0 && extendedSeq != expectedSeq;
        expectedSeq = extendedSeq + 1;
        if (gap) {
            waitForKeyframe = true;
        }
        if (RtpPacket.payloadLength(packet, 0, packet.length) == 0) {
            if (gap && open) {
                broken = true;
            }
            return; // padding only (a bandwidth probe): a sequence number, no picture
        }
        if (open && ts != timestamp) {
            finish(out);
        }
        int off = RtpPacket.payloadOffset(packet, 0, len);
        int plen = RtpPacket.payloadLength(packet, 0, len);
        int descriptor = off < 0 || plen <= 0 ? -1 : Vp8.descriptorLength(packet, off, plen);
        if (descriptor < 0) {
            broken = open;
            return;
        }
        if (gap && open && !Vp8.isStartOfFrame(packet, off, plen)) {
            broken = true;
        }
        boolean start = Vp8.isStartOfFrame(packet, off, plen);
        if (start) {
            if (open) {
                finish(out);
            }
            open = true;
            broken = false;
            timestamp = ts;
            firstWall = wallMicros;
            keyframe = Vp8.isKeyframe(packet, off, plen);
        } else if (!open) {
            return; // the start of this frame was lost: nothing to add it to
        } else if (gap) {
            broken = true;
        }
        if (open) {
            frame.write(packet, off + descriptor, plen - descriptor);
        }
        if (RtpPacket.marker(packet, 0) && open) {
            finish(out);
        }
    }

    void flush(Consumer<Frame> out) {
        if (open) {
            finish(out);
        }
    }

    private void finish(Consumer<Frame> out) {
        if (broken) {
            waitForKeyframe = true;
        } else if (frame.size() > 0 && (keyframe || !waitForKeyframe)) {
            waitForKeyframe = false; // after a loss, only a keyframe restarts the picture
            out.accept(new Frame(timestamp, firstWall, frame.toByteArray(), keyframe));
        }
        frame.reset();
        open = false;
        broken = false;
        keyframe = false;
    }
}
