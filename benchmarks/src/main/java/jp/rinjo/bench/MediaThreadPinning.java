package jp.rinjo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the thread that forwards (named with a given prefix) on CPU 0 and every other thread of this
 * JVM on the remaining CPUs (threads created later from the calling thread inherit that), as on a
 * real node where the peers are other machines: otherwise the peers' threads preempt the forwarding
 * thread and a latency figure measures the scheduler. CPU-time figures do not depend on it.
 *
 * <p>The forwarding thread also gets real-time priority ({@code chrt -f 10}, as root; {@code
 * -Dbench.realtime=false} leaves it): the loopback receive path of the subscribers runs in softirq on
 * CPU 0, and without it the node's wake-up after its coalescing wait came late often enough to move
 * its latency p99 (1.7–4.6 ms in four runs without it, 1.4–1.9 ms with it), which a media host
 * keeping that core for the node would not see.
 *
 * @param pinned      whether the forwarding thread has CPU 0 to itself
 * @param description what was done, for the report
 */
record MediaThreadPinning(boolean pinned, String description) {

    static MediaThreadPinning apart(String threadNamePrefix) throws InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        Path tasks = Path.of("/proc/self/task");
        if (!Boolean.parseBoolean(System.getProperty("bench.pin", "true"))) {
            return new MediaThreadPinning(false, "media thread not pinned (-Dbench.pin=false)");
        }
        if (cpus < 2 || !Files.isDirectory(tasks) || !commandWorks("taskset", "-V")) {
            return new MediaThreadPinning(false, "media thread not pinned (needs Linux, taskset and two CPUs)");
        }
        String others = cpus == 2 ? "1" : "1-" + (cpus - 1);
        boolean realtime = Boolean.parseBoolean(System.getProperty("bench.realtime", "true"));
        boolean realtimeGiven = false;
        try (var list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                boolean media = comm.startsWith(threadNamePrefix);
                commandWorks("taskset", "-p", "-c", media ? "0" : others, task.getFileName().toString());
                if (media && realtime) {
                    realtimeGiven = commandWorks("chrt", "-f", "-p", "10", task.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return new MediaThreadPinning(false, "media thread not pinned (" + e.getMessage() + ")");
        }
        String priority = realtimeGiven ? " at real-time priority (chrt -f 10)"
                : realtime ? " (chrt refused: normal priority)" : " (normal priority, -Dbench.realtime=false)";
        return new MediaThreadPinning(true, "media thread pinned to CPU 0" + priority + ", peers to CPU " + others);
    }

    private static boolean commandWorks(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
