package jp.rinjo.bench;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.node.LeakSampling;
import jp.rinjo.media.node.MediaNode;
import jp.rinjo.media.node.MediaNodeConfig;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.testing.JavaPeer;
import jp.rinjo.media.testing.PeerReceiver;
import jp.rinjo.media.testing.PeerSdp;
import jp.rinjo.media.transport.srtp.SrtpProfile;

/**
 * CPU cost of forwarding at the media node, and the latency it adds, with synthetic publishers and
 * subscribers (Java peers doing real ICE, DTLS and SRTP) on loopback. The node's single event-loop
 * thread's CPU time is read from the JVM, so the peers' own work (in this JVM too) is not counted.
 *
 * <p>Two kinds of interval are measured, alternating: on plain loopback, where the kernel charges
 * each subscriber's receive path to the node's thread, and with that receive path steered to the
 * peers' CPU ({@link LoopbackReceiveSteering}, when root). Their difference is what one datagram's
 * receive path costs here; a real node pays it once per received packet, for its own inbound
 * traffic, which loopback charges to the sending peer instead. The estimate for a real network adds
 * that share back to the steered figure.
 *
 * <p>Usage: {@code MediaForwardingBenchmark [rooms=10] [subscribersPerRoom=3] [seconds=20] [kbps=1000] [fps=15, 0: packets evenly spread] [gapMicros=0, between a frame's packets]}
 */
public final class MediaForwardingBenchmark {
    private static final int PACKET_PAYLOAD = ForwardingLoad.PACKET_PAYLOAD;

    private MediaForwardingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ForwardingLoad load = ForwardingLoad.fromArgs(args, 10, 3);
        int rooms = load.rooms();
        int subsPerRoom = load.subscribersPerRoom();
        int seconds = load.seconds();
        int kbps = load.kbps();
        LeakSampling.offUnlessConfigured(); // as the standalone and a separate media node do
        // the node's default unless -Dbench.readCoalescingMicros=N (0 = wake for each datagram) compares another
        Duration coalescing = Duration.ofNanos(1000 * Long.getLong("bench.readCoalescingMicros",
                MediaNodeConfig.DEFAULT_READ_COALESCING.toNanos() / 1000));
        MediaNode node = MediaNode.start(new MediaNodeConfig("127.0.0.1", 0, List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMillis(300), 0, 0, coalescing));
        double speedBefore = machineSpeed();
        int cpus = Runtime.getRuntime().availableProcessors(); // before pinning narrows this thread's view
        MediaThreadPinning pinning = MediaThreadPinning.apart(MediaNode.MEDIA_THREAD_NAME);
        LoopbackSegmentation segmentation = LoopbackSegmentation.inSoftware();
        LinkedBlockingQueue<String>[] offers = newQueues(rooms * (subsPerRoom + 1));
        List<ParticipantId> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        node.setListener((s, p, sdp) -> offers[ids.indexOf(p)].add(sdp));
        // all peers read on one thread, as the floor benchmark's do: a thread per peer wakes per datagram
        PeerReceiver peerReceiver = new PeerReceiver("bench-peers");
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
            pub.connect(peerReceiver);
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
                sub.connect(peerReceiver);
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
        System.out.printf("%d rooms × (1 publisher → %d subscribers), %d kbit/s video per publisher, %s; %d s per mode; %s;"
                + " node reads gathered for %d µs after a busy read%n", rooms, subsPerRoom, kbps, load.describeSending(), seconds,
                pinning.description() + "; " + segmentation.description(), coalescing.toNanos() / 1000);
        AtomicBoolean stop = new AtomicBoolean();
        // keyframe first, then delta packets carrying their send time
        int framesPerSecond = load.framesPerSecond();
        Thread t = new Thread(() -> load.pace(publishers.size(), stop::get, (i, packet, frame, timestamp, last) -> {
            JavaPeer p = publishers.get(i);
            boolean key = frame % (framesPerSecond * 2) == 0; // a keyframe every 2 s
            byte[] b = new byte[12 + PACKET_PAYLOAD + p.rtpOverhead()];
            RtpPacket.writeHeader(b, 0, last, PeerSdp.H264_PT, packet & 0xFFFF, timestamp, 1000 + i);
            b[12] = key ? (byte) 0x65 : (byte) 0x41;
            writeLong(b, 12 + 4, System.nanoTime());
            p.sendRtp(b, 12 + PACKET_PAYLOAD);
        }), "bench-sender");
        t.start();
        // warm-up: keyframe gates open, the JIT compiles the hot path, and the NACK caches fill (512
        // packets, 4.5 s at 1 Mbit/s), as on a node that has been forwarding for a while
        Thread.sleep(6000);
        for (JavaPeer p : all) {
            p.keepAlive();
        }
        Probe probe = new Probe(node, latencies, measuringSince, latencyCount);
        // Two rounds of each, alternating, so that a drift in this shared machine's speed during the
        // run falls on both figures alike.
        Figures plain = null;
        Figures steered = null;
        StringBuilder whyNotSteered = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            plain = probe.measure((seconds + 1) / 2).after(plain);
            try (LoopbackReceiveSteering steering = pinning.pinned()
                    ? LoopbackReceiveSteering.awayFromCpu0(cpus, whyNotSteered)
                    : null) {
                if (steering != null) {
                    steered = probe.measure((seconds + 1) / 2).after(steered);
                } else if (whyNotSteered.length() == 0) {
                    whyNotSteered.append("needs the media thread pinned");
                }
            }
        }
        stop.set(true);
        t.join();
        System.out.printf("received %.0f packets/s, forwarded %.0f packets/s%n", plain.in / plain.wall, plain.out / plain.wall);
        plain.print("plain loopback, each subscriber's receive path charged to the node's thread");
        if (steered == null) {
            System.out.println("receive path not steered off the node's CPU (" + whyNotSteered + ")");
            System.out.printf("implied one-megabit streams forwarded per core: %.0f%n",
                    ForwardingLoad.streamsPerCore(plain.usPerForwarded()));
        } else {
            steered.print("subscribers' receive path steered to the peers' CPU, as on their own hosts");
            double receivePath = Math.max(0, plain.usPerForwarded() - steered.usPerForwarded());
            double estimate = steered.usPerForwarded() + receivePath / subsPerRoom;
            System.out.printf("receive path of one datagram on this machine (the difference): %.2f µs; the node's own"
                    + " inbound one (on loopback paid by the sending peer) is one per %d forwarded packets%n",
                    receivePath, subsPerRoom);
            System.out.printf("CPU per forwarded packet on a real network (steered + receive path / %d): %.2f µs;"
                    + " implied one-megabit streams forwarded per core: %.0f%n",
                    subsPerRoom, estimate, ForwardingLoad.streamsPerCore(estimate));
        }
        long[] lat = plain.endToEnd;
        int n = lat.length;
        if (n > 0) {
            System.out.printf("end-to-end latency publisher → node → subscriber on plain loopback: p50 %.3f ms, p99 %.3f ms,"
                    + " max %.3f ms (%d samples)%n", lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6, lat[n - 1] / 1e6, n);
        }
        System.out.printf("latency added by the node on plain loopback (read, or the read before the node's coalescing wait →"
                + " the packet's fan-out handed to the kernel, per received packet, buckets 12.5 %% wide): %s%n", plain.nodeLatency);
        if (steered != null) {
            System.out.printf("latency added by the node, receive path steered: %s%n", steered.nodeLatency);
        }
        System.out.printf("speed of this machine before and after the run: one AES-GCM protect of %d bytes in a tight loop"
                + " took %.2f µs and %.2f µs%n", PACKET_PAYLOAD, speedBefore, machineSpeed());
        System.out.println("node counters: " + node.stats().snapshot());
        long messages = node.stats().sendMessages.sum();
        if (messages > 0) {
            System.out.printf("datagrams per message handed to the kernel: %.2f (above 1: runs sent with UDP segmentation"
                    + " offload)%n", node.stats().packetsOut.sum() / (double) messages);
        }
        all.forEach(JavaPeer::close);
        peerReceiver.close();
        node.close();
        segmentation.close();
    }

    /**
     * This shared VM's speed drifts by a third or more from hour to hour; the tight loop that
     * {@code bench srtp} runs, taken before and after, tells how fast it was around this run.
     */
    private static double machineSpeed() {
        SrtpProtectBenchmark.measure(SrtpProfile.AEAD_AES_128_GCM, 150, PACKET_PAYLOAD, 1);
        return SrtpProtectBenchmark.measure(SrtpProfile.AEAD_AES_128_GCM, 150, PACKET_PAYLOAD, 2);
    }

    /** What measuring intervals saw at the node; the latencies are those of the last interval. */
    private record Figures(long cpu, long user, long allocated, long out, long in, double wall, long[] endToEnd,
                           String nodeLatency, double peersBusy, long gcCount, long gcMillis) {
        /** This interval's figures added to an earlier one's (null for none). */
        Figures after(Figures earlier) {
            return earlier == null ? this : new Figures(cpu + earlier.cpu, user + earlier.user, allocated + earlier.allocated, out + earlier.out,
                    in + earlier.in, wall + earlier.wall, endToEnd, nodeLatency, peersBusy < 0 || earlier.peersBusy < 0 ? -1 : (peersBusy + earlier.peersBusy) / 2,
                    gcCount + earlier.gcCount, gcMillis + earlier.gcMillis);
        }

        double usPerForwarded() {
            return cpu / 1000.0 / Math.max(1, out);
        }

        void print(String what) {
            System.out.printf("%s: node thread CPU %.1f %% of a core; CPU per forwarded packet %.2f µs, of which %.2f µs"
                    + " user (Java) and %.2f µs kernel (system calls); per received packet incl. its fan-out %.2f µs;"
                    + " heap allocated per forwarded packet %.0f bytes; the peers' CPU busy %s;"
                    + " garbage collections (all threads stopped) %d, %d ms in all%n",
                    what, cpu / 1e9 / wall * 100, usPerForwarded(), user / 1000.0 / Math.max(1, out),
                    (cpu - user) / 1000.0 / Math.max(1, out), cpu / 1000.0 / Math.max(1, in),
                    allocated / (double) Math.max(1, out),
                    peersBusy < 0 ? "unknown (no /proc/stat)" : String.format("%.0f %%", peersBusy), gcCount, gcMillis);
        }
    }

    /** Reads the node thread's CPU time and the node's counters over an interval. */
    private record Probe(MediaNode node, long[] latencies, AtomicLong measuringSince, AtomicInteger latencyCount) {
        Figures measure(int seconds) throws InterruptedException {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long loopThread = node.eventLoopThreadId();
            Thread.sleep(500); // let a change of steering settle
            long cpu0 = threads.getThreadCpuTime(loopThread);
            long user0 = threads.getThreadUserTime(loopThread);
            long allocated0 = threads.getThreadAllocatedBytes(loopThread);
            long out0 = node.stats().packetsOut.sum();
            long in0 = node.stats().packetsIn.sum();
            long wall0 = System.nanoTime();
            node.stats().nodeLatency.reset();
            latencyCount.set(0);
            measuringSince.set(wall0);
            OtherCpusBusy peers = OtherCpusBusy.start();
            long[] gc0 = collections();
            Thread.sleep(seconds * 1000L);
            measuringSince.set(Long.MAX_VALUE);
            long cpu = threads.getThreadCpuTime(loopThread) - cpu0;
            long user = threads.getThreadUserTime(loopThread) - user0;
            long allocated = threads.getThreadAllocatedBytes(loopThread) - allocated0;
            long out = node.stats().packetsOut.sum() - out0;
            long in = node.stats().packetsIn.sum() - in0;
            double wall = (System.nanoTime() - wall0) / 1e9;
            String nodeLatency = String.format("p50 ≤ %d µs, p99 ≤ %d µs, p99.9 ≤ %d µs",
                    node.stats().nodeLatency.quantileMicros(0.5), node.stats().nodeLatency.quantileMicros(0.99),
                    node.stats().nodeLatency.quantileMicros(0.999));
            int n = Math.min(latencyCount.get(), latencies.length);
            long[] lat = Arrays.copyOf(latencies, n);
            Arrays.sort(lat);
            long[] gc = collections();
            return new Figures(cpu, user, allocated, out, in, wall, lat, nodeLatency, peers.percent(), gc[0] - gc0[0], gc[1] - gc0[1]);
        }

        /** {count, milliseconds} of garbage collections so far, all collectors. */
        private static long[] collections() {
            long count = 0;
            long millis = 0;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new long[] {count, millis};
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
