package jp.rinjo.media.node;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.spool.SetAsideSession;
import jp.rinjo.media.recording.spool.Spool;

/**
 * A separate media node's {@code /health} body, the same shape as the standalone's:
 * <pre>
 * {"status":"UP","degraded":false|true,"checks":{"recording":"UP"|"UPLOADS FAILING"|"SPOOL FULL"},
 *  "evidenceAtRisk":[{"session","where","since":{"utc","jst","display"},"why"}]}
 * </pre>
 * {@code status} stays UP (the node forwards and records new sessions); {@code degraded} is true
 * while something needs an operator: a recording check other than UP, or evidence at risk (a session
 * folder set aside in the spool, which no seal includes and the store never took).
 */
public final class NodeHealth {
    private NodeHealth() {
    }

    public static String json(Spool spool) {
        return json(NodeMetrics.recordingHealth(spool.stats()), spool.evidenceAtRisk());
    }

    static String json(String recording, List<SetAsideSession> atRisk) {
        boolean degraded = !"UP".equals(recording) || !atRisk.isEmpty();
        StringBuilder b = new StringBuilder("{\"status\":\"UP\",\"degraded\":").append(degraded)
                .append(",\"checks\":{\"recording\":");
        JsonStrings.appendQuoted(b, recording).append("},\"evidenceAtRisk\":[");
        for (int i = 0; i < atRisk.size(); i++) {
            SetAsideSession s = atRisk.get(i);
            b.append(i == 0 ? "{" : ",{").append("\"session\":");
            JsonStrings.appendQuoted(b, s.session()).append(",\"where\":");
            JsonStrings.appendQuoted(b, s.where().toString()).append(",\"since\":");
            time(b, s.since()).append(",\"why\":");
            JsonStrings.appendQuoted(b, s.why()).append('}');
        }
        return b.append("]}").toString();
    }

    /** As the REST API writes a time: the UTC instant, the same in JST, and for display. */
    private static StringBuilder time(StringBuilder b, Instant t) {
        b.append("{\"utc\":");
        JsonStrings.appendQuoted(b, t.toString()).append(",\"jst\":");
        JsonStrings.appendQuoted(b, Jst.iso(t)).append(",\"display\":");
        return JsonStrings.appendQuoted(b, Jst.display(t)).append('}');
    }
}
