package jp.rinjo.signaling.http;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.auth.Actor;

/**
 * The plumbing every REST handler shares: JSON in and out, errors as {@code {"error": {"code",
 * "message"}}} with the code's HTTP status (never a stack trace), blocking service calls on the
 * worker pool, and the caller's identity.
 */
public final class ApiSupport {
    private static final Logger log = LoggerFactory.getLogger(ApiSupport.class);
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final WorkerExecutor blocking;
    private final Authenticator authenticator;

    public record ErrorBody(Detail error) {
        public record Detail(String code, String message) {
        }
    }

    public ApiSupport(WorkerExecutor blocking, Authenticator authenticator) {
        this.blocking = blocking;
        this.authenticator = authenticator;
    }

    @FunctionalInterface
    public interface ActorCall<T> {
        T call(Actor actor) throws Exception;
    }

    /** Authenticates, runs {@code call} off the event loop, answers {@code status} with its JSON result. */
    public <T> void withActor(RoutingContext ctx, int status, ActorCall<T> call) {
        run(ctx, () -> call.call(authenticator.authenticate(ctx.request())))
                .onSuccess(result -> json(ctx, status, result))
                .onFailure(e -> fail(ctx, e));
    }

    public <T> Future<T> run(RoutingContext ctx, Callable<T> work) {
        return run(work);
    }

    /** Off the event loop, for work no request waits on. */
    public <T> Future<T> run(Callable<T> work) {
        return blocking.executeBlocking(work, false);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public static <T> T body(RoutingContext ctx, Class<T> type) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // Also the CSRF guard: a cross-site form cannot send application/json without a preflight.
            throw new RinjoException(ErrorCode.VALIDATION_FAILED, "the request body must be application/json");
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new RinjoException(ErrorCode.VALIDATION_FAILED, "the request body is empty");
        }
        try {
            T value = JSON.readValue(ctx.body().buffer().getBytes(), type);
            if (value == null) {
                throw new RinjoException(ErrorCode.VALIDATION_FAILED, "the request body must be a JSON object");
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new RinjoException(ErrorCode.VALIDATION_FAILED, "field '" + field + "' has the wrong type or format");
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof RinjoException r) {
                throw r;
            }
            throw new RinjoException(ErrorCode.MALFORMED_JSON, "the request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new RinjoException(ErrorCode.MALFORMED_JSON, "the request body is not valid JSON");
        }
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        if (body == null) {
            ctx.response().setStatusCode(status == 200 ? 204 : status).end();
            return;
        }
        try {
            ctx.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            fail(ctx, e);
        }
    }

    public static void fail(RoutingContext ctx, Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        RinjoException e;
        if (t instanceof RinjoException r) {
            e = r;
            if (r.code() == ErrorCode.INTERNAL) {
                log.error("internal error on {} {}", ctx.request().method(), ctx.request().path(), r);
            }
        } else {
            log.error("unexpected error on {} {}", ctx.request().method(), ctx.request().path(), t);
            e = new RinjoException(ErrorCode.INTERNAL, "internal error; the server log has the details");
        }
        String message = e.code() == ErrorCode.INTERNAL ? "internal error; the server log has the details" : e.getMessage();
        json(ctx, e.code().httpStatus(), new ErrorBody(new ErrorBody.Detail(e.code().wireName(), message)));
    }

    public static int intParam(RoutingContext ctx, String name, int defaultValue) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw RinjoException.invalid("query parameter '" + name + "' must be an integer");
        }
    }
}
