package jp.rinjo.signaling.ws;

import java.time.Duration;

import io.vertx.core.Vertx;

/**
 * Notices a connection from which nothing has been received for the idle timeout: a phone that lost
 * coverage or power sends no FIN, and nothing else would ever tell it is gone. One timer per
 * connection, re-armed for the rest of the period when something was heard meanwhile, rather than
 * one reset per message. Used on the connection's event loop only.
 */
final class SilenceWatch {
    private final Vertx vertx;
    private final long idleMillis;
    private final Runnable silent;
    private long lastHeardNanos = System.nanoTime();
    private long timer = -1;

    SilenceWatch(Vertx vertx, Duration idleTimeout, Runnable silent) {
        this.vertx = vertx;
        this.idleMillis = Math.max(1, idleTimeout.toMillis());
        this.silent = silent;
    }

    void start() {
        arm(idleMillis);
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void arm(long delayMillis) {
        timer = vertx.setTimer(Math.max(1, delayMillis), t -> {
            timer = -1;
            long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
            if (silentMillis >= idleMillis) {
                silent.run();
            } else {
                arm(idleMillis - silentMillis);
            }
        });
    }
}
