package jp.rinjo.scheduling.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per (login name, client address), on this node. Keyed on the pair, not the name
 * alone: anyone may send wrong passwords for {@code admin}, and that must not lock the real admin
 * out from their own desk. Only names of existing accounts are recorded (the caller's job), and the
 * map is bounded: windows that have passed are swept, and past {@link #MAX_TRACKED} pairs the
 * oldest window goes, so no flood of requests can grow the heap.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_TRACKED = 10_000;

    private record Key(String loginName, String clientAddress) {
    }

    private record Failures(int count, Instant since) {
        boolean passed(Instant now) {
            return !now.isBefore(since.plus(WINDOW));
        }
    }

    private final ConcurrentHashMap<Key, Failures> failures = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    boolean locked(String loginName, String clientAddress, Instant now) {
        Failures f = failures.get(new Key(loginName, clientAddress));
        return f != null && f.count() >= MAX_FAILURES && !f.passed(now);
    }

    void failed(String loginName, String clientAddress, Instant now) {
        Key key = new Key(loginName, clientAddress);
        if (!failures.containsKey(key)) {
            makeRoom(now);
        }
        failures.merge(key, new Failures(1, now), (old, one) -> old.passed(now) ? one : new Failures(old.count() + 1, old.since()));
    }

    void succeeded(String loginName, String clientAddress) {
        failures.remove(new Key(loginName, clientAddress));
    }

    /** How many pairs are remembered (tests: what a flood leaves behind). */
    int tracked() {
        return failures.size();
    }

    private void makeRoom(Instant now) {
        if (now.isAfter(nextSweep) || failures.size() >= MAX_TRACKED) {
            nextSweep = now.plus(WINDOW);
            failures.values().removeIf(f -> f.passed(now));
        }
        while (failures.size() >= MAX_TRACKED) {
            failures.entrySet().stream().min(Comparator.comparing(e -> e.getValue().since()))
                    .ifPresent(e -> failures.remove(e.getKey(), e.getValue()));
        }
    }
}
