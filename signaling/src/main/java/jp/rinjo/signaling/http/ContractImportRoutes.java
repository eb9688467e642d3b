package jp.rinjo.signaling.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.contract.csv.ContractCsv;
import jp.rinjo.scheduling.contract.csv.CsvFileException;
import jp.rinjo.scheduling.service.ImportReport;

/**
 * Contracts from a CSV file (契約の一括登録):
 *
 * <pre>
 * POST /api/contracts/import?dryRun=true   login that may register contracts, Content-Type: text/csv, body ≤ 2 MB
 *                                          → 200 report (nothing written)
 * POST /api/contracts/import               → 201 report (contracts created; 200 when there was nothing new)
 *                                          → 400 {error, report} when any row has a fault: nothing written
 *                                          → 400 {error, problem} when the file is no contracts CSV (problem: xlsx, encoding, no-header …)
 * GET  /api/contracts/import/template.csv  → the header and an example row, UTF-8 with BOM
 * </pre>
 *
 * Mounted before the API's own body handler: a file is larger than any JSON body. Requiring text/csv
 * is also the CSRF guard, as application/json is for the JSON API: a cross-site form cannot send it
 * without a preflight.
 */
public final class ContractImportRoutes {
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    private final Scheduling scheduling;
    private final ApiSupport api;

    public ContractImportRoutes(Scheduling scheduling, ApiSupport api) {
        this.scheduling = scheduling;
        this.api = api;
    }

    public void mount(Router r) {
        r.post("/api/contracts/import").handler(ContractImportRoutes::beforeBody);
        r.post("/api/contracts/import").handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES)).handler(this::importCsv)
                .failureHandler(ctx -> ApiSupport.fail(ctx, ctx.statusCode() == 413
                        ? new RinjoException(ErrorCode.MESSAGE_TOO_LARGE, "CSV ファイルは 2 MB（" + MAX_BYTES + " バイト）までです。ファイルを分けてください。")
                        : ctx.failure() != null ? ctx.failure() : new RinjoException(ErrorCode.VALIDATION_FAILED, "the upload failed")));
        // the template holds nothing of anyone's: a plain link downloads it
        r.get("/api/contracts/import/template.csv").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"contracts-template.csv\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode("契約一括登録テンプレート.csv", StandardCharsets.UTF_8))
                .end(Buffer.buffer(ContractCsv.template())));
    }

    /** Refuses what cannot succeed before 2 MB are read: no credentials at all, or not a CSV body. Event loop, no database. */
    private static void beforeBody(RoutingContext ctx) {
        if (ctx.request().getHeader("Authorization") == null && Authenticator.loginCookie(ctx.request()) == null) {
            ApiSupport.fail(ctx, new RinjoException(ErrorCode.UNAUTHENTICATED, "log in first"));
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            ApiSupport.fail(ctx, new RinjoException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the file as Content-Type: text/csv"));
            return;
        }
        ctx.next();
    }

    private void importCsv(RoutingContext ctx) {
        boolean dryRun;
        try {
            dryRun = dryRun(ctx.request().getParam("dryRun"));
        } catch (RinjoException e) {
            ApiSupport.fail(ctx, e);
            return;
        }
        byte[] csv = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        api.run(ctx, () -> scheduling.contractImport().importCsv(api.authenticator().authenticate(ctx.request()), csv, dryRun))
                .onSuccess(report -> answer(ctx, report))
                .onFailure(e -> {
                    if (e instanceof CsvFileException f) {
                        Map<String, Object> body = errorWith(f, "problem", f.problem().wireName());
                        body.put("problemArgs", f.args());
                        ApiSupport.json(ctx, 400, body);
                    } else {
                        ApiSupport.fail(ctx, e);
                    }
                });
    }

    private static void answer(RoutingContext ctx, ImportReport report) {
        if (report.dryRun()) {
            ApiSupport.json(ctx, 200, report);
        } else if (report.committed()) {
            ApiSupport.json(ctx, report.counts().create() > 0 ? 201 : 200, report);
        } else {
            ImportReport.RowResult first = report.rows().stream().filter(r -> r.status() == ImportReport.RowStatus.ERROR)
                    .findFirst().orElseThrow();
            RinjoException e = RinjoException.invalid(report.counts().error() + " 行にエラーがあるため、何も登録していません（" + first.row()
                    + "行目: " + first.problems().get(0).message() + "）。ファイルを直して、もう一度読み込んでください。");
            ApiSupport.json(ctx, 400, errorWith(e, "report", report));
        }
    }

    /** The API's error shape, with what the page needs to show the user more than a sentence. */
    private static Map<String, Object> errorWith(RinjoException e, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", new ApiSupport.ErrorBody.Detail(e.code().wireName(), e.getMessage()));
        body.put(key, value);
        return body;
    }

    private static boolean dryRun(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw RinjoException.invalid("dryRun must be true or false");
    }
}
