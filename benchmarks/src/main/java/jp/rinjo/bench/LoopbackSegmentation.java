package jp.rinjo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Makes the node's own kernel cut its segmented sends (UDP GSO) into datagrams, as it must before a
 * network card without UDP segmentation offload, for the duration of a run.
 *
 * <p>Why: the node hands a run of same-size copies for one subscriber to the kernel as one message
 * of several segments. {@code lo} claims segmentation offload, so loopback passes the run whole and
 * the receiving socket cuts it up, in the receiver's context: with the receive path steered to the
 * peers' CPU, the node would never pay for the cutting, which flatters it against a card that cannot
 * segment. With {@code tx-udp-segmentation} off on {@code lo}, the node's kernel segments in software
 * before the device, as it would there. Needs root and {@code ethtool}; the previous setting is put
 * back on {@link #close()} and, should the JVM be stopped meanwhile, by a shutdown hook.
 */
final class LoopbackSegmentation implements AutoCloseable {
    private static final String FEATURE = "tx-udp-segmentation";

    private final Thread restoreOnExit;
    private final String description;

    private LoopbackSegmentation(String description, boolean restore) {
        this.description = description;
        this.restoreOnExit = restore ? new Thread(LoopbackSegmentation::restore, "restore-lo-segmentation") : null;
        if (restoreOnExit != null) {
            Runtime.getRuntime().addShutdownHook(restoreOnExit);
        }
    }

    /** Turns segmentation offload off on {@code lo} if it is on and this machine lets us; says what it did. */
    static LoopbackSegmentation inSoftware() throws InterruptedException {
        if (!Boolean.parseBoolean(System.getProperty("bench.softwareSegmentation", "true"))) {
            return new LoopbackSegmentation("UDP segmentation left to lo, i.e. to the receiver (-Dbench.softwareSegmentation=false)", false);
        }
        String features = run("ethtool", "-k", "lo");
        if (features == null) {
            return new LoopbackSegmentation("UDP segmentation left to lo, i.e. to the receiver (needs ethtool)", false);
        }
        if (features.contains(FEATURE + ": off")) {
            return new LoopbackSegmentation("UDP segmentation in the node's kernel (lo's " + FEATURE + " already off)", false);
        }
        if (!set("off")) {
            return new LoopbackSegmentation("UDP segmentation left to lo, i.e. to the receiver (ethtool -K lo needs root)", false);
        }
        return new LoopbackSegmentation("UDP segmentation in the node's kernel, as before a card without it (lo's "
                + FEATURE + " off for the run)", true);
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        if (restoreOnExit == null) {
            return;
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private static void restore() {
        try {
            if (!set("on")) {
                System.err.println("could not turn lo's " + FEATURE + " back on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean set(String state) throws InterruptedException {
        return run("ethtool", "-K", "lo", FEATURE, state) != null;
    }

    /** The command's output, or null when it could not run or failed. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
