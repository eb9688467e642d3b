package jp.rinjo.standalone.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * One WebSocket to a browser's DevTools endpoint, in the "flattened" mode: commands and events of
 * every attached page travel on this one socket, told apart by {@code sessionId}. Commands block the
 * calling (test) thread with a deadline; events are handed to listeners on the Vert.x event loop, so
 * listeners must not block.
 */
final class CdpConnection implements AutoCloseable {
    /** Receives every event of one session (empty string: the browser's own). */
    interface EventListener {
        void onEvent(String method, JsonObject params);
    }

    private final WebSocketClient client;
    private final WebSocket ws;
    private final Supplier<String> diagnostics;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonObject>> calls = new ConcurrentHashMap<>();
    private final Map<String, List<EventListener>> listeners = new ConcurrentHashMap<>();
    private volatile String closedBecause;

    private CdpConnection(WebSocketClient client, WebSocket ws, Supplier<String> diagnostics) {
        this.client = client;
        this.ws = ws;
        this.diagnostics = diagnostics;
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> failAll("the DevTools connection closed (browser exited or crashed?)"));
        ws.exceptionHandler(e -> failAll("the DevTools connection failed: " + e));
    }

    /** Connects to {@code ws://127.0.0.1:port/path}. */
    static CdpConnection open(Vertx vertx, int port, String path, Duration timeout, Supplier<String> diagnostics) {
        // CDP results can be large (screenshots are base64 PNGs of several MB).
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(256 * 1024 * 1024).setMaxMessageSize(256 * 1024 * 1024));
        // No Origin header: Chromium refuses DevTools WebSockets from origins not allowed on its command line.
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path)
                .setAllowOriginHeader(false).setConnectTimeout(timeout.toMillis());
        try {
            WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new CdpConnection(client, ws, diagnostics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting to DevTools", e);
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            throw new IllegalStateException("could not connect to DevTools at 127.0.0.1:" + port + path + " within "
                    + timeout + ": " + e + "; " + diagnostics.get(), e);
        }
    }

    void addListener(String sessionId, EventListener listener) {
        listeners.computeIfAbsent(sessionId == null ? "" : sessionId, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void removeListeners(String sessionId) {
        listeners.remove(sessionId == null ? "" : sessionId);
    }

    /** Sends a command and waits for its result; throws {@link CdpException} on a protocol error or timeout. */
    JsonObject call(String sessionId, String method, JsonObject params, Duration timeout) {
        CompletableFuture<JsonObject> result = send(sessionId, method, params);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException(method + " interrupted", e);
        } catch (TimeoutException e) {
            throw new CdpException("CDP " + method + " got no reply within " + timeout + "; " + diagnostics.get(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CdpException c) {
                throw new CdpException(c.getMessage(), c);
            }
            throw new CdpException("CDP " + method + " failed: " + cause, cause);
        }
    }

    /** Sends a command without waiting. */
    CompletableFuture<JsonObject> send(String sessionId, String method, JsonObject params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        String why = closedBecause;
        if (why != null) {
            result.completeExceptionally(new CdpException("CDP " + method + ": " + why + "; " + diagnostics.get()));
            return result;
        }
        calls.put(id, result);
        JsonObject message = new JsonObject().put("id", id).put("method", method)
                .put("params", params == null ? new JsonObject() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        ws.writeTextMessage(message.encode()).onFailure(e -> {
            calls.remove(id);
            result.completeExceptionally(new CdpException("CDP " + method + " could not be sent: " + e + "; "
                    + diagnostics.get(), e));
        });
        return result;
    }

    private void onText(String text) {
        JsonObject m = new JsonObject(text);
        Long id = m.getLong("id");
        if (id != null) {
            CompletableFuture<JsonObject> call = calls.remove(id);
            if (call == null) {
                return;
            }
            JsonObject error = m.getJsonObject("error");
            if (error != null) {
                call.completeExceptionally(new CdpException("CDP error " + error.getValue("code") + ": "
                        + error.getString("message") + (error.getString("data") != null ? " (" + error.getString("data") + ")" : "")));
            } else {
                call.complete(m.getJsonObject("result", new JsonObject()));
            }
            return;
        }
        String method = m.getString("method");
        if (method == null) {
            return;
        }
        JsonObject params = m.getJsonObject("params", new JsonObject());
        List<EventListener> ls = listeners.get(m.getString("sessionId", ""));
        if (ls != null) {
            for (EventListener l : ls) {
                try {
                    l.onEvent(method, params);
                } catch (RuntimeException e) {
                    // a faulty listener must not stop the others or the connection
                }
            }
        }
    }

    private void failAll(String why) {
        closedBecause = why;
        calls.values().forEach(c -> c.completeExceptionally(new CdpException(why + "; " + diagnostics.get())));
        calls.clear();
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    @Override
    public void close() {
        closedBecause = closedBecause == null ? "the DevTools connection was closed" : closedBecause;
        if (!ws.isClosed()) {
            ws.close();
        }
        client.close();
    }
}
