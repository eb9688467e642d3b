package jp.rinjo.standalone;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jp.rinjo.media.recording.spool.Spool;

/**
 * The recorder's state on {@code /metrics}, for an operator's alerts: a store that stopped taking
 * uploads, a spool filling up and then full (new packets are then not recorded), packets dropped.
 */
final class RecordingMetrics {
    private static final Map<String, String> GAUGES = Map.of(
            "spoolBytes", "rinjo_recording_spool_bytes|bytes in the spool waiting for upload",
            "uploadBacklog", "rinjo_recording_upload_backlog|closed segments and seal files waiting for upload",
            "uploadsFailing", "rinjo_recording_uploads_failing|1 while uploads to the evidence store fail (kept in the spool)",
            "spoolFull", "rinjo_recording_spool_full|1 while the spool is full: new packets are NOT recorded",
            "packetsDropped", "rinjo_recording_packets_dropped|packets not recorded (writer queue full)",
            "packetsWritten", "rinjo_recording_packets_written|packets written to the spool",
            "queued", "rinjo_recording_writer_queue|packets waiting for the spool writers");

    private RecordingMetrics() {
    }

    static void bind(MeterRegistry registry, Spool spool) {
        GAUGES.forEach((stat, nameAndHelp) -> {
            String[] parts = nameAndHelp.split("\\|", 2);
            Gauge.builder(parts[0], spool, s -> s.stats().getOrDefault(stat, 0L)).description(parts[1]).register(registry);
        });
    }
}
