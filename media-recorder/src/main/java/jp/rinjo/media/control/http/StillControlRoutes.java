package jp.rinjo.media.control.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.sun.net.httpserver.HttpExchange;

import jp.rinjo.common.control.RequestSignature;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.media.control.StillControl;

/**
 * The control API's remote stills, signed like every control request:
 *
 * <pre>
 * POST /internal/v1/sessions/{session}/stills             body: one line of JSON {id, receivedAt, phoneCapturedAt,
 *                                                         participantId, role, requestId}, a newline, then the JPEG
 *                                                         → 201 {id, sha256, bytes, width, height}
 * POST /internal/v1/sessions/{session}/stills/{id}/read   → 200 image/jpeg, or 404
 * </pre>
 *
 * What signaling says of the still travels inside the signed body, so it can be altered no more than the JPEG.
 */
final class StillControlRoutes {
    private static final Logger log = LoggerFactory.getLogger(StillControlRoutes.class);
    private static final Pattern STORE = Pattern.compile("/internal/v1/sessions/([^/]+)/stills");
    private static final Pattern READ = Pattern.compile("/internal/v1/sessions/([^/]+)/stills/([^/]+)/read");
    /** A still (10 MB, what signaling accepts) and its line of metadata. */
    private static final int MAX_BODY = 10 * 1024 * 1024 + 16 * 1024;
    private static final int OPERATION_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StillControl stills;
    private final SignedRequestCheck signatures;
    private final ExecutorService executor;

    StillControlRoutes(StillControl stills, SignedRequestCheck signatures, ExecutorService executor) {
        this.stills = stills;
        this.signatures = signatures;
        this.executor = executor;
    }

    static boolean handles(String path) {
        return STORE.matcher(path).matches() || READ.matcher(path).matches();
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    void handle(HttpExchange ex) {
        CompletionStage<Answer> answer;
        try {
            answer = route(ex);
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        try {
            answer.whenCompleteAsync((a, failure) -> send(ex, a, failure), executor);
        } catch (RejectedExecutionException e) {
            ex.close();
        }
    }

    private CompletionStage<Answer> route(HttpExchange ex) throws IOException {
        byte[] raw = body(ex);
        signatures.check(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst(RequestSignature.TIMESTAMP_HEADER),
                ex.getRequestHeaders().getFirst(RequestSignature.NONCE_HEADER), raw);
        String path = ex.getRequestURI().getPath();
        if (!ex.getRequestMethod().equals("POST")) {
            throw RinjoException.notFound("control endpoint " + ex.getRequestMethod() + " " + path);
        }
        Matcher read = READ.matcher(path);
        if (read.matches()) {
            return MediaControlHttpServer.within(stills.read(SessionId.of(read.group(1)), StillId.of(read.group(2))), OPERATION_SECONDS)
                    .thenApply(jpeg -> new Answer(200, "image/jpeg", jpeg.orElseThrow(() -> RinjoException.notFound("still " + read.group(2)))));
        }
        Matcher store = STORE.matcher(path);
        store.matches();
        int newline = indexOf(raw, (byte) '\n');
        if (newline < 0) {
            throw RinjoException.invalid("the body is a line of JSON, a newline, then the JPEG");
        }
        StillControl.Still still = JSON.readValue(raw, 0, newline, StillControl.Still.class);
        byte[] jpeg = java.util.Arrays.copyOfRange(raw, newline + 1, raw.length);
        return MediaControlHttpServer.within(stills.store(SessionId.of(store.group(1)), still, jpeg), OPERATION_SECONDS)
                .thenApply(stored -> {
                    try {
                        return new Answer(201, "application/json", JSON.writeValueAsBytes(stored));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
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

    private void send(HttpExchange ex, Answer answer, Throwable failure) {
        try {
            Answer a = answer;
            if (failure != null) {
                MediaControlHttpServer.Reply error = MediaControlHttpServer.errorReply(ex, failure);
                a = new Answer(error.status(), error.contentType() + "; charset=utf-8", error.body().getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            ex.sendResponseHeaders(a.status(), a.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(a.body());
            }
        } catch (IOException e) {
            log.debug("control reply to {} not delivered: {}", ex.getRequestURI().getPath(), e.toString());
        } finally {
            ex.close();
        }
    }
}
