package jp.rinjo.signaling.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    public void add(String name, Supplier<String> status) {
        checks.add(new Check(name, status));
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
