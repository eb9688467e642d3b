package jp.rinjo.media.transport.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Consent freshness seen from the lite side (RFC 7675). The browser sends a Binding request on the
 * selected pair every few seconds (RFC 7675 §5.1: randomized around 5 s) and stops sending media
 * when those go unanswered for 30 s. The mirror image here: consent is gone when no valid request
 * has arrived for the timeout. Times are caller-supplied {@code System.nanoTime()} values, so
 * comparisons use differences (overflow-safe). Not thread-safe; the agent guards it.
 */
final class ConsentTracker {

    /** Only authenticated requests get here, so few addresses; the bound is a safety net. */
    private static final int MAX_ADDRESSES = 32;

    private final long timeoutNanos;
    private final long createdNanos;
    private long lastAnyNanos;
    private boolean anyValid;
    private final Map<InetSocketAddress, Long> lastValid = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Long> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    ConsentTracker(Duration timeout, long createdNanos) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.createdNanos = createdNanos;
    }

    void validRequest(InetSocketAddress from, long nowNanos) {
        lastValid.put(from, nowNanos);
        lastAnyNanos = nowNanos;
        anyValid = true;
    }

    OptionalLong lastValidRequest(InetSocketAddress from) {
        Long t = lastValid.get(from);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /**
     * Expired when the selected address has been silent for the timeout. Before a selection, the
     * latest valid request from anywhere counts, and before any, the creation time: an endpoint the
     * browser never reaches expires too, so the caller can reap it with the same check.
     */
    boolean expired(InetSocketAddress selected, long nowNanos) {
        return nowNanos - lastConsent(selected) >= timeoutNanos;
    }

    /** When consent was last given, by the rule {@link #expired} applies. */
    long lastConsent(InetSocketAddress selected) {
        if (selected != null && lastValid.containsKey(selected)) {
            return lastValid.get(selected);
        }
        return anyValid ? lastAnyNanos : createdNanos;
    }
}
