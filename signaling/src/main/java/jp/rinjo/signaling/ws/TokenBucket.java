package jp.rinjo.signaling.ws;

/** Per-connection rate limit; not thread-safe (one connection's messages arrive on one event loop). */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.ratePerNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
