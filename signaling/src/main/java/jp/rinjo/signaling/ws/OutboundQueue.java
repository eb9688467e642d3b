package jp.rinjo.signaling.ws;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import jp.rinjo.signaling.metrics.SignalingMetrics;

/**
 * What this node sends on one WebSocket, with a bound on what it holds for a peer that does not read.
 * Netty keeps every frame the kernel has not taken in memory for as long as the connection is open,
 * so without a bound a phone whose link stalls, or a guest who stops reading on purpose while others
 * (or they themselves) keep sending, would fill the node's heap. Every message is counted from the
 * write until the kernel has taken it. A message that would take the count past the bound, or a write
 * queue that fills and is not back down to its low-water mark within the stall timeout, means the peer is too slow and the connection must go:
 * dropping messages instead would leave the peer's call state (an SDP offer, a presence change) out of
 * step with the room, and it can join again.
 *
 * <p>Used on the connection's event loop only.
 */
final class OutboundQueue {
    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final SignalingMetrics metrics;
    private final long maxBytes;
    /** The write queue's size: a backlog from here on is one the peer is not keeping up with. */
    private final int fullBytes;
    private final long stallMillis;
    private final Runnable tooSlow;
    private long queued;
    private long stallTimer = -1;
    private boolean refusing;

    /** @param tooSlow called once, when the peer turns out too slow: the caller closes the connection */
    OutboundQueue(Vertx vertx, ServerWebSocket ws, SignalingMetrics metrics, int maxBytes, java.time.Duration stallTimeout,
                  Runnable tooSlow) {
        this.vertx = vertx;
        this.ws = ws;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.fullBytes = Math.max(1, maxBytes / 4);
        this.stallMillis = Math.max(1, stallTimeout.toMillis());
        this.tooSlow = tooSlow;
        ws.setWriteQueueMaxSize(fullBytes);
        ws.drainHandler(v -> caughtUp());
    }

    /** Writes one message, unless the backlog would then exceed the bound (the peer is then too slow). */
    void offer(String json) {
        if (refusing || ws.isClosed()) {
            return; // nothing more is queued on a connection that is going; its close handler cleans up
        }
        long bytes = utf8Length(json);
        if (queued + bytes > maxBytes) {
            refuse();
            return;
        }
        write(json, bytes);
        if (stallTimer < 0 && full()) {
            // Cancelled once the backlog is back down to the low-water mark (caughtUp). A backlog still
            // above it when the timer fires is a peer not keeping up, even if the kernel took a little
            // meanwhile: checking only for "full" here let a peer that read a few bytes and then
            // stopped hold its backlog for ever, with nothing left to arm the timer again.
            stallTimer = vertx.setTimer(stallMillis, t -> {
                stallTimer = -1;
                if (!ws.isClosed() && (full() || queued > fullBytes / 2)) {
                    refuse();
                }
            });
        }
    }

    /**
     * Vert.x calls its queue full only once Netty's buffer is over the size and more than a few
     * messages wait behind it; a handful of large messages the peer does not take count as well.
     */
    private boolean full() {
        return queued >= fullBytes || ws.writeQueueFull();
    }

    /** Writes a short control message (the bye) past the bound: it is what tells the peer why it is closed. */
    void writeAnyway(String json) {
        if (!ws.isClosed()) {
            write(json, utf8Length(json));
        }
    }

    private void caughtUp() {
        if (stallTimer >= 0 && !ws.isClosed() && !full()) {
            cancelStallTimer();
        }
    }

    void cancelStallTimer() {
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
        }
    }

    private void refuse() {
        if (!refusing) {
            refusing = true;
            cancelStallTimer();
            tooSlow.run();
        }
    }

    private void write(String json, long bytes) {
        queued += bytes;
        metrics.outboundQueued(bytes);
        // completes (failed) for every write still queued when the connection closes, so nothing stays counted
        ws.writeTextMessage(json).onComplete(ar -> {
            queued -= bytes;
            metrics.outboundQueued(-bytes);
            if (queued <= fullBytes / 2) { // as Netty's low-water mark
                caughtUp();
            }
        });
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
