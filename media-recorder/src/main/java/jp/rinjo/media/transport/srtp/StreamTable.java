package jp.rinjo.media.transport.srtp;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One jitsi-srtp crypto context per SSRC, for one direction and one of RTP/RTCP, with a ceiling
 * so that a flood of packets with made-up SSRCs cannot grow the table without bound.
 */
final class StreamTable<C> {
    private final ConcurrentHashMap<Integer, C> contexts = new ConcurrentHashMap<>();
    private final int maxStreams;

    StreamTable(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    C get(int ssrc) {
        return contexts.get(ssrc);
    }

    boolean isFull() {
        return contexts.size() >= maxStreams;
    }

    /** Keeps {@code context} for {@code ssrc} unless another thread got there first; returns the one kept. */
    C adopt(int ssrc, C context) {
        C existing = contexts.putIfAbsent(ssrc, context);
        return existing != null ? existing : context;
    }

    void remove(int ssrc) {
        contexts.remove(ssrc);
    }

    int size() {
        return contexts.size();
    }

    void clear() {
        contexts.clear();
    }
}
