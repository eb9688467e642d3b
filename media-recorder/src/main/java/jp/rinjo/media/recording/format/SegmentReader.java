package jp.rinjo.media.recording.format;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

import jp.rinjo.media.recording.format.SegmentFormatException.Problem;

/**
 * Reads a segment record by record from a stream, holding one record in memory at a time, and
 * checks everything the format promises: magic and version, each record's CRC-32C, END before the
 * footer, the footer's counts and hash, nothing after it. The first violation ends reading with a
 * {@link SegmentFormatException} that names the byte offset and what is wrong; for a truncated file
 * {@link #validLength()} then says how much of it is intact.
 */
public final class SegmentReader implements Closeable {
    private final InputStream in;
    private final MessageDigest sha = Sha256.newDigest();
    private final CRC32C crc = new CRC32C();
    private final Tally tally = new Tally();
    private final byte[] frameHead = new byte[5];
    private final byte[] frameCrc = new byte[4];
    private final SegmentHeader header;
    private byte[] body = new byte[2048];
    private long offset;
    private long validLength;
    private int lastType = SegmentFormat.TYPE_HEADER;
    private SegmentRecord.End end;
    private SegmentFooter footer;
    private Sha256 fileSha;
    /** The state just before the END record, for repairing a file whose footer was lost. */
    private RepairPoint beforeEnd;

    /** Where a broken file can be cut and continued. */
    record RepairPoint(long length, MessageDigest sha, Tally tally) {
    }

    public SegmentReader(InputStream in) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
        readPreamble();
        int len = readFrame(true);
        if (frameHead[0] != SegmentFormat.TYPE_HEADER) {
            throw new SegmentFormatException(Problem.INVALID, SegmentFormat.PREAMBLE_LENGTH,
                    "the first record at offset 12 is " + SegmentFormat.typeName(frameHead[0] & 0xFF) + ", not HEADER");
        }
        try {
            header = RecordCodec.header(ByteBuffer.wrap(body, 0, len));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SegmentFormatException(Problem.INVALID, SegmentFormat.PREAMBLE_LENGTH,
                    "HEADER record at offset 12 is malformed: " + describe(e));
        }
        commit(len);
    }

    public static SegmentReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new SegmentReader(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public SegmentHeader header() {
        return header;
    }

    /**
     * The next record, or null once the footer has been read and checked (the segment is then
     * complete: see {@link #summary()}).
     */
    public SegmentRecord next() throws IOException {
        if (footer != null) {
            return null;
        }
        long start = offset;
        int len = readFrame(false);
        int type = frameHead[0] & 0xFF;
        if (type == SegmentFormat.TYPE_FOOTER) {
            readFooter(start, len);
            return null;
        }
        if (lastType == SegmentFormat.TYPE_END) {
            throw new SegmentFormatException(Problem.INVALID, start,
                    SegmentFormat.typeName(type) + " record at offset " + start + " follows END (only the footer may)");
        }
        if (type == SegmentFormat.TYPE_HEADER) {
            throw new SegmentFormatException(Problem.INVALID, start, "a second HEADER record at offset " + start);
        }
        SegmentRecord r;
        if (type == SegmentFormat.TYPE_RTP || type == SegmentFormat.TYPE_RTCP || type == SegmentFormat.TYPE_GAP
                || type == SegmentFormat.TYPE_INTERRUPTION || type == SegmentFormat.TYPE_END) {
            try {
                if ((type == SegmentFormat.TYPE_RTP || type == SegmentFormat.TYPE_RTCP) && len < SegmentFormat.PACKET_PREFIX) {
                    throw new BufferUnderflowException();
                }
                r = RecordCodec.record(type, body, len);
            } catch (BufferUnderflowException e) {
                throw new SegmentFormatException(Problem.INVALID, start,
                        SegmentFormat.typeName(type) + " record at offset " + start + ": body of " + len + " bytes is too short");
            }
        } else {
            r = new SegmentRecord.Unknown(type, len, start);
        }
        if (r instanceof SegmentRecord.End e) {
            beforeEnd = new RepairPoint(validLength, clone(sha), tally.copy());
            end = e;
        }
        commit(len);
        tally.count(r);
        lastType = type;
        return r;
    }

    /** Reads the remaining records and returns what the complete segment holds. */
    public SegmentSummary readToEnd() throws IOException {
        while (next() != null) {
            // records are counted as they pass
        }
        return summary();
    }

    /** After {@link #next()} returned null. */
    public SegmentSummary summary() {
        if (footer == null) {
            throw new IllegalStateException("the segment has not been read to its footer");
        }
        return new SegmentSummary(header, end, footer, offset, fileSha, tally.gaps, tally.interruptions);
    }

    /** Bytes from the start of the file up to the end of the last complete, intact record. */
    public long validLength() {
        return validLength;
    }

    /** Wall time of the latest packet, gap or interruption read; {@link Long#MIN_VALUE} if none. */
    public long lastWallMicros() {
        return tally.lastWallMicros;
    }

    /** Packets (RTP and RTCP) read so far. */
    public long packets() {
        return tally.rtp + tally.rtcp;
    }

    /** Where to cut a broken file: after the last intact record, or before END if the footer is what broke. */
    RepairPoint repairPoint() {
        if (beforeEnd != null) {
            return new RepairPoint(beforeEnd.length(), clone(beforeEnd.sha()), beforeEnd.tally().copy());
        }
        return new RepairPoint(validLength, clone(sha), tally.copy());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readPreamble() throws IOException {
        byte[] pre = new byte[SegmentFormat.PREAMBLE_LENGTH];
        int n = readFully(pre, 0, pre.length);
        if (n < SegmentFormat.MAGIC.length || !Arrays.equals(pre, 0, SegmentFormat.MAGIC.length, SegmentFormat.MAGIC, 0,
                SegmentFormat.MAGIC.length)) {
            if (n < SegmentFormat.MAGIC.length && Arrays.equals(pre, 0, n, SegmentFormat.MAGIC, 0, n)) {
                throw new SegmentFormatException(Problem.TRUNCATED, n, "truncated at byte " + n + ": the file ends inside the magic");
            }
            throw new SegmentFormatException(Problem.INVALID, 0, "not a Rinjo segment: the file does not start with RINJOSEG");
        }
        if (n < pre.length) {
            throw new SegmentFormatException(Problem.TRUNCATED, n, "truncated at byte " + n + ": the file ends inside the preamble");
        }
        int version = ((pre[8] & 0xFF) << 8) | (pre[9] & 0xFF);
        if (version != SegmentFormat.VERSION) {
            throw new SegmentFormatException(Problem.INVALID, 8,
                    "segment format version " + version + "; this reader knows version " + SegmentFormat.VERSION);
        }
        sha.update(pre);
        offset = pre.length;
        validLength = offset;
    }

    /**
     * Reads type, length, body and CRC of the record at {@link #offset} and checks the CRC; does not
     * yet count it as valid (see {@link #commit}).
     */
    private int readFrame(boolean headerExpected) throws IOException {
        long start = offset;
        int n = readFully(frameHead, 0, 5);
        if (n == 0) {
            String what = headerExpected ? "no HEADER record" : "no footer";
            throw new SegmentFormatException(Problem.TRUNCATED, start, "truncated at byte " + start + ": " + what
                    + " (the file ends after " + tally.records + " complete records; the last one ends at byte " + start + ")");
        }
        int type = frameHead[0] & 0xFF;
        if (SegmentFormat.isReservedInvalid(type)) {
            throw new SegmentFormatException(Problem.CORRUPT, start,
                    String.format("byte 0x%02x at offset %d where a record type is expected", type, start));
        }
        if (n < 5) {
            throw new SegmentFormatException(Problem.TRUNCATED, start + n, "truncated at byte " + (start + n) + ": "
                    + SegmentFormat.typeName(type) + " record at offset " + start + " ends inside its length field");
        }
        int len = ByteBuffer.wrap(frameHead, 1, 4).getInt();
        if (len < 0 || len > SegmentFormat.MAX_BODY_LENGTH) {
            throw new SegmentFormatException(Problem.CORRUPT, start, SegmentFormat.typeName(type) + " record at offset " + start
                    + " declares a body of " + Integer.toUnsignedString(len) + " bytes (the limit is " + SegmentFormat.MAX_BODY_LENGTH + ")");
        }
        if (body.length < len) {
            body = new byte[Math.max(len, body.length * 2)];
        }
        int got = readFully(body, 0, len);
        if (got < len) {
            throw new SegmentFormatException(Problem.TRUNCATED, start + 5 + got, "truncated at byte " + (start + 5 + got) + ": "
                    + SegmentFormat.typeName(type) + " record at offset " + start + " declares " + len + " body bytes, " + got + " present");
        }
        int c = readFully(frameCrc, 0, 4);
        if (c < 4) {
            throw new SegmentFormatException(Problem.TRUNCATED, start + 5 + len + c, "truncated at byte " + (start + 5 + len + c)
                    + ": " + SegmentFormat.typeName(type) + " record at offset " + start + " ends inside its CRC");
        }
        crc.reset();
        crc.update(frameHead, 0, 5);
        crc.update(body, 0, len);
        int stored = ByteBuffer.wrap(frameCrc).getInt();
        if ((int) crc.getValue() != stored) {
            throw new SegmentFormatException(Problem.CORRUPT, start, SegmentFormat.typeName(type) + " record at offset " + start
                    + ": CRC-32C mismatch (stored " + String.format("%08x", stored) + ", computed "
                    + String.format("%08x", (int) crc.getValue()) + ")");
        }
        offset = start + SegmentFormat.RECORD_OVERHEAD + len;
        return len;
    }

    /** The frame just read is intact: it joins the hashed, valid prefix. */
    private void commit(int len) {
        sha.update(frameHead, 0, 5);
        sha.update(body, 0, len);
        sha.update(frameCrc, 0, 4);
        validLength = offset;
    }

    private void readFooter(long start, int len) throws IOException {
        if (lastType != SegmentFormat.TYPE_END) {
            throw new SegmentFormatException(Problem.INVALID, start, "footer at offset " + start + " is not preceded by an END record");
        }
        if (len < SegmentFormat.FOOTER_BODY_LENGTH) {
            throw new SegmentFormatException(Problem.INVALID, start, "footer at offset " + start + ": body of " + len + " bytes is too short");
        }
        SegmentFooter f = RecordCodec.footer(ByteBuffer.wrap(body, 0, len));
        Sha256 actual = Sha256.snapshot(sha);
        if (!actual.equals(f.sha256BeforeFooter())) {
            throw new SegmentFormatException(Problem.CORRUPT, start, "footer at offset " + start + ": SHA-256 of the preceding bytes is "
                    + actual + ", the footer says " + f.sha256BeforeFooter());
        }
        SegmentFooter expected = tally.footer(actual);
        if (!expected.equals(f)) {
            throw new SegmentFormatException(Problem.INVALID, start, "footer at offset " + start + " counts " + counts(f)
                    + " but the segment holds " + counts(expected));
        }
        commit(len);
        int extra = 0;
        while (in.read() >= 0) {
            extra++;
        }
        if (extra > 0) {
            throw new SegmentFormatException(Problem.INVALID, offset, extra + " bytes follow the footer at offset " + offset);
        }
        footer = f;
        fileSha = Sha256.of(sha.digest());
    }

    private static String counts(SegmentFooter f) {
        return f.rtpPackets() + " RTP, " + f.rtcpPackets() + " RTCP, " + f.gaps() + " GAP, " + f.interruptions()
                + " INTERRUPTION, " + f.packetBytes() + " packet bytes, " + f.records() + " records";
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static MessageDigest clone(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof BufferUnderflowException ? "its body is too short" : e.getMessage();
    }
}
