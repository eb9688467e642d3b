package jp.rinjo.media.recording.format;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Big-endian encoding of record bodies (layouts in FORMAT.md). */
final class RecordCodec {
    private RecordCodec() {
    }

    static void putString(ByteBuffer b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string longer than 65535 bytes");
        }
        b.putShort((short) utf8.length).put(utf8);
    }

    static int stringLength(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    static String getString(ByteBuffer b) {
        int n = Short.toUnsignedInt(b.getShort());
        byte[] utf8 = new byte[n];
        b.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static byte[] headerBody(SegmentHeader h) {
        CodecInfo c = h.codec();
        int size = stringLength(h.sessionId()) + stringLength(h.trackId()) + stringLength(h.participantId())
                + stringLength(h.trackKey()) + stringLength(h.kind()) + stringLength(c.name()) + 4 + 1 + 1
                + stringLength(c.fmtp()) + 8 + 32 + 8 + 8 + stringLength(h.writerNodeId());
        ByteBuffer b = ByteBuffer.allocate(size);
        putString(b, h.sessionId());
        putString(b, h.trackId());
        putString(b, h.participantId());
        putString(b, h.trackKey());
        putString(b, h.kind());
        putString(b, c.name());
        b.putInt(c.clockRate()).put((byte) c.payloadType()).put((byte) c.channels());
        putString(b, c.fmtp());
        b.putLong(h.sequence()).put(h.previousLink().bytes()).putLong(h.startWallMicros()).putLong(h.startMonoNanos());
        putString(b, h.writerNodeId());
        return b.array();
    }

    /** Fields appended by later revisions follow; they are ignored here. */
    static SegmentHeader header(ByteBuffer b) {
        String session = getString(b);
        String track = getString(b);
        String participant = getString(b);
        String key = getString(b);
        String kind = getString(b);
        String codecName = getString(b);
        int clockRate = b.getInt();
        int pt = Byte.toUnsignedInt(b.get());
        int channels = Byte.toUnsignedInt(b.get());
        String fmtp = getString(b);
        long seq = b.getLong();
        byte[] prev = new byte[32];
        b.get(prev);
        long wall = b.getLong();
        long mono = b.getLong();
        String node = getString(b);
        return new SegmentHeader(session, track, participant, key, kind, new CodecInfo(codecName, clockRate, pt, channels, fmtp),
                seq, Sha256.of(prev), wall, mono, node);
    }

    static byte[] gapBody(SegmentRecord.Gap g) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 8 + 8 + stringLength(g.reason()));
        b.putLong(g.fromWallMicros()).putLong(g.toWallMicros()).putLong(g.packetsLost()).putLong(g.bytesLost());
        putString(b, g.reason());
        return b.array();
    }

    static byte[] interruptionBody(SegmentRecord.Interruption i) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + stringLength(i.reason()));
        b.putLong(i.fromWallMicros()).putLong(i.toWallMicros());
        putString(b, i.reason());
        return b.array();
    }

    static byte[] endBody(SegmentRecord.End e) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + stringLength(e.reason()));
        b.putLong(e.endWallMicros()).putLong(e.endMonoNanos());
        putString(b, e.reason());
        return b.array();
    }

    static byte[] footerBody(SegmentFooter f) {
        ByteBuffer b = ByteBuffer.allocate(SegmentFormat.FOOTER_BODY_LENGTH);
        b.putLong(f.rtpPackets()).putLong(f.rtcpPackets()).putInt((int) f.gaps()).putInt((int) f.interruptions())
                .putLong(f.packetBytes()).putLong(f.records()).put(f.sha256BeforeFooter().bytes());
        return b.array();
    }

    static SegmentFooter footer(ByteBuffer b) {
        long rtp = b.getLong();
        long rtcp = b.getLong();
        long gaps = Integer.toUnsignedLong(b.getInt());
        long interruptions = Integer.toUnsignedLong(b.getInt());
        long bytes = b.getLong();
        long records = b.getLong();
        byte[] sha = new byte[32];
        b.get(sha);
        return new SegmentFooter(rtp, rtcp, gaps, interruptions, bytes, records, Sha256.of(sha));
    }

    /**
     * Decodes a known record body; {@link BufferUnderflowException} means the body is shorter than
     * its type requires.
     */
    static SegmentRecord record(int type, byte[] body, int length) {
        ByteBuffer b = ByteBuffer.wrap(body, 0, length);
        return switch (type) {
            case SegmentFormat.TYPE_RTP, SegmentFormat.TYPE_RTCP -> {
                long wall = b.getLong();
                long mono = b.getLong();
                byte[] packet = new byte[length - SegmentFormat.PACKET_PREFIX];
                b.get(packet);
                yield new SegmentRecord.Packet(type == SegmentFormat.TYPE_RTCP, wall, mono, packet);
            }
            case SegmentFormat.TYPE_GAP -> new SegmentRecord.Gap(b.getLong(), b.getLong(), b.getLong(), b.getLong(), getString(b));
            case SegmentFormat.TYPE_INTERRUPTION -> new SegmentRecord.Interruption(b.getLong(), b.getLong(), getString(b));
            case SegmentFormat.TYPE_END -> new SegmentRecord.End(b.getLong(), b.getLong(), getString(b));
            default -> throw new IllegalArgumentException("not a record body type: " + type);
        };
    }
}
