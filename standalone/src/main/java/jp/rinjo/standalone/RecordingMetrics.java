package jp.rinjo.standalone;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jp.rinjo.media.node.NodeMetrics;
import jp.rinjo.media.recording.spool.Spool;
import jp.rinjo.media.sfu.MediaStats;

/** The in-process media node's and recorder's metrics ({@link NodeMetrics}) on the standalone's {@code /metrics}. */
final class RecordingMetrics {
    private RecordingMetrics() {
    }

    static void bind(MeterRegistry registry, Spool spool, MediaStats media) {
        for (NodeMetrics.Metric m : NodeMetrics.recording(spool)) {
            Gauge.builder(m.name(), m.value()::getAsLong).description(m.help()).register(registry);
        }
        for (NodeMetrics.Metric m : NodeMetrics.forwarding(media)) {
            // Micrometer adds the _total suffix itself to a counter's name
            FunctionCounter.builder(m.name().replaceFirst("_total$", ""), m, x -> x.value().getAsLong())
                    .description(m.help()).register(registry);
        }
    }
}
