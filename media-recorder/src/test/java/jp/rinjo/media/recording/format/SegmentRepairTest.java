package jp.rinjo.media.recording.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completing segments a crash left open: intact records kept, the tail cut and accounted for. */
class SegmentRepairTest {
    @TempDir
    Path dir;
    final Random random = new Random(11);

    /** Writes {@code n} packets, flushes them to the OS, and abandons the writer as kill -9 would. */
    List<byte[]> crashAfter(Path file, int n) throws Exception {
        List<byte[]> sent = new ArrayList<>();
        SegmentWriter w = SegmentWriter.create(file, Segments.header());
        for (int i = 0; i < n; i++) {
            byte[] p = Segments.rtp(i, 300, random);
            sent.add(p);
            w.packet(false, 1_000_000 + i, i, p, 0, p.length);
        }
        w.flush();
        w.abandon();
        return sent;
    }

    @Test
    void aTornLastRecordIsCutAndEverythingBeforeItKeptAndAnInterruptionAppended() throws Exception {
        Path file = dir.resolve("0.seg");
        List<byte[]> sent = crashAfter(file, 10);
        long intact = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            // half of an eleventh record reached the disk
            ch.write(ByteBuffer.wrap(new byte[] {0x10, 0, 0, 1, 60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        }
        SegmentRepair.Result result = SegmentRepair.complete(file, "recorder stopped unexpectedly", 5_000_000, 99);
        assertThat(result.alreadyComplete()).isFalse();
        assertThat(result.discardedBytes()).isEqualTo(17);
        assertThat(result.problem()).contains("truncated at byte " + (intact + 17));
        List<byte[]> kept = new ArrayList<>();
        SegmentSummary s;
        try (SegmentReader r = SegmentReader.open(file)) {
            SegmentRecord rec;
            SegmentRecord.Interruption interruption = null;
            while ((rec = r.next()) != null) {
                if (rec instanceof SegmentRecord.Packet p) {
                    kept.add(p.bytes());
                } else if (rec instanceof SegmentRecord.Interruption i) {
                    interruption = i;
                }
            }
            s = r.summary();
            assertThat(interruption).isNotNull();
            assertThat(interruption.fromWallMicros()).isEqualTo(1_000_009);
            assertThat(interruption.toWallMicros()).isEqualTo(5_000_000);
            assertThat(interruption.reason()).startsWith("recorder stopped unexpectedly; kept 10 packets")
                    .contains("discarded 17 bytes after offset " + intact);
        }
        assertThat(kept).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(kept.get(i)).isEqualTo(sent.get(i));
        }
        assertThat(s.end().reason()).isEqualTo("recovered");
        assertThat(s.sha256()).isEqualTo(Sha256.digest(Files.readAllBytes(file)));
        assertThat(result.summary()).isEqualTo(s);
    }

    @Test
    void aZeroFilledTailAsAfterPowerLossIsCut() throws Exception {
        Path file = dir.resolve("1.seg");
        crashAfter(file, 3);
        long intact = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(4096));
        }
        SegmentRepair.Result result = SegmentRepair.complete(file, "power loss", 2_000_000, 1);
        assertThat(result.discardedBytes()).isEqualTo(4096);
        assertThat(result.problem()).contains("byte 0x00 at offset " + intact);
        assertThat(result.summary().footer().rtpPackets()).isEqualTo(3);
    }

    @Test
    void aSegmentWhoseFooterWasLostKeepsAllPacketsAndIsClosedAsRecovered() throws Exception {
        Path file = dir.resolve("2.seg");
        byte[] p = Segments.rtp(1, 100, random);
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.packet(false, 10, 10, p, 0, p.length);
            w.finish(new SegmentRecord.End(20, 20, "rolled"));
            w.syncAndClose();
        }
        long full = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(full - 10); // the footer is torn
        }
        SegmentRepair.Result result = SegmentRepair.complete(file, "crash", 30, 30);
        assertThat(result.alreadyComplete()).isFalse();
        SegmentSummary s = result.summary();
        assertThat(s.footer().rtpPackets()).isEqualTo(1);
        assertThat(s.footer().interruptions()).isEqualTo(1);
        assertThat(s.end().reason()).isEqualTo("recovered");
        try (SegmentReader r = SegmentReader.open(file)) {
            assertThat(r.readToEnd()).isEqualTo(s);
        }
    }

    @Test
    void aCompleteSegmentIsLeftUntouched() throws Exception {
        Path file = dir.resolve("3.seg");
        try (SegmentWriter w = SegmentWriter.create(file, Segments.header())) {
            w.finish(new SegmentRecord.End(20, 20, "rolled"));
            w.syncAndClose();
        }
        byte[] before = Files.readAllBytes(file);
        SegmentRepair.Result result = SegmentRepair.complete(file, "crash", 30, 30);
        assertThat(result.alreadyComplete()).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aSegmentWithOnlyItsHeaderGetsAnInterruptionFromItsStart() throws Exception {
        Path file = dir.resolve("4.seg");
        crashAfter(file, 0);
        SegmentRepair.Result result = SegmentRepair.complete(file, "crash", 9_000_000_000_000_000L, 30);
        assertThat(result.discardedBytes()).isZero();
        assertThat(result.summary().interruptions().get(0).fromWallMicros()).isEqualTo(Segments.header().startWallMicros());
    }
}
