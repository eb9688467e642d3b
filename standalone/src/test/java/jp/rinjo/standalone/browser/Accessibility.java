package jp.rinjo.standalone.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.test.ExternalServices;

/**
 * Checks what a page shows against the WCAG 2.1 A and AA rules with axe-core (Deque's open-source
 * checker, the one browsers' own audits build on): contrast, labels, names of buttons and links,
 * landmarks, ARIA use. {@code ./rinjo test} fetches it from npm and names it in {@code RINJO_TEST_AXE};
 * a bare {@code mvn test} without it skips the check (and only the check).
 */
final class Accessibility {
    private static final String RUN = "(async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
            + "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']});"
            + " return JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            + " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))); })()";
    private static String source;

    private Accessibility() {
    }

    /** Fails naming every rule the page breaks in its current state. */
    static void check(Page page, String state) {
        Optional<String> axe = axe();
        if (axe.isEmpty()) {
            return;
        }
        if (!Boolean.TRUE.equals(page.evaluate("typeof axe !== 'undefined'"))) {
            page.evaluate(axe.get() + "\n'axe loaded'");
        }
        JsonArray violations = new JsonArray((String) page.evaluate(RUN, java.time.Duration.ofSeconds(30)));
        if (!violations.isEmpty()) {
            StringBuilder b = new StringBuilder(state + ": " + violations.size() + " accessibility rule(s) broken (axe-core, WCAG 2.1 AA):");
            for (Object o : violations) {
                JsonObject v = (JsonObject) o;
                b.append("\n  - ").append(v.getString("id")).append(" [").append(v.getString("impact")).append("] ").append(v.getString("help"));
                for (Object n : v.getJsonArray("nodes")) {
                    b.append("\n      ").append(n);
                }
            }
            throw new AssertionError(b);
        }
    }

    private static synchronized Optional<String> axe() {
        if (source == null) {
            Optional<String> path = ExternalServices.optionalEnv("RINJO_TEST_AXE");
            if (path.isEmpty()) {
                if (ExternalServices.required()) {
                    throw new AssertionError("axe-core is not available: set RINJO_TEST_AXE or run ./rinjo test");
                }
                return Optional.empty();
            }
            try {
                source = Files.readString(Path.of(path.get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(source);
    }
}
