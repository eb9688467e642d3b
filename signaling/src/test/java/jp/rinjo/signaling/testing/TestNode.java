package jp.rinjo.signaling.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import jp.rinjo.common.config.Settings;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.signaling.SignalingServer;
import jp.rinjo.signaling.config.SignalingConfig;
import jp.rinjo.signaling.live.LiveState;
import jp.rinjo.signaling.media.MediaGateway;

/** A real signaling node (HTTPS, WebSocket) on a free port, with an HTTP client pointed at it. */
public final class TestNode implements AutoCloseable {
    public final Vertx vertx;
    public final SignalingServer server;
    public final WebClient http;
    public final LiveState live;

    private TestNode(Vertx vertx, SignalingServer server, LiveState live) {
        this.vertx = vertx;
        this.server = server;
        this.live = live;
        this.http = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost("localhost").setDefaultPort(server.port()));
    }

    public static SignalingConfig config(Path dataDir, Map<String, String> overrides) {
        Settings s = Settings.load(null, Map.of(), new Properties(), "signaling-defaults.properties")
                .with("http.host", "127.0.0.1").with("http.port", "0").with("ws.join-timeout", "2s")
                .with("http.tls.keystore", dataDir.resolve("tls.p12").toString());
        for (var e : overrides.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return SignalingConfig.from(s, dataDir);
    }

    public static TestNode start(Path dataDir, Scheduling scheduling, LiveState live, Clock clock,
                                 Map<String, String> overrides) throws Exception {
        return start(Vertx.vertx(), dataDir, scheduling, live, clock, overrides, java.util.List.of());
    }

    /** On the given Vert.x (closed with the node), serving more route groups beside signaling's own. */
    public static TestNode start(Vertx vertx, Path dataDir, Scheduling scheduling, LiveState live, Clock clock,
                                 Map<String, String> overrides, java.util.List<jp.rinjo.signaling.http.RouteGroup> routes) throws Exception {
        SignalingServer server = SignalingServer.start(vertx, config(dataDir, overrides), scheduling, live,
                MediaGateway.none(), clock, routes).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return new TestNode(vertx, server, live);
    }

    public int port() {
        return server.port();
    }

    public WsClient socket(String cookie) throws Exception {
        return WsClient.connect(vertx, port(), cookie);
    }

    /** A request with an optional JSON body; returns the response (any status). */
    public HttpResponse<Buffer> call(String method, String path, String authorization, Object body) throws Exception {
        var req = http.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        var future = body == null ? req.send()
                : body instanceof String raw ? req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(raw))
                : req.sendJsonObject(body instanceof JsonObject j ? j : JsonObject.mapFrom(body));
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    public void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
