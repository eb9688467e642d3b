package jp.rinjo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves the receive processing of loopback packets off the media node's CPU, with Receive Packet
 * Steering on {@code lo}, for the duration of a measurement.
 *
 * <p>Why: on loopback, the kernel runs the receiving side of every datagram (IP input, the UDP
 * socket lookup, queueing, waking the reader) in the sender's context. Every packet the node
 * forwards would charge a synthetic subscriber's receive path to the node's thread, which on a
 * real network runs on the subscriber's own host. With RPS the sender only queues the packet to
 * another CPU's backlog. The node's own inbound receive path moves off its CPU as well (it already
 * ran in the sending peer's context before); the benchmark measures that cost separately.
 *
 * <p>Needs root and {@code /sys/class/net/lo/queues/rx-0/rps_cpus}; the previous mask is put back
 * on {@link #close()} and, should the JVM be stopped meanwhile, by a shutdown hook.
 */
final class LoopbackReceiveSteering implements AutoCloseable {
    private static final Path RPS_CPUS = Path.of("/sys/class/net/lo/queues/rx-0/rps_cpus");

    private final String previous;
    private final Thread restoreOnExit;

    private LoopbackReceiveSteering(String previous) {
        this.previous = previous;
        this.restoreOnExit = new Thread(this::restore, "restore-rps");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /**
     * Steers loopback receive processing to every CPU but CPU 0 (where the benchmark pins the media
     * thread), or returns null with the reason in {@code why} when this machine does not allow it.
     */
    static LoopbackReceiveSteering awayFromCpu0(int cpus, StringBuilder why) {
        if (cpus < 2) {
            why.append("needs two CPUs");
            return null;
        }
        if (!Files.isWritable(RPS_CPUS)) {
            why.append("needs root and ").append(RPS_CPUS);
            return null;
        }
        try {
            String previous = Files.readString(RPS_CPUS).trim();
            long mask = cpus >= 64 ? -2L : ((1L << cpus) - 1) & ~1L;
            Files.writeString(RPS_CPUS, Long.toHexString(mask));
            return new LoopbackReceiveSteering(previous);
        } catch (IOException | RuntimeException e) {
            why.append("could not set ").append(RPS_CPUS).append(": ").append(e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private void restore() {
        try {
            Files.writeString(RPS_CPUS, previous);
        } catch (IOException e) {
            System.err.println("could not restore " + RPS_CPUS + " to " + previous + ": " + e.getMessage());
        }
    }
}
