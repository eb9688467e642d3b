package jp.rinjo.media.control.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;

/**
 * The media node's control operations over HTTP, for signaling nodes in other processes:
 *
 * <pre>
 * POST /internal/v1/sessions/{session}/participants/{participant}/joined            → 204
 * POST /internal/v1/sessions/{session}/participants/{participant}/publish           body: offer SDP → 200 answer SDP
 * POST /internal/v1/sessions/{session}/participants/{participant}/subscribe-answer  body: answer SDP → 204
 * POST /internal/v1/sessions/{session}/participants/{participant}/left              → 204
 * POST /internal/v1/sessions/{session}/ended   body: [{"participantId","displayName","role"}] → 204 once sealed
 * GET  /internal/v1/load                                                            → 200 JSON
 * </pre>
 *
 * Every request carries {@code Authorization: Bearer <shared secret>}; errors are the API's JSON
 * error shape. Control traffic is a few requests per participant, so the JDK's server is enough:
 * the packet path never goes through here.
 */
public final class MediaControlHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaControlHttpServer.class);
    private static final Pattern PATH = Pattern.compile(
            "/internal/v1/sessions/([^/]+)/participants/([^/]+)/(joined|publish|subscribe-answer|left)");
    private static final Pattern ENDED = Pattern.compile("/internal/v1/sessions/([^/]+)/ended");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final MediaControl control;
    private final byte[] secret;

    private MediaControlHttpServer(HttpServer server, ExecutorService executor, MediaControl control, String secret) {
        this.server = server;
        this.executor = executor;
        this.control = control;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static MediaControlHttpServer start(MediaControl control, String host, int port, String secret) throws IOException {
        if (secret == null || secret.length() < 16) {
            throw RinjoException.invalid("media.control.secret must be at least 16 characters");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "rinjo-media-control");
            t.setDaemon(true);
            return t;
        });
        MediaControlHttpServer s = new MediaControlHttpServer(server, executor, control, secret);
        server.createContext("/internal/v1/", s::handle);
        server.setExecutor(executor);
        server.start();
        log.info("media control API on port {}", server.getAddress().getPort());
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                throw new RinjoException(ErrorCode.UNAUTHENTICATED, "missing or wrong control secret");
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/internal/v1/load") && ex.getRequestMethod().equals("GET")) {
                NodeLoad l = control.load();
                reply(ex, 200, "application/json", "{\"sessions\":" + l.sessions() + ",\"endpoints\":" + l.endpoints()
                        + ",\"publishedTracks\":" + l.publishedTracks() + ",\"packetsForwarded\":" + l.packetsForwarded() + "}");
                return;
            }
            Matcher ended = ENDED.matcher(path);
            if (ended.matches() && ex.getRequestMethod().equals("POST")) {
                java.util.List<jp.rinjo.media.control.Attendee> attendees = JSON.readValue(body(ex),
                        new com.fasterxml.jackson.core.type.TypeReference<java.util.List<jp.rinjo.media.control.Attendee>>() { });
                await(control.sessionEnded(SessionId.of(ended.group(1)), attendees), 300);
                reply(ex, 204, null, null);
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches() || !ex.getRequestMethod().equals("POST")) {
                throw RinjoException.notFound("control endpoint " + ex.getRequestMethod() + " " + path);
            }
            SessionId session = SessionId.of(m.group(1));
            ParticipantId participant = ParticipantId.of(m.group(2));
            switch (m.group(3)) {
                case "joined" -> {
                    await(control.joined(session, participant));
                    reply(ex, 204, null, null);
                }
                case "publish" -> reply(ex, 200, "application/sdp", await(control.publish(session, participant, body(ex))));
                case "subscribe-answer" -> {
                    await(control.subscribeAnswer(session, participant, body(ex)));
                    reply(ex, 204, null, null);
                }
                default -> {
                    await(control.left(session, participant));
                    reply(ex, 204, null, null);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            reply(ex, 400, "application/json", "{\"error\":{\"code\":\"malformed-json\",\"message\":\"attendees must be a JSON array\"}}");
        } catch (RinjoException e) {
            reply(ex, e.code().httpStatus(), "application/json", "{\"error\":{\"code\":\"" + e.code().wireName()
                    + "\",\"message\":" + JsonStrings.quote(e.getMessage()) + "}}");
        } catch (RuntimeException e) {
            log.warn("control request {} failed", ex.getRequestURI().getPath(), e);
            reply(ex, 500, "application/json", "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
        } finally {
            ex.close();
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(secret, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new RinjoException(ErrorCode.MESSAGE_TOO_LARGE, "SDP larger than " + MAX_BODY + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return await(stage, 10);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage, int seconds) {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof RinjoException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "the media node did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "interrupted");
        }
    }

    private static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
