package jp.rinjo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerSdp;

/**
 * CPU cost of forwarding at the media node, and the latency it adds, with synthetic publishers and
 * subscribers (Java peers doing real ICE, DTLS and SRTP) on loopback. The node's single event-loop
 * thread's CPU time is read from the JVM, so the peers' own work (in this JVM too) is not counted.
 *
 * <p>Usage: {@code MediaForwardingBenchmark [rooms=10] [subscribersPerRoom=3] [seconds=20] [kbps=1000]}
 */
public final class MediaForwardingBenchmark {
    private static final int PACKET_PAYLOAD = 1100;

    private MediaForwardingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int subsPerRoom = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int kbps = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        MediaNode node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMillis(300), 0, 0));
        String pinning = pinMediaThreadApart();
        LinkedBlockingQueue<String>[] offers = newQueues(rooms * (subsPerRoom + 1));
        List<ParticipantId> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        node.setListener((s, p, sdp) -> offers[ids.indexOf(p)].add(sdp));
        List<JavaPeer> publishers = new ArrayList<>();
        List<JavaPeer> all = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        long[] latencies = new long[4_000_000];
        AtomicInteger latencyCount = new AtomicInteger();
        AtomicLong measuringSince = new AtomicLong(Long.MAX_VALUE);
        for (int r = 0; r < rooms; r++) {
            SessionId session = SessionId.random();
            ParticipantId pubId = ParticipantId.random();
            ids.add(pubId);
            node.joined(session, pubId).toCompletableFuture().get();
            JavaPeer pub = new JavaPeer();
            pub.applyRemote(node.publish(session, pubId, PeerSdp.publishOffer(pub, 1000 + r, 5000 + r)).toCompletableFuture().get());
            pub.connect();
            publishers.add(pub);
            all.add(pub);
            for (int s = 0; s < subsPerRoom; s++) {
                ParticipantId subId = ParticipantId.random();
                ids.add(subId);
                node.joined(session, subId).toCompletableFuture().get();
                String offer = offers[ids.indexOf(subId)].poll(10, TimeUnit.SECONDS);
                JavaPeer sub = new JavaPeer();
                sub.applyRemote(offer);
                node.subscribeAnswer(session, subId, PeerSdp.subscribeAnswer(sub, offer)).toCompletableFuture().get();
                sub.connect();
                sub.onRtp((b, n) -> {
                    received.incrementAndGet();
                    long sent = readLong(b, RtpPacket.payloadOffset(b, 0, n) + 4);
                    if (sent > measuringSince.get()) {
                        int i = latencyCount.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = System.nanoTime() - sent;
                        }
                    }
                });
                all.add(sub);
            }
        }
        System.out.printf("%d rooms × (1 publisher → %d subscribers), %d kbit/s video per publisher, %d s; %s%n",
                rooms, subsPerRoom, kbps, seconds, pinning);
        int packetsPerSecond = Math.max(1, kbps * 1000 / 8 / PACKET_PAYLOAD);
        Sender sender = new Sender(publishers, packetsPerSecond);
        Thread t = new Thread(sender, "bench-sender");
        t.start();
        Thread.sleep(3000); // warm-up: keyframe gates open, JIT compiles the hot path
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long loopThread = node.eventLoopThreadId();
        long cpu0 = threads.getThreadCpuTime(loopThread);
        long user0 = threads.getThreadUserTime(loopThread);
        long out0 = node.stats().packetsOut.sum();
        long in0 = node.stats().packetsIn.sum();
        long wall0 = System.nanoTime();
        node.stats().nodeLatency.reset();
        measuringSince.set(wall0);
        for (JavaPeer p : all) {
            p.keepAlive();
        }
        Thread.sleep(seconds * 1000L);
        long cpu = threads.getThreadCpuTime(loopThread) - cpu0;
        long user = threads.getThreadUserTime(loopThread) - user0;
        long out = node.stats().packetsOut.sum() - out0;
        long in = node.stats().packetsIn.sum() - in0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        sender.stop = true;
        t.join();
        int n = Math.min(latencyCount.get(), latencies.length);
        long[] lat = Arrays.copyOf(latencies, n);
        Arrays.sort(lat);
        double usPerForwarded = cpu / 1000.0 / Math.max(1, out);
        double usPerReceived = cpu / 1000.0 / Math.max(1, in);
        double streamPackets = kbps * 1000.0 / 8 / PACKET_PAYLOAD;
        System.out.printf("received %.0f packets/s, forwarded %.0f packets/s; node thread CPU %.1f %% of a core%n",
                in / wall, out / wall, cpu / 1e9 / wall * 100);
        System.out.printf("CPU per forwarded packet: %.2f µs, of which %.2f µs user (Java) and %.2f µs kernel (system calls);"
                + " per received packet incl. its fan-out: %.2f µs%n",
                usPerForwarded, user / 1000.0 / Math.max(1, out), (cpu - user) / 1000.0 / Math.max(1, out), usPerReceived);
        System.out.printf("implied one-megabit streams forwarded per core: %.0f (%.0f packets/s each)%n",
                1e6 / (usPerForwarded * streamPackets * kbps / 1000.0), streamPackets);
        if (n > 0) {
            System.out.printf("end-to-end latency publisher → node → subscriber on loopback: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)%n",
                    lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6, lat[n - 1] / 1e6, n);
        }
        System.out.printf("latency added by the node (read → the packet's fan-out handed to the kernel, per received packet, buckets 12.5 %% wide):"
                + " p50 ≤ %d µs, p99 ≤ %d µs, p99.9 ≤ %d µs%n", node.stats().nodeLatency.quantileMicros(0.5),
                node.stats().nodeLatency.quantileMicros(0.99), node.stats().nodeLatency.quantileMicros(0.999));
        System.out.println("node counters: " + node.stats().snapshot());
        all.forEach(JavaPeer::close);
        node.close();
    }

    /**
     * Paces every publisher at its packet rate: keyframe first, then delta packets carrying their
     * send time. Publishers are spread evenly over the packet interval, as independent phones would
     * be; sending them all at the same instant would measure a burst of 30 packets queueing behind
     * each other at the node rather than what the node adds to one packet.
     */
    private static final class Sender implements Runnable {
        final List<JavaPeer> publishers;
        final int packetsPerSecond;
        volatile boolean stop;

        Sender(List<JavaPeer> publishers, int packetsPerSecond) {
            this.publishers = publishers;
            this.packetsPerSecond = packetsPerSecond;
        }

        @Override
        public void run() {
            int n = publishers.size();
            int[] seq = new int[n];
            long intervalNanos = 1_000_000_000L / packetsPerSecond;
            long start = System.nanoTime();
            int packet = 0;
            try {
                while (!stop) {
                    long round = start + packet * intervalNanos;
                    for (int i = 0; i < n; i++) {
                        long sleep = round + intervalNanos * i / n - System.nanoTime();
                        if (sleep > 0) {
                            TimeUnit.NANOSECONDS.sleep(sleep);
                        }
                        JavaPeer p = publishers.get(i);
                        boolean key = packet % (packetsPerSecond * 2) == 0; // a keyframe every 2 s
                        byte[] b = new byte[12 + PACKET_PAYLOAD + p.rtpOverhead()];
                        RtpPacket.writeHeader(b, 0, true, PeerSdp.H264_PT, seq[i]++ & 0xFFFF, packet * 3000, 1000 + i);
                        b[12] = key ? (byte) 0x65 : (byte) 0x41;
                        writeLong(b, 12 + 4, System.nanoTime());
                        p.sendRtp(b, 12 + PACKET_PAYLOAD);
                    }
                    packet++;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Puts the node's media thread on CPU 0 and every other thread of this JVM (the synthetic peers,
     * created later from this thread, inherit it) on the remaining CPUs, as on a real node where the
     * peers are other machines: otherwise the peers' threads preempt the media thread and the
     * latency figure measures the scheduler. The CPU-time figures do not depend on it.
     */
    private static String pinMediaThreadApart() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!Boolean.parseBoolean(System.getProperty("bench.pin", "true"))) {
            return "media thread not pinned (-Dbench.pin=false)";
        }
        if (cpus < 2 || !java.nio.file.Files.isDirectory(tasks) || !commandWorks("taskset", "-V")) {
            return "media thread not pinned (needs Linux, taskset and two CPUs)";
        }
        String others = cpus == 2 ? "1" : "1-" + (cpus - 1);
        try (var list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                String comm;
                try {
                    comm = java.nio.file.Files.readString(task.resolve("comm")).trim();
                } catch (java.io.IOException e) {
                    continue; // the thread ended meanwhile
                }
                String cpu = comm.startsWith(MediaNode.MEDIA_THREAD_NAME) ? "0" : others;
                commandWorks("taskset", "-p", "-c", cpu, task.getFileName().toString());
            }
        }
        return "media thread pinned to CPU 0, peers to CPU " + others;
    }

    private static boolean commandWorks(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static LinkedBlockingQueue<String>[] newQueues(int n) {
        LinkedBlockingQueue<String>[] q = new LinkedBlockingQueue[n];
        for (int i = 0; i < n; i++) {
            q[i] = new LinkedBlockingQueue<>();
        }
        return q;
    }
}
