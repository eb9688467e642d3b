package jp.rinjo.media.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import jp.rinjo.media.recording.spool.Spool;
import jp.rinjo.media.sfu.MediaStats;

/**
 * What an operator's alerts watch on a media node: the forwarding counters (garbage, SRTP and DTLS
 * failures, retransmissions) and the recorder's state (a store that stopped taking uploads, a spool
 * filling up, then full: new packets are then NOT recorded). One list for the standalone's
 * {@code /metrics} and a separate node's, so both name them alike.
 */
public final class NodeMetrics {
    /** @param type Prometheus {@code counter} or {@code gauge} */
    public record Metric(String name, String type, String help, LongSupplier value) {
    }

    private static final List<String[]> RECORDING = List.of(
            new String[] {"spoolBytes", "rinjo_recording_spool_bytes", "bytes in the spool waiting for upload"},
            new String[] {"uploadBacklog", "rinjo_recording_upload_backlog", "closed segments and seal files waiting for upload"},
            new String[] {"uploadsFailing", "rinjo_recording_uploads_failing", "1 while uploads to the evidence store fail (kept in the spool)"},
            new String[] {"spoolFull", "rinjo_recording_spool_full", "1 while the spool is full: new packets are NOT recorded"},
            new String[] {"packetsDropped", "rinjo_recording_packets_dropped", "packets not recorded (writer queue full)"},
            new String[] {"packetsWritten", "rinjo_recording_packets_written", "packets written to the spool"},
            new String[] {"queued", "rinjo_recording_writer_queue", "packets waiting for the spool writers"},
            new String[] {"setAsideSessions", "rinjo_recording_set_aside_sessions",
                "session folders set aside in the spool for an operator: files in no seal and not in the evidence store (/health names them)"});

    private NodeMetrics() {
    }

    public static List<Metric> recording(Spool spool) {
        List<Metric> out = new ArrayList<>();
        for (String[] r : RECORDING) {
            out.add(new Metric(r[1], "gauge", r[2], () -> spool.stats().getOrDefault(r[0], 0L)));
        }
        return out;
    }

    /** Every counter of {@link MediaStats#snapshot()}, as {@code rinjo_media_<name>_total}. */
    public static List<Metric> forwarding(MediaStats stats) {
        List<Metric> out = new ArrayList<>();
        for (String key : stats.snapshot().keySet()) {
            out.add(new Metric("rinjo_media_" + snakeCase(key) + "_total", "counter", "media node: " + key,
                    () -> stats.snapshot().getOrDefault(key, 0L)));
        }
        return out;
    }

    /** The Prometheus text format (0.0.4) of the given metrics, read now. */
    public static String prometheusText(List<Metric> metrics) {
        StringBuilder b = new StringBuilder();
        for (Metric m : metrics) {
            b.append("# HELP ").append(m.name()).append(' ').append(m.help()).append('\n')
                    .append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n')
                    .append(m.name()).append(' ').append(m.value().getAsLong()).append('\n');
        }
        return b.toString();
    }

    /** {@code UP}, or what is wrong with the recording, worst first. */
    public static String recordingHealth(Map<String, Long> spoolStats) {
        if (spoolStats.getOrDefault("spoolFull", 0L) != 0) {
            return "SPOOL FULL";
        }
        return spoolStats.getOrDefault("uploadsFailing", 0L) != 0 ? "UPLOADS FAILING" : "UP";
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
