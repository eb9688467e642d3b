package jp.rinjo.signaling.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * More checks for {@code /health} than signaling's own (database, live state), added by whoever runs
 * beside it: the standalone adds its in-process recorder's. Each check answers at once from state
 * it keeps (it runs on the event loop): {@code UP}, {@code DOWN}, or what is wrong in a few words.
 */
public final class HealthChecks {
    private record Check(String name, Supplier<String> status) {
    }

    /**
     * A session folder an in-process recorder set aside in its spool: files in no seal and not in the
     * evidence store, at risk until an operator moves them to where evidence is kept.
     *
     * @param session the session id, as the folder is named
     * @param where   the folder
     * @param since   when it was set aside
     * @param why     what its note says
     */
    public record EvidenceAtRisk(String session, String where, Instant since, String why) {
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private volatile Supplier<List<EvidenceAtRisk>> atRisk;

    public void add(String name, Supplier<String> status) {
        checks.add(new Check(name, status));
    }

    /** Where {@code /health} finds the evidence at risk (answering at once, as a check does); none without a recorder. */
    public void evidenceAtRisk(Supplier<List<EvidenceAtRisk>> list) {
        this.atRisk = list;
    }

    /** The evidence at risk now; empty when no recorder runs in this process (or it cannot say). */
    Optional<List<EvidenceAtRisk>> evidenceAtRisk() {
        Supplier<List<EvidenceAtRisk>> s = atRisk;
        try {
            return s == null ? Optional.empty() : Optional.ofNullable(s.get());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Each check's answer by name; one that throws is {@code DOWN}. */
    Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Check c : checks) {
            String status;
            try {
                status = c.status().get();
            } catch (RuntimeException e) {
                status = "DOWN";
            }
            out.put(c.name(), status == null ? "DOWN" : status);
        }
        return out;
    }
}
