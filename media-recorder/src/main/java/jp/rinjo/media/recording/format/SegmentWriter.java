package jp.rinjo.media.recording.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * Appends records to one segment file. Records collect in a 64 KiB buffer that reaches the
 * operating system on {@link #flush()} (the recorder calls it every few hundred ms, so a killed
 * process loses at most that much); {@link #finish} writes END and the footer, and
 * {@link #syncAndClose()} makes the file durable. Not thread-safe: one writer thread owns it.
 *
 * <p>Every failure is an {@link IOException} to the caller: nothing here swallows a write error.
 */
public final class SegmentWriter implements Closeable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final SegmentHeader header;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private final MessageDigest sha;
    private final CRC32C crc = new CRC32C();
    private final Tally tally;
    private long written;
    private SegmentSummary summary;

    private SegmentWriter(Path path, FileChannel channel, SegmentHeader header, MessageDigest sha, Tally tally, long written) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.sha = sha;
        this.tally = tally;
        this.written = written;
    }

    /** Creates the file (it must not exist) and writes the preamble and header straight through. */
    public static SegmentWriter create(Path path, SegmentHeader header) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SegmentWriter w = new SegmentWriter(path, ch, header, Sha256.newDigest(), new Tally(), 0);
        try {
            w.buffer.put(SegmentFormat.MAGIC).putShort((short) SegmentFormat.VERSION).putShort((short) 0);
            w.writeRecord(SegmentFormat.TYPE_HEADER, RecordCodec.headerBody(header));
            w.flush();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return w;
    }

    /**
     * Continues a file whose intact prefix of {@code length} bytes was read back (crash recovery):
     * everything after it is cut off, then appending goes on from the reader's state.
     */
    static SegmentWriter resume(Path path, SegmentHeader header, long length, MessageDigest shaOfPrefix, Tally tally)
            throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
        try {
            ch.truncate(length);
            ch.position(length);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new SegmentWriter(path, ch, header, shaOfPrefix, tally, length);
    }

    public Path path() {
        return path;
    }

    public SegmentHeader header() {
        return header;
    }

    /** Bytes in the segment so far, buffered ones included. */
    public long size() {
        return written + buffer.position();
    }

    public long packets() {
        return tally.rtp + tally.rtcp;
    }

    /** Records other than the header written so far. */
    public long records() {
        return tally.records;
    }

    /** Wall time of the latest packet, gap or interruption written; {@link Long#MIN_VALUE} if none. */
    public long lastWallMicros() {
        return tally.lastWallMicros;
    }

    /** An RTP ({@code rtcp == false}) or RTCP packet exactly as received. */
    public void packet(boolean rtcp, long wallMicros, long monoNanos, byte[] b, int off, int len) throws IOException {
        requireOpen();
        int body = SegmentFormat.PACKET_PREFIX + len;
        ByteBuffer target = reserve(body);
        int start = target.position();
        target.put((byte) (rtcp ? SegmentFormat.TYPE_RTCP : SegmentFormat.TYPE_RTP)).putInt(body)
                .putLong(wallMicros).putLong(monoNanos).put(b, off, len);
        seal(target, start);
        tally.packetRecord(rtcp, len, wallMicros);
    }

    public void gap(SegmentRecord.Gap gap) throws IOException {
        requireOpen();
        writeRecord(SegmentFormat.TYPE_GAP, RecordCodec.gapBody(gap));
        tally.count(gap);
    }

    public void interruption(SegmentRecord.Interruption interruption) throws IOException {
        requireOpen();
        writeRecord(SegmentFormat.TYPE_INTERRUPTION, RecordCodec.interruptionBody(interruption));
        tally.count(interruption);
    }

    /**
     * A record of a type this revision does not define, as a later revision would write it (lets the
     * tests prove that readers skip such records).
     */
    void extensionRecord(int type, byte[] body) throws IOException {
        requireOpen();
        writeRecord(type, body);
        tally.records++;
    }

    /** Hands buffered records to the operating system (no fsync). */
    public void flush() throws IOException {
        buffer.flip();
        sha.update(buffer.array(), 0, buffer.limit());
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Writes END and the footer and hands everything to the operating system. The file is complete
     * but not yet durable: call {@link #syncAndClose()}.
     */
    public SegmentSummary finish(SegmentRecord.End end) throws IOException {
        requireOpen();
        writeRecord(SegmentFormat.TYPE_END, RecordCodec.endBody(end));
        tally.count(end);
        flush();
        SegmentFooter footer = tally.footer(Sha256.snapshot(sha));
        writeRecord(SegmentFormat.TYPE_FOOTER, RecordCodec.footerBody(footer));
        flush();
        summary = new SegmentSummary(header, end, footer, written, Sha256.of(sha.digest()), tally.gaps, tally.interruptions);
        return summary;
    }

    /**
     * Writes a complete, durable segment that holds only {@code interruption}: how a chain is closed
     * when the process that wrote it can no longer close it (a crash, a node that is gone).
     */
    public static SegmentSummary interruptionOnly(Path path, SegmentHeader header, SegmentRecord.Interruption interruption,
                                                  SegmentRecord.End end) throws IOException {
        try (SegmentWriter w = create(path, header)) {
            w.interruption(interruption);
            SegmentSummary summary = w.finish(end);
            w.syncAndClose();
            return summary;
        }
    }

    /** fsync (data and metadata) and close: after this returns the segment survives a power cut. */
    public void syncAndClose() throws IOException {
        try {
            channel.force(true);
        } finally {
            channel.close();
        }
    }

    /** Closes without a footer, as a crash would leave it (recovery completes such files). */
    public void abandon() throws IOException {
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void requireOpen() {
        if (summary != null) {
            throw new IllegalStateException("segment " + path + " is finished");
        }
    }

    private void writeRecord(int type, byte[] body) throws IOException {
        ByteBuffer target = reserve(body.length);
        int start = target.position();
        target.put((byte) type).putInt(body.length).put(body);
        seal(target, start);
    }

    /** The buffer to build a record of {@code bodyLength} in: the shared one, or a one-off for a huge record. */
    private ByteBuffer reserve(int bodyLength) throws IOException {
        if (bodyLength > SegmentFormat.MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("record body of " + bodyLength + " bytes exceeds the format's limit");
        }
        int total = SegmentFormat.RECORD_OVERHEAD + bodyLength;
        if (total > buffer.remaining()) {
            flush();
        }
        return total <= buffer.capacity() ? buffer : ByteBuffer.allocate(total);
    }

    /** Appends the CRC-32C of the record built from {@code start}; writes a one-off buffer through. */
    private void seal(ByteBuffer target, int start) throws IOException {
        crc.reset();
        crc.update(target.array(), start, target.position() - start);
        target.putInt((int) crc.getValue());
        if (target != buffer) {
            target.flip();
            sha.update(target.array(), 0, target.limit());
            while (target.hasRemaining()) {
                written += channel.write(target);
            }
        }
    }
}
