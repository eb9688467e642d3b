package jp.rinjo.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The load the forwarding benchmarks put on a node or relay: rooms of one publisher and some
 * subscribers, each publisher sending 1,100-byte RTP payloads at {@code kbps}, for {@code seconds}
 * per measured mode. Shared so that {@code bench media} and {@code bench floor} measure the same
 * thing and can be set side by side.
 */
record ForwardingLoad(int rooms, int subscribersPerRoom, int seconds, int kbps) {
    static final int PACKET_PAYLOAD = 1100;
    /** Packets a second of a one-megabit stream of such packets: what "streams per core" counts. */
    private static final double ONE_MEGABIT_PACKETS = 1e6 / 8 / PACKET_PAYLOAD;

    /** Sends packet number {@code packet} of publisher {@code publisher}. */
    @FunctionalInterface
    interface PacedSend {
        void send(int publisher, int packet) throws Exception;
    }

    /** From the command line: {@code [rooms] [subscribersPerRoom] [seconds=20] [kbps=1000]}. */
    static ForwardingLoad fromArgs(String[] args, int defaultRooms, int defaultSubscribers) {
        return new ForwardingLoad(arg(args, 0, defaultRooms), arg(args, 1, defaultSubscribers), arg(args, 2, 20),
                arg(args, 3, 1000));
    }

    int packetsPerSecond() {
        return Math.max(1, kbps * 1000 / 8 / PACKET_PAYLOAD);
    }

    /** One-megabit streams one core could forward at this cost per forwarded packet. */
    static double streamsPerCore(double microsPerForwardedPacket) {
        return 1e6 / (microsPerForwardedPacket * ONE_MEGABIT_PACKETS);
    }

    /**
     * Paces {@code publishers} at {@link #packetsPerSecond()} until {@code stopped}. They are spread
     * evenly over the packet interval, as independent phones would be: sending them all at the same
     * instant would measure a burst queueing behind itself rather than what forwarding adds to one
     * packet.
     */
    void pace(int publishers, BooleanSupplier stopped, PacedSend send) {
        long intervalNanos = 1_000_000_000L / packetsPerSecond();
        long start = System.nanoTime();
        try {
            for (int packet = 0; !stopped.getAsBoolean(); packet++) {
                long round = start + packet * intervalNanos;
                for (int i = 0; i < publishers; i++) {
                    long sleep = round + intervalNanos * i / publishers - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                    send.send(i, packet);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }
}
