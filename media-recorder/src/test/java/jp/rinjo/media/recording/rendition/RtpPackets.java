package jp.rinjo.media.recording.rendition;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import jp.rinjo.media.rtp.RtpPacket;

/** Packetizes encoded units as a browser would (RFC 6184 packetization-mode=1; RFC 7587). */
final class RtpPackets {
    private int seq = 30_000;
    private final int ssrc;
    private final int pt;

    RtpPackets(int ssrc, int pt) {
        this.ssrc = ssrc;
        this.pt = pt;
    }

    /** One access unit (Annex B) → packets: SPS/PPS in a STAP-A, small NALs alone, large ones as FU-A. */
    List<byte[]> h264(byte[] annexB, int timestamp) {
        List<byte[]> nals = splitAnnexB(annexB);
        List<byte[]> payloads = new ArrayList<>();
        ByteArrayOutputStream stap = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            int type = nal[0] & 0x1F;
            if (type == 7 || type == 8) {
                if (stap.size() == 0) {
                    stap.write(24);
                }
                stap.write(nal.length >> 8);
                stap.write(nal.length);
                stap.writeBytes(nal);
                continue;
            }
            if (stap.size() > 0) {
                payloads.add(stap.toByteArray());
                stap.reset();
            }
            if (nal.length <= 1100) {
                payloads.add(nal);
            } else {
                for (int off = 1; off < nal.length; off += 1000) {
                    int len = Math.min(1000, nal.length - off);
                    byte[] fu = new byte[2 + len];
                    fu[0] = (byte) ((nal[0] & 0xE0) | 28);
                    fu[1] = (byte) ((off == 1 ? 0x80 : 0) | (off + len >= nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
                    System.arraycopy(nal, off, fu, 2, len);
                    payloads.add(fu);
                }
            }
        }
        if (stap.size() > 0) {
            payloads.add(stap.toByteArray());
        }
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            packets.add(packet(payloads.get(i), timestamp, i == payloads.size() - 1));
        }
        return packets;
    }

    /** A padding-only packet (Chrome's bandwidth probe without RTX): a sequence number, no payload. */
    byte[] padding(int timestamp, int size) {
        byte[] b = new byte[12 + size];
        RtpPacket.writeHeader(b, 0, false, pt, seq++ & 0xFFFF, timestamp, ssrc);
        b[0] |= 0x20; // P bit
        b[b.length - 1] = (byte) size; // the last byte says how many are padding, itself included
        return b;
    }

    /** One VP8 frame → packets of at most 1000 bytes, each with a one-byte descriptor (RFC 7741 §4.2; S on the first). */
    List<byte[]> vp8(byte[] frame, int timestamp) {
        List<byte[]> packets = new ArrayList<>();
        for (int off = 0; off < frame.length; off += 1000) {
            int len = Math.min(1000, frame.length - off);
            byte[] payload = new byte[1 + len];
            payload[0] = (byte) (off == 0 ? 0x10 : 0x00);
            System.arraycopy(frame, off, payload, 1, len);
            packets.add(packet(payload, timestamp, off + len >= frame.length));
        }
        return packets;
    }

    /** A sender report (RFC 3550 §6.4.1) saying that RTP time {@code timestamp} was the sender's clock at {@code senderWallMicros}. */
    byte[] senderReport(long senderWallMicros, int timestamp) {
        long seconds = Math.floorDiv(senderWallMicros, 1_000_000L) + 2_208_988_800L;
        long fraction = (Math.floorMod(senderWallMicros, 1_000_000L) << 32) / 1_000_000L;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt(ssrc);
        b.putLong(seconds << 32 | fraction).putInt(timestamp).putInt(0).putInt(0); // counters unused here
        return b.array();
    }

    byte[] opus(byte[] frame, int timestamp) {
        return packet(frame, timestamp, false);
    }

    private byte[] packet(byte[] payload, int timestamp, boolean marker) {
        byte[] b = new byte[12 + payload.length];
        RtpPacket.writeHeader(b, 0, marker, pt, seq++ & 0xFFFF, timestamp, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    static List<byte[]> splitAnnexB(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && (b[i + 2] == 1 || (i + 3 < b.length && b[i + 2] == 0 && b[i + 3] == 1))) {
                int codeLen = b[i + 2] == 1 ? 3 : 4;
                if (start >= 0) {
                    out.add(trimTrailingZeros(java.util.Arrays.copyOfRange(b, start, i)));
                }
                start = i + codeLen;
                i += codeLen - 1;
            }
        }
        if (start >= 0 && start < b.length) {
            out.add(java.util.Arrays.copyOfRange(b, start, b.length));
        }
        return out;
    }

    private static byte[] trimTrailingZeros(byte[] nal) {
        int n = nal.length;
        while (n > 1 && nal[n - 1] == 0) {
            n--;
        }
        return n == nal.length ? nal : java.util.Arrays.copyOf(nal, n);
    }
}
