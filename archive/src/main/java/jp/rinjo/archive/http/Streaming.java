package jp.rinjo.archive.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jp.rinjo.archive.service.ArchiveService;
import jp.rinjo.archive.service.ArchiveServices;
import jp.rinjo.archive.service.EvidenceCopyJob;
import jp.rinjo.archive.service.ExportJob;
import jp.rinjo.archive.service.StoreErrors;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.signaling.http.ApiSupport;

/**
 * The two streamed responses: a rendition with HTTP range requests (206, Content-Range; what makes
 * seeking work in every browser, Safari included, which insists on ranges) read from the store's
 * ranged read, and the evidence ZIP written as it is made. Both on the stream pool, with back-pressure.
 */
final class Streaming {
    private final ArchiveServices services;
    private final EvidenceStore store;
    private final ExecutorService pool;

    Streaming(ArchiveServices services, EvidenceStore store, ExecutorService pool) {
        this.services = services;
        this.store = store;
        this.pool = pool;
    }

    void rendition(RoutingContext ctx, ApiSupport api) {
        SessionId id = SessionId.of(ctx.pathParam("id"));
        String participant = ctx.pathParam("participant");
        boolean download = "1".equals(ctx.request().getParam("download"));
        boolean head = ctx.request().method() == HttpMethod.HEAD;
        String rangeHeader = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        Context context = ctx.vertx().getOrCreateContext();
        pool.execute(() -> {
            ResponseOutputStream out = null;
            long size = -1;
            try {
                Actor actor = api.authenticator().authenticate(ctx.request());
                ArchiveService.RenditionGrant g = services.recordings().rendition(actor, id, participant, download);
                size = g.rendition().size();
                String etag = "\"" + g.rendition().sha256() + "\"";
                // If-Range with another validator: the client's copy is stale, so it gets the whole object
                Optional<ByteRange> range = ifRange == null || ifRange.equals(etag) ? ByteRange.parse(rangeHeader, size) : Optional.empty();
                long start = range.map(ByteRange::start).orElse(0L);
                long length = range.map(ByteRange::length).orElse(size);
                String fileName = g.rendition().participantId() + "." + g.rendition().container();
                long total = size;
                onContext(context, () -> {
                    HttpServerResponse r = ctx.response();
                    r.setStatusCode(range.isPresent() ? 206 : 200)
                            .putHeader("Content-Type", g.rendition().contentType())
                            .putHeader("Accept-Ranges", "bytes")
                            .putHeader("Content-Length", Long.toString(length))
                            .putHeader("ETag", etag)
                            .putHeader("Cache-Control", "private, no-cache")
                            // never gzip a range: Content-Length and Content-Range count the object's own bytes
                            .putHeader("Content-Encoding", "identity");
                    range.ifPresent(x -> r.putHeader("Content-Range", x.contentRange(total)));
                    if (download) {
                        r.putHeader("Content-Disposition", attachment(id.value() + "-" + fileName, fileName));
                    }
                    if (head || length == 0) {
                        r.end();
                    }
                });
                if (head || length == 0) {
                    return;
                }
                out = new ResponseOutputStream(ctx.response(), context);
                try (InputStream in = store.open(g.rendition().key(), start, length)) {
                    in.transferTo(out);
                }
                out.close();
            } catch (Throwable t) {
                failed(ctx, context, out, t, size);
            }
        });
    }

    void export(RoutingContext ctx, ApiSupport api) {
        String jobId = ctx.pathParam("job");
        Context context = ctx.vertx().getOrCreateContext();
        pool.execute(() -> {
            ResponseOutputStream out = null;
            try {
                Actor actor = api.authenticator().authenticate(ctx.request());
                ExportJob job = services.exports().open(actor, jobId);
                onContext(context, () -> ctx.response().setStatusCode(200).setChunked(true)
                        .putHeader("Content-Type", "application/zip")
                        .putHeader("Content-Disposition", attachment(job.fileName(), "rinjo-evidence-" + job.entry().sessionId().value() + ".zip"))
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Encoding", "identity")); // segments and video do not compress
                out = new ResponseOutputStream(ctx.response(), context);
                services.exports().write(actor, job, out);
                out.close();
            } catch (Throwable t) {
                failed(ctx, context, out, t, -1);
            }
        });
    }

    /** A finished evidence copy, from the work folder, with range requests (a download manager resumes with them). */
    void evidenceCopy(RoutingContext ctx, ApiSupport api) {
        String jobId = ctx.pathParam("job");
        String rangeHeader = ctx.request().getHeader("Range");
        Context context = ctx.vertx().getOrCreateContext();
        pool.execute(() -> {
            ResponseOutputStream out = null;
            long size = -1;
            try {
                Actor actor = api.authenticator().authenticate(ctx.request());
                // a request for a later part continues a download already in the audit log
                EvidenceCopyJob job = services.evidenceCopies().download(actor, jobId, s -> servesFirstByte(rangeHeader, s));
                size = Files.size(job.file());
                Optional<ByteRange> range = ByteRange.parse(rangeHeader, size);
                long start = range.map(ByteRange::start).orElse(0L);
                long length = range.map(ByteRange::length).orElse(size);
                long total = size;
                onContext(context, () -> {
                    HttpServerResponse r = ctx.response();
                    r.setStatusCode(range.isPresent() ? 206 : 200)
                            .putHeader("Content-Type", "video/mp4")
                            .putHeader("Accept-Ranges", "bytes")
                            .putHeader("Content-Length", Long.toString(length))
                            .putHeader("Content-Disposition", attachment(job.fileName(), job.asciiFileName()))
                            .putHeader("Cache-Control", "private, no-store")
                            .putHeader("Content-Encoding", "identity");
                    range.ifPresent(x -> r.putHeader("Content-Range", x.contentRange(total)));
                });
                out = new ResponseOutputStream(ctx.response(), context);
                try (InputStream in = Files.newInputStream(job.file())) {
                    in.skipNBytes(start);
                    byte[] buf = new byte[65536];
                    for (long left = length; left > 0; ) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            throw new IOException("the evidence copy is shorter than it was");
                        }
                        out.write(buf, 0, n);
                        left -= n;
                    }
                }
                out.close();
            } catch (Throwable t) {
                failed(ctx, context, out, t, size);
            }
        });
    }

    /**
     * Whether the response to this Range header begins with the file's first byte (the whole file,
     * {@code bytes=0-}, {@code bytes=000-}, a suffix as long as the file...), on the range as parsed.
     * A range past the end serves nothing: it is refused later, with no download to audit.
     */
    static boolean servesFirstByte(String rangeHeader, long size) {
        try {
            return ByteRange.parse(rangeHeader, size).map(ByteRange::start).orElse(0L) == 0;
        } catch (RinjoException unsatisfiable) {
            return false;
        }
    }

    /** Before the body: an API error. In the body: the connection is cut, so no one mistakes half a file for the whole. */
    private static void failed(RoutingContext ctx, Context context, ResponseOutputStream out, Throwable t, long size) {
        if (out != null) {
            out.abort();
            return;
        }
        Throwable error = t instanceof IOException io ? StoreErrors.of(io) : t;
        context.runOnContext(v -> {
            if (error instanceof RinjoException r && r.code() == ErrorCode.RANGE_NOT_SATISFIABLE && size >= 0) {
                ctx.response().putHeader("Content-Range", "bytes */" + size);
            }
            if (!ctx.response().headWritten()) {
                ApiSupport.fail(ctx, error);
            } else {
                ctx.response().reset();
            }
        });
    }

    /** RFC 6266: an ASCII fallback name plus the UTF-8 one (contract numbers are Japanese). */
    static String attachment(String utf8Name, String asciiFallback) {
        return "attachment; filename=\"" + asciiFallback.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(utf8Name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void onContext(Context context, Runnable r) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.join();
    }

}
