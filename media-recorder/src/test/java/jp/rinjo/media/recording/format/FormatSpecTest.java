package jp.rinjo.media.recording.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FORMAT.md is the contract: this test decodes the writer's bytes and encodes a file by hand, both
 * following the document's tables rather than the production code.
 */
class FormatSpecTest {
    @TempDir
    Path dir;

    @Test
    void theWrittenBytesAreExactlyTheDocumentedLayout() throws Exception {
        Path file = dir.resolve("0.seg");
        byte[] packet = {(byte) 0x80, 102, 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 2, 0x65, 0x66};
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.packet(false, 1_760_000_000_123_456L, 42L, packet, 0, packet.length);
            w.finish(new SegmentRecord.End(1_760_000_002_000_000L, 43L, "rolled"));
            w.syncAndClose();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        byte[] magic = new byte[8];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("RINJOSEG");
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getShort()).isEqualTo((short) 0);
        // HEADER
        int headerStart = b.position();
        assertThat(b.get()).isEqualTo((byte) 0x01);
        int headerLen = b.getInt();
        assertThat(str(b)).isEqualTo("ses_0123456789abcdefghjk");
        assertThat(str(b)).isEqualTo("trk_0123456789abcdefghjk");
        assertThat(str(b)).isEqualTo("par_0123456789abcdefghjk");
        assertThat(str(b)).isEqualTo("par_0123456789abcdefghjk/video0/H264");
        assertThat(str(b)).isEqualTo("video");
        assertThat(str(b)).isEqualTo("H264");
        assertThat(b.getInt()).isEqualTo(90000);
        assertThat(b.get()).isEqualTo((byte) 102);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(str(b)).startsWith("level-asymmetry-allowed=1");
        assertThat(b.getLong()).isEqualTo(0);
        byte[] prev = new byte[32];
        b.get(prev);
        assertThat(prev).isEqualTo(new byte[32]);
        assertThat(b.getLong()).isEqualTo(1_760_000_000_000_000L);
        assertThat(b.getLong()).isEqualTo(5_000_000_000L);
        assertThat(str(b)).isEqualTo("node_0123456789abcdefghjk");
        assertThat(b.position()).isEqualTo(headerStart + 5 + headerLen);
        assertThat(b.getInt()).isEqualTo(crc(b.array(), headerStart, 5 + headerLen));
        // RTP
        int rtpStart = b.position();
        assertThat(b.get()).isEqualTo((byte) 0x10);
        assertThat(b.getInt()).isEqualTo(16 + packet.length);
        assertThat(b.getLong()).isEqualTo(1_760_000_000_123_456L);
        assertThat(b.getLong()).isEqualTo(42L);
        byte[] stored = new byte[packet.length];
        b.get(stored);
        assertThat(stored).isEqualTo(packet);
        assertThat(b.getInt()).isEqualTo(crc(b.array(), rtpStart, 5 + 16 + packet.length));
        // END
        assertThat(b.get()).isEqualTo((byte) 0x30);
        int endLen = b.getInt();
        assertThat(b.getLong()).isEqualTo(1_760_000_002_000_000L);
        assertThat(b.getLong()).isEqualTo(43L);
        assertThat(str(b)).isEqualTo("rolled");
        assertThat(endLen).isEqualTo(8 + 8 + 2 + 6);
        b.getInt();
        // FOOTER
        int footerStart = b.position();
        assertThat(b.get()).isEqualTo((byte) 0x7F);
        assertThat(b.getInt()).isEqualTo(72);
        assertThat(b.getLong()).isEqualTo(1);
        assertThat(b.getLong()).isEqualTo(0);
        assertThat(b.getInt()).isEqualTo(0);
        assertThat(b.getInt()).isEqualTo(0);
        assertThat(b.getLong()).isEqualTo(packet.length);
        assertThat(b.getLong()).isEqualTo(2);
        byte[] sha = new byte[32];
        b.get(sha);
        assertThat(Sha256.of(sha)).isEqualTo(Sha256.digest(java.util.Arrays.copyOf(b.array(), footerStart)));
        assertThat(b.getInt()).isEqualTo(crc(b.array(), footerStart, 5 + 72));
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void aFileFromALaterRevisionWithExtraHeaderFieldsAndNewRecordTypesIsRead() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.write("RINJOSEG".getBytes(StandardCharsets.US_ASCII));
        out.writeShort(1);
        out.writeShort(0);
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(hb);
        for (String s : new String[] {"ses_0123456789abcdefghjk", "trk_0123456789abcdefghjk", "par_0123456789abcdefghjk", "k", "audio", "opus"}) {
            h.writeUTF(s);
        }
        h.writeInt(48000);
        h.writeByte(111);
        h.writeByte(2);
        h.writeUTF("minptime=10;useinbandfec=1");
        h.writeLong(3);
        h.write(new byte[32]);
        h.writeLong(10);
        h.writeLong(20);
        h.writeUTF("node_0123456789abcdefghjk");
        h.writeUTF("a field added by revision 1.1");
        record(out, 0x01, hb.toByteArray());
        ByteArrayOutputStream pb = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(pb);
        p.writeLong(11);
        p.writeLong(21);
        p.write(new byte[] {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3});
        record(out, 0x10, pb.toByteArray());
        record(out, 0x41, "something new".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream eb = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(eb);
        e.writeLong(12);
        e.writeLong(22);
        e.writeUTF("sealed");
        record(out, 0x30, eb.toByteArray());
        byte[] before = file.toByteArray();
        ByteArrayOutputStream fb = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(fb);
        f.writeLong(1);
        f.writeLong(0);
        f.writeInt(0);
        f.writeInt(0);
        f.writeLong(15);
        f.writeLong(3);
        f.write(Sha256.digest(before).bytes());
        record(out, 0x7F, fb.toByteArray());
        byte[] bytes = file.toByteArray();

        try (SegmentReader r = new SegmentReader(new java.io.ByteArrayInputStream(bytes))) {
            assertThat(r.header().codec()).isEqualTo(new CodecInfo("opus", 48000, 111, 2, "minptime=10;useinbandfec=1"));
            assertThat(r.header().sequence()).isEqualTo(3);
            SegmentSummary s = r.readToEnd();
            assertThat(s.footer().rtpPackets()).isEqualTo(1);
            assertThat(s.end().reason()).isEqualTo("sealed");
            assertThat(s.sha256()).isEqualTo(Sha256.digest(bytes));
        }
    }

    private static void record(DataOutputStream out, int type, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + body.length);
        frame.put((byte) type).putInt(body.length).put(body);
        out.write(frame.array());
        out.writeInt(crc(frame.array(), 0, frame.capacity()));
    }

    private static String str(ByteBuffer b) {
        byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }
}
