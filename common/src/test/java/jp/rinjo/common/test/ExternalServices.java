package jp.rinjo.common.test;

import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the real services tests need (PostgreSQL, Redis, Chromium) come from. {@code ./rinjo test}
 * provides them and sets {@code RINJO_TEST_REQUIRE_SERVICES=1}, so there a missing service fails the
 * build; a bare {@code mvn test} without them skips those tests instead, saying why.
 */
public final class ExternalServices {
    private ExternalServices() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("RINJO_TEST_REQUIRE_SERVICES"));
    }

    /** The value of an environment variable naming a test service, or skip/fail as above. */
    public static String env(String name, String what) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            String message = what + " is not available: set " + name + " or run ./rinjo test";
            if (required()) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return v;
    }

    public static Optional<String> optionalEnv(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** A binary on this machine (e.g. /usr/bin/redis-server), or skip/fail as above. */
    public static String binary(String path, String what) {
        if (!new java.io.File(path).canExecute()) {
            String message = what + " is not installed at " + path + ": run ./rinjo test, which installs it";
            if (required()) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
