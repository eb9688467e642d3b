package jp.rinjo.media.control.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jp.rinjo.common.control.RequestSignature;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.media.control.Attendee;
import jp.rinjo.media.control.MediaControl;
import jp.rinjo.media.control.NodeLoad;
import jp.rinjo.media.control.SessionEnd;

/**
 * The media node's control operations over HTTP, for signaling nodes in other processes:
 *
 * <pre>
 * POST /internal/v1/sessions/{session}/participants/{participant}/joined            → 204
 * POST /internal/v1/sessions/{session}/participants/{participant}/publish           body: offer SDP → 200 answer SDP
 * POST /internal/v1/sessions/{session}/participants/{participant}/subscribe-answer  body: answer SDP → 204
 * POST /internal/v1/sessions/{session}/participants/{participant}/left              → 204
 * POST /internal/v1/sessions/{session}/ended   body: {"attendees":[{"participantId","displayName","role"}],
 *                                                    "inspection":{"contractNo","contractName","contractor","department","type",
 *                                                    "typeLabel","scheduledStart","scheduledEnd","place","inspectorName",
 *                                                    "status","result","resultLabel","resultNote","endedAt"}|null,
 *                                                    "annotations":[{"at","by","role","shape","points":[[x,y]],"color","label","target"}],
 *                                                    "annotationsNotKept":n}
 *                                              (a bare attendees array, as older signaling sends, is read as no inspection)
 *                                                                                  → 204 once sealed
 * GET  /internal/v1/load                                                            → 200 JSON
 * GET  /metrics, /health (unsigned, see {@link #serveStatus})
 * POST /internal/v1/sessions/{session}/stills…                                      remote stills ({@link StillControlRoutes})
 * </pre>
 *
 * Every request is signed with the shared secret ({@link RequestSignature}: method, path, body, a
 * timestamp and a nonce; the secret itself never travels), and a request that is stale, altered or seen before is
 * refused with 401 ({@link SignedRequestCheck}); errors are the API's JSON error shape. Control traffic is a few requests per participant, so the JDK's server is enough:
 * the packet path never goes through here. No request holds a thread while its operation runs, so
 * sessions being sealed never hold up the joins, publishes and answers of the node's other sessions.
 */
public final class MediaControlHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaControlHttpServer.class);
    private static final Pattern PATH = Pattern.compile(
            "/internal/v1/sessions/([^/]+)/participants/([^/]+)/(joined|publish|subscribe-answer|left)");
    private static final Pattern ENDED = Pattern.compile("/internal/v1/sessions/([^/]+)/ended");
    /**
     * Fields it does not know (sent by a newer signaling) are left out rather than refused: a refused
     * session end is never sealed, while one sealed without them still holds the recording.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int MAX_BODY = 64 * 1024;
    private static final int OPERATION_SECONDS = 10;
    /** Sealing waits for the last segments and the renditions; signaling waits five minutes. */
    private static final int SEAL_SECONDS = 300;

    private final HttpServer server;
    private final ExecutorService executor;
    private final MediaControl control;
    private final SignedRequestCheck signatures;
    /** Remote stills, once the node's recorder serves them ({@link #serveStills}). */
    private volatile StillControlRoutes stills;

    private MediaControlHttpServer(HttpServer server, ExecutorService executor, MediaControl control, String secret) {
        this.server = server;
        this.executor = executor;
        this.control = control;
        this.signatures = new SignedRequestCheck(secret, Clock.systemUTC());
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

    /** Serves the recorder's remote stills ({@link StillControlRoutes}) on this API. */
    public void serveStills(jp.rinjo.media.control.StillControl control) {
        this.stills = new StillControlRoutes(control, signatures, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * {@code GET /metrics} (Prometheus text) and {@code GET /health} (the JSON {@code health} gives) on
     * the control port, unsigned: a scraper cannot sign, and they only read counters. Health is 200
     * while the node forwards, whatever the recorder's state: a load balancer must not take a node
     * out for a store outage its spool rides out; the body says it for alerts.
     */
    public void serveStatus(java.util.function.Supplier<String> metricsText, java.util.function.Supplier<String> health) {
        server.createContext("/metrics", ex -> answerStatus(ex, () -> new Reply(200, "text/plain; version=0.0.4", metricsText.get())));
        server.createContext("/health", ex -> answerStatus(ex, () -> new Reply(200, "application/json", health.get())));
    }

    private void answerStatus(HttpExchange ex, java.util.function.Supplier<Reply> reply) {
        send(ex, ex.getRequestMethod().equals("GET") ? reply.get()
                : new Reply(405, "application/json", "{\"error\":{\"code\":\"validation-failed\",\"message\":\"only GET is served here\"}}"), null);
    }

    /**
     * Reads and checks the request on a pool thread, then lets go of that thread: the operation answers
     * whenever it completes (a seal with its renditions takes minutes), and the reply is written on the
     * pool again, never on the media loop or the sealing thread that completed it.
     */
    private void handle(HttpExchange ex) {
        StillControlRoutes s = stills;
        if (s != null && StillControlRoutes.handles(ex.getRequestURI().getPath())) {
            s.handle(ex); // a still is larger than every other control body, and its reads answer bytes
            return;
        }
        CompletionStage<Reply> reply;
        try {
            reply = route(ex);
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        try {
            reply.whenCompleteAsync((r, failure) -> send(ex, r, failure), executor);
        } catch (RejectedExecutionException e) {
            ex.close(); // closing down
        }
    }

    private CompletionStage<Reply> route(HttpExchange ex) throws IOException {
        byte[] raw = body(ex);
        signatures.check(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst(RequestSignature.TIMESTAMP_HEADER),
                ex.getRequestHeaders().getFirst(RequestSignature.NONCE_HEADER), raw);
        String body = new String(raw, StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        if (path.equals("/internal/v1/load") && ex.getRequestMethod().equals("GET")) {
            NodeLoad l = control.load();
            return CompletableFuture.completedFuture(new Reply(200, "application/json", "{\"sessions\":" + l.sessions()
                    + ",\"endpoints\":" + l.endpoints() + ",\"publishedTracks\":" + l.publishedTracks()
                    + ",\"packetsForwarded\":" + l.packetsForwarded() + "}"));
        }
        Matcher ended = ENDED.matcher(path);
        if (ended.matches() && ex.getRequestMethod().equals("POST")) {
            return noContent(within(control.sessionEnded(SessionId.of(ended.group(1)), sessionEnd(body)), SEAL_SECONDS));
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches() || !ex.getRequestMethod().equals("POST")) {
            throw RinjoException.notFound("control endpoint " + ex.getRequestMethod() + " " + path);
        }
        SessionId session = SessionId.of(m.group(1));
        ParticipantId participant = ParticipantId.of(m.group(2));
        return switch (m.group(3)) {
            case "joined" -> noContent(within(control.joined(session, participant), OPERATION_SECONDS));
            case "publish" -> within(control.publish(session, participant, body), OPERATION_SECONDS)
                    .thenApply(answer -> new Reply(200, "application/sdp", answer));
            case "subscribe-answer" -> noContent(within(control.subscribeAnswer(session, participant, body),
                    OPERATION_SECONDS));
            default -> noContent(within(control.left(session, participant), OPERATION_SECONDS));
        };
    }

    /** An object with attendees and inspection; a bare array of attendees is what signaling sent before the inspection was added. */
    private static SessionEnd sessionEnd(String body) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(body);
        if (tree != null && tree.isArray()) {
            return new SessionEnd(JSON.convertValue(tree, new com.fasterxml.jackson.core.type.TypeReference<java.util.List<Attendee>>() { }),
                    null, null, 0);
        }
        if (tree == null || !tree.isObject()) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "not a JSON object");
        }
        return JSON.treeToValue(tree, SessionEnd.class);
    }

    private static CompletionStage<Reply> noContent(CompletionStage<?> done) {
        return done.thenApply(v -> new Reply(204, null, null));
    }

    /** The operation's outcome, or MEDIA_UNAVAILABLE after {@code seconds}; the operation itself runs on. */
    static <T> CompletableFuture<T> within(CompletionStage<T> stage, int seconds) {
        return stage.toCompletableFuture().copy().orTimeout(seconds, TimeUnit.SECONDS);
    }

    private void send(HttpExchange ex, Reply reply, Throwable failure) {
        try {
            reply(ex, failure == null ? reply : errorReply(ex, failure));
        } catch (IOException e) {
            log.debug("control reply to {} not delivered: {}", ex.getRequestURI().getPath(), e.toString());
        } finally {
            ex.close();
        }
    }

    static Reply errorReply(HttpExchange ex, Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            // the still routes' body starts with the still's description; the end of a session is all JSON
            String expected = StillControlRoutes.handles(ex.getRequestURI().getPath())
                    ? "the body must start with the still's description as one line of JSON" : "the body must be {attendees, inspection} as JSON";
            return new Reply(400, "application/json", "{\"error\":{\"code\":\"malformed-json\",\"message\":\"" + expected + "\"}}");
        }
        if (cause instanceof TimeoutException) {
            cause = new RinjoException(ErrorCode.MEDIA_UNAVAILABLE, "the media node did not answer in time");
        }
        if (cause instanceof RinjoException e) {
            return new Reply(e.code().httpStatus(), "application/json", "{\"error\":{\"code\":\"" + e.code().wireName()
                    + "\",\"message\":" + JsonStrings.quote(e.getMessage()) + "}}");
        }
        log.warn("control request {} failed", ex.getRequestURI().getPath(), cause);
        return new Reply(500, "application/json", "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}");
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new RinjoException(ErrorCode.MESSAGE_TOO_LARGE, "request body larger than " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private static void reply(HttpExchange ex, Reply reply) throws IOException {
        if (reply.body() == null) {
            ex.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] b = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", reply.contentType() + "; charset=utf-8");
        ex.sendResponseHeaders(reply.status(), b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    record Reply(int status, String contentType, String body) {
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
