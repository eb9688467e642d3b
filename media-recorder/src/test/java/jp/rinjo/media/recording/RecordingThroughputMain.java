package jp.rinjo.media.recording;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.management.OperatingSystemMXBean;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.RtpSink;
import jp.rinjo.media.sfu.TestTracks;

/**
 * Benchmark (not a test): records N synthetic 1 Mbps video streams (1,100-byte packets, ~114 per
 * second each, paced in real time) through the recorder's sinks into the spool and a filesystem
 * store, for 20 s, then seals every session. Prints the CPU time of the recorder's threads (writer,
 * fsync, upload) as a percentage of one core per stream, the cost on the calling thread (what the
 * media event loop pays: copy and enqueue), and bytes stored per byte received.
 *
 * <p>{@code ./rinjo bench record [streams seconds writers]}, e.g. {@code ./rinjo bench record 100 20}
 */
public final class RecordingThroughputMain {
    private static final int PAYLOAD = 1100 - 12;
    private static final double PACKETS_PER_SECOND = 1_000_000.0 / 8 / 1100;

    private RecordingThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path base = Files.createTempDirectory("rinjo-recording-bench");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RecorderHarness h = RecorderHarness.withWriters(base, writers)) {
            List<SessionId> sessions = new ArrayList<>();
            List<PublishedTrack> tracks = new ArrayList<>();
            List<RtpSink> sinks = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                SessionId s = SessionId.random();
                PublishedTrack t = TestTracks.video(ParticipantId.random());
                sessions.add(s);
                tracks.add(t);
                sinks.add(h.recorder.sinkFactory().sinkFor(s, t).orElseThrow());
            }
            byte[][] pool = new byte[64][];
            Random random = new Random(1);
            for (int i = 0; i < pool.length; i++) {
                pool[i] = new byte[12 + PAYLOAD];
                random.nextBytes(pool[i]);
                pool[i][0] = (byte) 0x80;
                pool[i][1] = 102;
            }
            long recorderCpuBefore = recorderCpu(threads);
            long callerCpuBefore = threads.getCurrentThreadCpuTime();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long processCpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long sent = 0;
            long sinkNanos = 0;
            long warmNanos = 0;
            long warmPackets = 0;
            long bytesReceived = 0;
            int seq = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = (long) ((now - start) / 1e9 * PACKETS_PER_SECOND * streams);
                java.time.Instant wall = java.time.Instant.now();
                long wallMicros = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1000;
                while (sent < due) {
                    int stream = (int) (sent % streams);
                    byte[] p = pool[(int) (sent % pool.length)];
                    p[2] = (byte) (seq >> 8);
                    p[3] = (byte) seq++;
                    long t0 = System.nanoTime();
                    sinks.get(stream).rtp(tracks.get(stream), p, 0, p.length, wallMicros, now);
                    long spent = System.nanoTime() - t0;
                    sinkNanos += spent;
                    if (now - start > TimeUnit.SECONDS.toNanos(seconds) / 2) {
                        warmNanos += spent;
                        warmPackets++;
                    }
                    bytesReceived += p.length;
                    sent++;
                }
                Thread.sleep(5);
            }
            long callerCpu = threads.getCurrentThreadCpuTime() - callerCpuBefore;
            h.awaitWritten(sent - h.recorder.spool().stats().get("packetsDropped"));
            long recordingNanos = System.nanoTime() - start;
            long recordingCpu = recorderCpu(threads) - recorderCpuBefore; // before any seal: the steady cost of recording
            long sealStart = System.nanoTime();
            List<CompletableFuture<SealResult>> seals = new ArrayList<>();
            for (SessionId s : sessions) {
                seals.add(h.recorder.seal(s, SealRequest.of(List.of())));
            }
            CompletableFuture.allOf(seals.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long sealWall = System.nanoTime() - sealStart;
            long recorderCpu = recorderCpu(threads) - recorderCpuBefore;
            long processCpu = os.getProcessCpuTime() - processCpuBefore;
            long bytesStored = 0;
            int segments = 0;
            for (SealResult r : seals.stream().map(CompletableFuture::join).toList()) {
                for (StoredObject o : h.store.list(r.objectPrefix() + "/tracks/")) {
                    bytesStored += o.size();
                    segments++;
                }
            }
            Map<String, Long> stats = h.recorder.spool().stats();
            double wallSeconds = recordingNanos / 1e9;
            System.out.printf("writer threads: %d; ", writers);
            System.out.printf("streams: %d × %.0f kbit/s for %d s (%d packets, %.1f MB received, %d dropped)%n", streams,
                    PACKETS_PER_SECOND * 1100 * 8 / 1000, seconds, sent, bytesReceived / 1e6, stats.get("packetsDropped"));
            System.out.printf("recorder threads while recording (writer, fsync, upload): %.3f %% of a core per stream (%.1f %% for all)%n",
                    100.0 * recordingCpu / 1e9 / wallSeconds / streams, 100.0 * recordingCpu / 1e9 / wallSeconds);
            System.out.printf("sealing (manifest, signature, last uploads; once per session): %.1f ms CPU per session, %.1f s for all%n",
                    (recorderCpu - recordingCpu) / 1e6 / streams, sealWall / 1e9);
            System.out.printf("recorder threads including the seals, spread over these %d s: %.3f %% of a core per stream%n", seconds,
                    100.0 * recorderCpu / 1e9 / wallSeconds / streams);
            System.out.printf("calling thread (pacing loop + sink calls): %.3f %% of a core per stream, %.2f µs per packet%n",
                    100.0 * callerCpu / 1e9 / wallSeconds / streams, callerCpu / 1e3 / sent);
            System.out.printf("time inside the sink call (copy + enqueue, wall clock): %.2f µs per packet on average, %.2f µs in the second half%n",
                    sinkNanos / 1e3 / sent, warmNanos / 1e3 / Math.max(1, warmPackets));
            System.out.printf("whole process (incl. JIT, GC, pacing): %.2f %% of a core per stream%n",
                    100.0 * processCpu / 1e9 / wallSeconds / streams);
            System.out.println("by thread: " + recorderCpuByThread(threads));
            System.out.printf("stored: %d segments, %.1f MB; bytes stored per byte received: %.4f%n", segments, bytesStored / 1e6,
                    (double) bytesStored / bytesReceived);
        }
        try (var files = Files.walk(base)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** CPU milliseconds of each recorder thread so far (which part of the recorder costs what). */
    private static Map<String, Long> recorderCpuByThread(ThreadMXBean threads) {
        Map<String, Long> byName = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("rinjo-recording")) {
                byName.merge(t.getName(), Math.max(0, threads.getThreadCpuTime(t.getId())) / 1_000_000, Long::sum);
            }
        }
        return byName;
    }

    private static long recorderCpu(ThreadMXBean threads) {
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("rinjo-recording")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }
}
