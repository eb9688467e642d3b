package jp.rinjo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the CPUs other than CPU 0 were (from {@code /proc/stat}): the peers and the receive work
 * steered to them. Near 100 % the load generator, not the forwarder, sets the pace, and a figure
 * per packet then says nothing about more load.
 */
final class OtherCpusBusy {
    private final long[] start;

    private OtherCpusBusy(long[] start) {
        this.start = start;
    }

    static OtherCpusBusy start() {
        return new OtherCpusBusy(read());
    }

    /** Percent of the other CPUs' time spent busy since {@link #start()}, or -1 where unknown. */
    double percent() {
        long[] now = read();
        if (start == null || now == null) {
            return -1;
        }
        long busy = now[0] - start[0];
        long total = now[1] - start[1];
        return total <= 0 ? -1 : 100.0 * busy / total;
    }

    /** {busy, total} jiffies summed over cpu1…cpuN, or null without /proc/stat. */
    private static long[] read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/stat"));
        } catch (IOException e) {
            return null;
        }
        long busy = 0;
        long total = 0;
        for (String line : lines) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ") || line.startsWith("cpu0 ")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
        }
        return new long[] {busy, total};
    }
}
