package jp.rinjo.media.recording.format;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the segment file format; {@code FORMAT.md} beside this file is the specification
 * and the two must agree byte for byte.
 */
public final class SegmentFormat {
    /** The first 8 bytes of every segment file: ASCII {@code RINJOSEG}. */
    static final byte[] MAGIC = "RINJOSEG".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Magic (8) + version (2) + flags (2). */
    public static final int PREAMBLE_LENGTH = 12;
    /** Type (1) + body length (4) before the body, CRC-32C (4) after it. */
    public static final int RECORD_OVERHEAD = 9;
    /** A body longer than this is treated as corruption, not allocated (16 MiB). */
    public static final int MAX_BODY_LENGTH = 1 << 24;
    /** wall µs (8) + monotonic ns (8) before the packet bytes of an RTP/RTCP record. */
    public static final int PACKET_PREFIX = 16;
    /** Body length of the footer record. */
    static final int FOOTER_BODY_LENGTH = 8 + 8 + 4 + 4 + 8 + 8 + 32;

    public static final int TYPE_HEADER = 0x01;
    public static final int TYPE_RTP = 0x10;
    public static final int TYPE_RTCP = 0x11;
    public static final int TYPE_GAP = 0x20;
    public static final int TYPE_INTERRUPTION = 0x21;
    public static final int TYPE_END = 0x30;
    public static final int TYPE_FOOTER = 0x7F;

    private SegmentFormat() {
    }

    /** 0x00 and 0xFF never start a record: zero-filled or erased tails are corruption, not records. */
    static boolean isReservedInvalid(int type) {
        return type == 0x00 || type == 0xFF;
    }

    static String typeName(int type) {
        return switch (type) {
            case TYPE_HEADER -> "HEADER";
            case TYPE_RTP -> "RTP";
            case TYPE_RTCP -> "RTCP";
            case TYPE_GAP -> "GAP";
            case TYPE_INTERRUPTION -> "INTERRUPTION";
            case TYPE_END -> "END";
            case TYPE_FOOTER -> "FOOTER";
            default -> String.format("type 0x%02x", type);
        };
    }
}
