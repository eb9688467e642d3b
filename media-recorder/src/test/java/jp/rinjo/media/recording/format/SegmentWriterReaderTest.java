package jp.rinjo.media.recording.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.format.SegmentFormatException.Problem;

/** Writer and streaming reader against each other: round trip, truncation at every byte, corruption anywhere. */
class SegmentWriterReaderTest {
    @TempDir
    Path dir;
    final Random random = new Random(7);

    /** A small segment: 20 RTP packets, 2 RTCP, a gap, an interruption, END. */
    Path writeSample(Path file, List<byte[]> packets) throws IOException {
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            long wall = 1_760_000_000_000_000L;
            for (int i = 0; i < 20; i++) {
                byte[] p = Segments.rtp(1000 + i, 20 + random.nextInt(200), random);
                packets.add(p);
                w.packet(false, wall + i * 1000, 77_000L + i, p, 0, p.length);
                if (i == 5 || i == 15) {
                    byte[] sr = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4, 9, 9, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5};
                    packets.add(sr);
                    w.packet(true, wall + i * 1000 + 1, 77_001L + i, sr, 0, sr.length);
                }
            }
            w.gap(new SegmentRecord.Gap(wall + 21_000, wall + 22_000, 3, 3000, "recorder queue full"));
            w.interruption(new SegmentRecord.Interruption(wall + 22_000, wall + 25_000, "republished"));
            SegmentSummary s = w.finish(new SegmentRecord.End(wall + 26_000, 99_000L, "rolled"));
            w.syncAndClose();
            assertThat(s.size()).isEqualTo(Files.size(file));
        }
        return file;
    }

    @Test
    void whatIsWrittenIsReadBackExactlyWithCountsAndHashes() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        Path file = writeSample(dir.resolve("0.seg"), sent);
        List<byte[]> read = new ArrayList<>();
        List<SegmentRecord> others = new ArrayList<>();
        SegmentSummary summary;
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(r.header()).isEqualTo(Segments.header());
            SegmentRecord rec;
            while ((rec = r.next()) != null) {
                if (rec instanceof SegmentRecord.Packet p) {
                    read.add(p.bytes());
                } else {
                    others.add(rec);
                }
            }
            summary = r.summary();
        }
        assertThat(read).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(read.get(i)).as("packet " + i).isEqualTo(sent.get(i));
        }
        assertThat(others).hasSize(3);
        assertThat(others.get(0)).isEqualTo(new SegmentRecord.Gap(1_760_000_000_021_000L, 1_760_000_000_022_000L, 3, 3000, "recorder queue full"));
        assertThat(others.get(2)).isInstanceOf(SegmentRecord.End.class);
        SegmentFooter f = summary.footer();
        assertThat(f.rtpPackets()).isEqualTo(20);
        assertThat(f.rtcpPackets()).isEqualTo(2);
        assertThat(f.gaps()).isEqualTo(1);
        assertThat(f.interruptions()).isEqualTo(1);
        assertThat(f.records()).isEqualTo(20 + 2 + 1 + 1 + 1);
        assertThat(f.packetBytes()).isEqualTo(sent.stream().mapToLong(b -> b.length).sum());
        byte[] all = Files.readAllBytes(file);
        assertThat(summary.sha256()).isEqualTo(Sha256.digest(all));
        int footerStart = all.length - SegmentFormat.RECORD_OVERHEAD - SegmentFormat.FOOTER_BODY_LENGTH;
        assertThat(f.sha256BeforeFooter()).isEqualTo(Sha256.digest(Arrays.copyOf(all, footerStart)));
    }

    @Test
    void aPacketLargerThanTheWriteBufferGoesThroughIntact() throws Exception {
        Path file = dir.resolve("big.seg");
        byte[] big = Segments.rtp(1, 200_000, random);
        byte[] small = Segments.rtp(2, 100, random);
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.packet(false, 1, 1, small, 0, small.length);
            w.packet(false, 2, 2, big, 0, big.length);
            w.packet(false, 3, 3, small, 0, small.length);
            w.finish(new SegmentRecord.End(4, 4, "rolled"));
            w.syncAndClose();
        }
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(((SegmentRecord.Packet) r.next()).bytes()).isEqualTo(small);
            assertThat(((SegmentRecord.Packet) r.next()).bytes()).isEqualTo(big);
            assertThat(((SegmentRecord.Packet) r.next()).bytes()).isEqualTo(small);
            assertThat(r.readToEnd().footer().rtpPackets()).isEqualTo(3);
        }
    }

    @Test
    void unknownRecordTypesAreSkippedAndCounted() throws Exception {
        Path file = dir.resolve("ext.seg");
        byte[] p = Segments.rtp(1, 50, random);
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.packet(false, 1, 1, p, 0, p.length);
            w.extensionRecord(0x40, "a later revision's annotation".getBytes());
            w.packet(false, 2, 2, p, 0, p.length);
            w.finish(new SegmentRecord.End(3, 3, "rolled"));
            w.syncAndClose();
        }
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(r.next()).isInstanceOf(SegmentRecord.Packet.class);
            SegmentRecord u = r.next();
            assertThat(u).isInstanceOf(SegmentRecord.Unknown.class);
            assertThat(((SegmentRecord.Unknown) u).type()).isEqualTo(0x40);
            assertThat(r.next()).isInstanceOf(SegmentRecord.Packet.class);
            assertThat(r.readToEnd().footer().records()).isEqualTo(4);
        }
    }

    @Test
    void everyTruncationIsReportedAsTruncatedAtTheByteWhereTheFileEnds() throws Exception {
        byte[] all = Files.readAllBytes(writeSample(dir.resolve("t.seg"), new ArrayList<>()));
        for (int len = 0; len < all.length; len++) {
            byte[] cut = Arrays.copyOf(all, len);
            SegmentFormatException e = readFails(cut);
            assertThat(e.problem()).as("cut at %d: %s", len, e.getMessage()).isEqualTo(Problem.TRUNCATED);
            assertThat(e.offset()).as("cut at %d: %s", len, e.getMessage()).isEqualTo(len);
            assertThat(e.getMessage()).startsWith("truncated at byte " + len);
        }
    }

    @Test
    void aTruncatedRecordIsDescribedPrecisely() throws Exception {
        Path file = dir.resolve("p.seg");
        byte[] p = Segments.rtp(1, 1000, random);
        long recordStart;
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.packet(false, 1, 1, p, 0, p.length);
            w.flush();
            recordStart = w.size();
            w.packet(false, 2, 2, p, 0, p.length);
            w.flush();
            w.abandon();
        }
        byte[] all = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(all, (int) recordStart + 5 + 400);
        SegmentFormatException e = readFails(cut);
        assertThat(e.getMessage()).isEqualTo("truncated at byte " + cut.length + ": RTP record at offset " + recordStart
                + " declares " + (16 + p.length) + " body bytes, 400 present");
        SegmentFormatException noFooter = readFails(all);
        assertThat(noFooter.getMessage()).contains("no footer").contains("after 2 complete records");
    }

    @Test
    void aFlippedBitAnywhereIsNeverAccepted() throws Exception {
        byte[] all = Files.readAllBytes(writeSample(dir.resolve("f.seg"), new ArrayList<>()));
        for (int i = 0; i < all.length; i++) {
            byte[] bad = all.clone();
            bad[i] ^= 0x04;
            SegmentFormatException e = readFails(bad);
            assertThat(e.problem()).as("flip at %d: %s", i, e.getMessage()).isIn(Problem.CORRUPT, Problem.INVALID, Problem.TRUNCATED);
        }
        byte[] bad = all.clone();
        bad[200] ^= 1;
        assertThat(readFails(bad).getMessage()).contains("CRC-32C mismatch");
    }

    @Test
    void bytesAfterTheFooterAndForeignFilesAreRefused() throws Exception {
        byte[] all = Files.readAllBytes(writeSample(dir.resolve("x.seg"), new ArrayList<>()));
        byte[] longer = Arrays.copyOf(all, all.length + 3);
        assertThat(readFails(longer).getMessage()).contains("3 bytes follow the footer");
        assertThat(readFails("GIF89a not a segment".getBytes()).getMessage()).contains("not a Rinjo segment");
        byte[] v2 = all.clone();
        v2[9] = 2;
        assertThat(readFails(v2).getMessage()).contains("version 2");
    }

    static SegmentFormatException readFails(byte[] bytes) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (SegmentReader r = new SegmentReader(new ByteArrayInputStream(bytes))) {
                r.readToEnd();
            }
        });
        assertThat(t).as("reading %d bytes must fail", bytes.length).isInstanceOf(SegmentFormatException.class);
        return (SegmentFormatException) t;
    }

    @Test
    void readFailsHelperItselfFailsOnAGoodFile() throws Exception {
        byte[] all = Files.readAllBytes(writeSample(dir.resolve("g.seg"), new ArrayList<>()));
        assertThatThrownBy(() -> readFails(all)).isInstanceOf(AssertionError.class);
    }
}
