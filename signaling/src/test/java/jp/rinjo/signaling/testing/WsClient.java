package jp.rinjo.signaling.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A signaling client for tests: a real WebSocket over TLS, every received message queued in order. */
public final class WsClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> skipped = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private WsClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
        ws.closeHandler(v -> closed.countDown());
    }

    public static WsClient connect(Vertx vertx, int port, String cookie) throws Exception {
        return connect(vertx, port, cookie, new WebSocketClientOptions());
    }

    /**
     * A client whose socket takes at most {@code bytes} at a time from the network, as a phone on a
     * stalled link: once it stops reading, what the server sends it piles up on the server.
     */
    public static WsClient connectWithReceiveBuffer(Vertx vertx, int port, int bytes) throws Exception {
        return connect(vertx, port, null, new WebSocketClientOptions().setReceiveBufferSize(bytes));
    }

    private static WsClient connect(Vertx vertx, int port, String cookie, WebSocketClientOptions base) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(base
                .setSsl(true).setTrustAll(true).setVerifyHost(false).setMaxMessageSize(4 * 1024 * 1024)
                .setMaxFrameSize(4 * 1024 * 1024));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws").setSsl(true);
        if (cookie != null) {
            options.addHeader("Cookie", cookie);
        }
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new WsClient(client, ws);
    }

    public void send(String raw) {
        ws.writeTextMessage(raw);
    }

    public void send(JsonObject message) {
        send(message.put("v", 1).encode());
    }

    /** Stops taking messages from the network (the server's messages then wait on the server). */
    public void stopReading() {
        ws.pause();
    }

    public void resumeReading() {
        ws.resume();
    }

    public void sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** The next message matching, skipping (and keeping for diagnostics) the others; fails after 10 s. */
    public JsonObject await(Predicate<JsonObject> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no " + what + " within " + WAIT + "; received meanwhile: " + skipped);
            }
            if (match.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /** Like {@link #await(Predicate, String)} but gives up after {@code wait} and returns null. */
    public JsonObject poll(Predicate<JsonObject> match, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (match.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    public JsonObject await(String type) throws InterruptedException {
        return await(m -> type.equals(m.getString("type")), "'" + type + "' message");
    }

    public JsonObject awaitError(String code) throws InterruptedException {
        return await(m -> "error".equals(m.getString("type")) && code.equals(m.getString("code")), "error " + code);
    }

    public JsonObject awaitPresence(String event, String participantId) throws InterruptedException {
        return await(m -> "presence".equals(m.getString("type")) && event.equals(m.getString("event"))
                && participantId.equals(m.getJsonObject("participant").getString("participantId")),
                "presence " + event + " of " + participantId);
    }

    /** Round trip: proves the connection is alive and every earlier message has been processed. */
    public void assertAlive() throws InterruptedException {
        String ref = "alive-" + System.nanoTime();
        send(new JsonObject().put("type", "ping").put("ref", ref));
        await(m -> "pong".equals(m.getString("type")) && ref.equals(m.getString("ref")), "pong " + ref);
    }

    public boolean awaitClosed() throws InterruptedException {
        return closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every message not yet taken, up to the connection's close; fails if it does not close within 10 s. */
    public List<JsonObject> restUntilClosed() throws InterruptedException {
        if (!awaitClosed()) {
            throw new AssertionError("not closed within " + WAIT + "; received meanwhile: " + skipped + drain());
        }
        return drain();
    }

    public boolean isClosed() {
        return ws.isClosed();
    }

    public List<JsonObject> drain() {
        List<JsonObject> out = new ArrayList<>();
        inbox.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
        client.close();
    }
}
