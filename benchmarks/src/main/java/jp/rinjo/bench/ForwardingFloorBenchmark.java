package jp.rinjo.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import jp.rinjo.media.node.LeakSampling;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.transport.srtp.SrtpKeyingMaterial;
import jp.rinjo.media.transport.srtp.SrtpProfile;
import jp.rinjo.media.transport.srtp.SrtpSession;

/**
 * What forwarding costs on this machine before any SFU logic: the {@link FloorRelay} (the media
 * node's socket settings and thread model, a copy per subscriber, one sendmmsg per received packet)
 * with the same rooms, rates and packet sizes as {@code bench media}, measured the same way (the
 * relay thread's CPU time; plain loopback and receive path steered, alternating). Two modes,
 * alternating too: bare (Netty and the kernel only) and with SRTP (one AES-GCM decrypt per received
 * packet, one encrypt per copy). The media node's figure minus the SRTP relay's is what the SFU's
 * own work costs; the bare figure is the floor no Java code on Netty can go below here.
 *
 * <p>Usage: {@code ForwardingFloorBenchmark [rooms=60] [subscribersPerRoom=4] [seconds=20] [kbps=1000] [fps=15, 0: packets evenly spread] [gapMicros=0, between a frame's packets]}
 */
public final class ForwardingFloorBenchmark {
    private static final int PACKET_PAYLOAD = ForwardingLoad.PACKET_PAYLOAD;
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    private ForwardingFloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ForwardingLoad load = ForwardingLoad.fromArgs(args, 60, 4);
        int rooms = load.rooms();
        int subsPerRoom = load.subscribersPerRoom();
        int seconds = load.seconds();
        int kbps = load.kbps();
        LeakSampling.offUnlessConfigured();
        SrtpSession.warmUp();
        int cpus = Runtime.getRuntime().availableProcessors();
        try (FloorRelay relay = FloorRelay.start(); Selector selector = Selector.open()) {
            MediaThreadPinning pinning = MediaThreadPinning.apart(FloorRelay.THREAD_NAME);
            List<Publisher> publishers = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                List<FloorRelay.Subscriber> subs = new ArrayList<>();
                for (int s = 0; s < subsPerRoom; s++) {
                    SrtpKeyingMaterial keys = randomKeys();
                    DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, SrtpSession.forClient(keys));
                    subs.add(new FloorRelay.Subscriber((InetSocketAddress) ch.getLocalAddress(), SrtpSession.forServer(keys)));
                }
                SrtpKeyingMaterial keys = randomKeys();
                DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                ch.connect(relay.address());
                relay.addRoom((InetSocketAddress) ch.getLocalAddress(), new FloorRelay.Room(SrtpSession.forServer(keys), subs));
                publishers.add(new Publisher(ch, SrtpSession.forClient(keys), 1000 + r));
            }
            Peers peers = new Peers(publishers, selector, load);
            Thread sending = new Thread(peers::send, "floor-publishers");
            Thread draining = new Thread(peers::drain, "floor-subscribers");
            sending.start();
            draining.start();
            System.out.printf("%d rooms × (1 publisher → %d subscribers), %d kbit/s per publisher, %s; %d s per mode and path; %s%n",
                    rooms, subsPerRoom, kbps, load.describeSending(), seconds, pinning.description());
            long thread = relay.threadId();
            Figures[][] figures = new Figures[2][2]; // [srtp][steered]
            StringBuilder whyNotSteered = new StringBuilder();
            for (boolean srtp : new boolean[] {true, false}) { // warm-up: the JIT compiles both paths
                peers.srtp = srtp;
                relay.srtp(srtp);
                Thread.sleep(3000);
            }
            for (int round = 0; round < 2; round++) {
                for (int mode = 0; mode < 2; mode++) {
                    peers.srtp = mode == 1;
                    relay.srtp(mode == 1);
                    figures[mode][0] = measure(relay, thread, (seconds + 3) / 4).after(figures[mode][0]);
                    try (LoopbackReceiveSteering steering = pinning.pinned()
                            ? LoopbackReceiveSteering.awayFromCpu0(cpus, whyNotSteered) : null) {
                        if (steering != null) {
                            figures[mode][1] = measure(relay, thread, (seconds + 3) / 4).after(figures[mode][1]);
                        }
                    }
                }
            }
            peers.stop = true;
            sending.join();
            draining.join();
            Figures any = figures[0][0];
            System.out.printf("received %.0f packets/s, forwarded %.0f packets/s%n", any.in / any.wall, any.out / any.wall);
            report("bare relay (Netty and the kernel)", figures[0], subsPerRoom, whyNotSteered);
            report("relay with SRTP (AES-GCM decrypt per received, encrypt per forwarded packet)", figures[1], subsPerRoom,
                    whyNotSteered);
            System.out.printf("subscribers received %d packets, %d of them failed SRTP; the relay dropped %d that failed SRTP"
                    + " and %d from unknown sources (some packets in flight fail at each switch of mode)%n",
                    peers.delivered.sum() + peers.undecryptable.sum(), peers.undecryptable.sum(), relay.undecryptable.sum(),
                    relay.unknownSource.sum());
        }
    }

    private static void report(String what, Figures[] byPath, int subsPerRoom, StringBuilder whyNotSteered) {
        Figures plain = byPath[0];
        Figures steered = byPath[1];
        System.out.printf("%s — plain loopback: %s%n", what, plain);
        if (steered == null) {
            System.out.println("  receive path not steered off the relay's CPU (" + whyNotSteered + ")");
            return;
        }
        double estimate = steered.usPerForwarded() + Math.max(0, plain.usPerForwarded() - steered.usPerForwarded()) / subsPerRoom;
        System.out.printf("%s — receive path steered: %s%n", what, steered);
        System.out.printf("%s — estimate for a real network (steered + receive path / %d): %.2f µs per forwarded packet,"
                + " %.0f one-megabit streams per core%n", what, subsPerRoom, estimate, ForwardingLoad.streamsPerCore(estimate));
    }

    private static SrtpKeyingMaterial randomKeys() {
        byte[] material = new byte[PROFILE.keyingMaterialLength()];
        new SecureRandom().nextBytes(material);
        return SrtpKeyingMaterial.fromExporterOutput(PROFILE, material);
    }

    private static Figures measure(FloorRelay relay, long thread, int seconds) throws InterruptedException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Thread.sleep(500); // let a change of mode or steering settle
        long cpu0 = threads.getThreadCpuTime(thread);
        long user0 = threads.getThreadUserTime(thread);
        long out0 = relay.forwarded.sum();
        long in0 = relay.received.sum();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return new Figures(threads.getThreadCpuTime(thread) - cpu0, threads.getThreadUserTime(thread) - user0,
                relay.forwarded.sum() - out0, relay.received.sum() - in0, (System.nanoTime() - wall0) / 1e9);
    }

    /** The relay thread's CPU time (ns) and packets over measuring intervals. */
    private record Figures(long cpu, long user, long out, long in, double wall) {
        Figures after(Figures earlier) {
            return earlier == null ? this
                    : new Figures(cpu + earlier.cpu, user + earlier.user, out + earlier.out, in + earlier.in, wall + earlier.wall);
        }

        double usPerForwarded() {
            return cpu / 1000.0 / Math.max(1, out);
        }

        @Override
        public String toString() {
            return String.format("thread %.1f %% of a core; %.2f µs per forwarded packet (%.2f user, %.2f kernel)",
                    cpu / 1e9 / wall * 100, usPerForwarded(), user / 1000.0 / Math.max(1, out), (cpu - user) / 1000.0 / Math.max(1, out));
        }
    }

    private record Publisher(DatagramChannel channel, SrtpSession srtp, int ssrc) {
    }

    /** The synthetic phones and inspectors: publishers paced and spread over the packet interval, subscribers drained. */
    private static final class Peers {
        final List<Publisher> publishers;
        final Selector selector;
        final ForwardingLoad load;
        final LongAdder delivered = new LongAdder();
        final LongAdder undecryptable = new LongAdder();
        volatile boolean srtp;
        volatile boolean stop;

        Peers(List<Publisher> publishers, Selector selector, ForwardingLoad load) {
            this.publishers = publishers;
            this.selector = selector;
            this.load = load;
        }

        void send() {
            byte[] b = new byte[12 + PACKET_PAYLOAD + PROFILE.rtpOverhead()];
            load.pace(publishers.size(), () -> stop, (i, packet, frame, timestamp, last) -> {
                Publisher p = publishers.get(i);
                RtpPacket.writeHeader(b, 0, last, 96, packet & 0xFFFF, timestamp, p.ssrc());
                int len = srtp ? p.srtp().protectRtp(b, 0, 12 + PACKET_PAYLOAD) : 12 + PACKET_PAYLOAD;
                p.channel().write(ByteBuffer.wrap(b, 0, len));
            });
        }

        void drain() {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
                while (!stop) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel ch = (DatagramChannel) key.channel();
                        while (ch.receive(buf.clear()) != null) {
                            if (srtp && ((SrtpSession) key.attachment()).unprotectRtp(buf.array(), 0, buf.position()) < 0) {
                                undecryptable.increment();
                            } else {
                                delivered.increment();
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
