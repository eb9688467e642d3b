package jp.rinjo.archive.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * An OutputStream for a worker thread that writes into a Vert.x response with back-pressure: each
 * 64 KiB chunk is handed to the response on its event loop, and the worker waits while the
 * connection's write queue is full. So a download streams at the client's pace and holds at most
 * one chunk plus the queue in memory. A client that goes away, or stops reading for
 * {@link #STALL}, makes the next write throw.
 */
final class ResponseOutputStream extends OutputStream {
    static final Duration STALL = Duration.ofMinutes(2);
    private final HttpServerResponse response;
    private final Context context;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;
    private volatile CompletableFuture<Void> pending;
    private volatile boolean gone;

    ResponseOutputStream(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
        CompletableFuture<Void> registered = new CompletableFuture<>();
        context.runOnContext(v -> {
            response.closeHandler(x -> clientGone());
            registered.complete(null);
        });
        registered.join();
    }

    private void clientGone() {
        gone = true;
        CompletableFuture<Void> p = pending;
        if (p != null) {
            p.completeExceptionally(new IOException("the client closed the connection"));
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buffer.length) {
            flushBuffer();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == buffer.length) {
                flushBuffer();
            }
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (used == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(used).appendBytes(buffer, 0, used);
        used = 0;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pending = ready;
        if (gone) {
            throw new IOException("the client closed the connection");
        }
        context.runOnContext(v -> {
            if (response.closed()) {
                ready.completeExceptionally(new IOException("the client closed the connection"));
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                response.drainHandler(x -> ready.complete(null));
            } else {
                ready.complete(null);
            }
        });
        try {
            ready.get(STALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            context.runOnContext(v -> response.reset());
            throw new IOException("the client stopped reading for " + STALL.toMinutes() + " minutes");
        }
    }

    /** Sends what is buffered and ends the response. */
    @Override
    public void close() throws IOException {
        flushBuffer();
        if (!gone) {
            context.runOnContext(v -> {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }
    }

    /** Ends the response abruptly after a failure mid-body: the client must not take a cut file for a whole one. */
    void abort() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.reset();
            }
        });
    }
}
