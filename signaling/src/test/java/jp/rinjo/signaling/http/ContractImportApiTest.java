package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;

/**
 * Contracts registered from a CSV file over real HTTPS on a real H2 database: the dry run, the
 * import in one piece, duplicates, who may, and files that are not a contracts CSV.
 */
class ContractImportApiTest extends ScenarioTest {
    static final Charset SJIS = Charset.forName("windows-31j");
    static final String HEADER = "契約番号,工事名,受注者,工事場所,工期開始日,工期終了日";

    String inspector;

    @BeforeEach
    void setUp() throws Exception { // after the scenario has started
        inspector = SignalingScenario.bearer(sc.inspectorToken);
    }

    HttpResponse<Buffer> upload(String query, String authorization, String contentType, byte[] body) throws Exception {
        var req = sc.node.http.post("/api/contracts/import" + query);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        return req.sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> dryRun(String authorization, byte[] csv) throws Exception {
        return upload("?dryRun=true", authorization, "text/csv", csv);
    }

    HttpResponse<Buffer> importFile(String authorization, byte[] csv) throws Exception {
        return upload("", authorization, "text/csv; charset=shift_jis", csv);
    }

    static JsonObject ok(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        return r.bodyAsJsonObject();
    }

    JsonArray contracts(String authorization, String q) throws Exception {
        return sc.node.call("GET", "/api/contracts?limit=200" + (q == null ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)),
                authorization, null).bodyAsJsonArray();
    }

    static List<String> statuses(JsonObject report) {
        return report.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getString("status")).toList();
    }

    static JsonObject row(JsonObject report, int index) {
        return report.getJsonArray("rows").getJsonObject(index);
    }

    @Test
    void aDryRunWritesNothingAndTheImportCreatesEveryRowOfAShiftJisFile() throws Exception {
        byte[] csv = (HEADER + ",備考\r\n"
                + "R8道路第201号,市道201号線舗装工事,㈱臨場建設,臨場市本町,2026/4/1,2027/3/31,急ぎ\r\n"
                + "\"R8道路第202号\",\"側溝工事（その1, その2）\",髙橋土木,\"臨場市\r\n川町\",令和8年5月1日,R9.2.28,\r\n"
                + "\r\n"
                + "R8道路第203号,護岸工事,臨場建設,臨場市,2026-06-01,2026-12-25,\r\n").getBytes(SJIS);

        JsonObject preview = ok(dryRun(inspector, csv), 200);
        assertThat(preview.getBoolean("dryRun")).isTrue();
        assertThat(preview.getBoolean("committed")).isFalse();
        assertThat(preview.getString("encoding")).isEqualTo("Shift_JIS");
        assertThat(preview.getJsonArray("ignoredColumns")).containsExactly("備考");
        assertThat(preview.getJsonObject("counts").getMap()).containsEntry("rows", 3).containsEntry("create", 3)
                .containsEntry("duplicate", 0).containsEntry("error", 0);
        assertThat(statuses(preview)).containsExactly("CREATE", "CREATE", "CREATE");
        // rows as Excel numbers them: the quoted line break stays in row 3, the empty row 4 counts
        assertThat(preview.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getInteger("row")).toList()).containsExactly(2, 3, 5);
        JsonObject second = row(preview, 1).getJsonObject("values");
        assertThat(second.getString("name")).isEqualTo("側溝工事（その1, その2）");
        assertThat(second.getString("contractor")).isEqualTo("髙橋土木");
        assertThat(second.getString("location")).isEqualTo("臨場市 川町");
        assertThat(second.getString("periodStart")).isEqualTo("2026-05-01");
        assertThat(second.getString("periodEnd")).isEqualTo("2027-02-28");
        assertThat(second.getString("department")).isEqualTo("道路課");
        assertThat(contracts(inspector, null)).hasSize(1);

        JsonObject done = ok(importFile(inspector, csv), 201);
        assertThat(done.getBoolean("committed")).isTrue();
        assertThat(statuses(done)).containsExactly("CREATED", "CREATED", "CREATED");
        JsonArray found = contracts(inspector, "R8道路第20");
        assertThat(found).extracting(c -> ((JsonObject) c).getString("no")).containsExactlyInAnyOrder("R8道路第201号", "R8道路第202号", "R8道路第203号");
        JsonObject c = sc.node.call("GET", "/api/contracts/" + URLEncoder.encode("R8道路第202号", StandardCharsets.UTF_8), inspector, null)
                .bodyAsJsonObject();
        assertThat(c.getString("contractor")).isEqualTo("髙橋土木");
        assertThat(c.getString("department")).isEqualTo("道路課");
        assertThat(c.getString("periodEnd")).isEqualTo("2027-02-28");

        // the same file again: everything is registered already, nothing is written or changed
        JsonObject again = ok(importFile(inspector, csv), 200);
        assertThat(statuses(again)).containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE");
        assertThat(again.getJsonObject("counts").getInteger("create")).isZero();
        assertThat(contracts(inspector, null)).hasSize(4);
    }

    @Test
    void oneBadRowAndNothingIsCreatedAndTheRowIsToldWhatToFix() throws Exception {
        byte[] csv = ("\uFEFF" + HEADER + "\n"
                + "R8道路第301号,舗装工事,臨場建設,臨場市,2026/4/1,2027/3/31\n"
                + "R8道路第302号,側溝工事,臨場建設,臨場市,2026/4/1,2026/3/31\n"
                + "R8道路第303号,,臨場建設,臨場市,2026/4/1,未定\n"
                + "R8道路第301号,舗装工事,臨場建設,臨場市,2026/4/1,2027/3/31\n").getBytes(StandardCharsets.UTF_8);
        JsonObject preview = ok(dryRun(inspector, csv), 200);
        assertThat(preview.getString("encoding")).isEqualTo("UTF-8");
        assertThat(statuses(preview)).containsExactly("CREATE", "ERROR", "ERROR", "ERROR");
        assertThat(preview.getJsonObject("counts").getMap()).containsEntry("create", 1).containsEntry("error", 3);
        JsonObject order = row(preview, 1).getJsonArray("problems").getJsonObject(0);
        assertThat(order.getString("field")).isEqualTo("periodEnd");
        assertThat(order.getString("code")).isEqualTo("period-order");
        assertThat(order.getString("message")).isEqualTo("工期（終了）が工期（開始）より前です。");
        assertThat(row(preview, 2).getJsonArray("problems").stream().map(p -> ((JsonObject) p).getString("message")).toList())
                .containsExactly("工事名が空です。", "工期（終了）「未定」を日付として読めません（例: 2026/4/1、2026-04-01、令和8年4月1日）。");
        JsonObject repeated = row(preview, 3).getJsonArray("problems").getJsonObject(0);
        assertThat(repeated.getString("code")).isEqualTo("repeated");
        assertThat(repeated.getJsonObject("args").getString("row")).isEqualTo("2");

        HttpResponse<Buffer> refused = importFile(inspector, csv);
        RestApiTest.assertError(refused, 400, "validation-failed");
        JsonObject body = refused.bodyAsJsonObject();
        assertThat(body.getJsonObject("error").getString("message")).startsWith("3 行にエラーがあるため、何も登録していません（3行目: 工期（終了）");
        assertThat(body.getJsonObject("report").getBoolean("committed")).isFalse();
        assertThat(statuses(body.getJsonObject("report"))).containsExactly("CREATE", "ERROR", "ERROR", "ERROR");
        assertThat(contracts(inspector, "R8道路第30")).isEmpty();
    }

    @Test
    void numbersRegisteredInAnyTypedFormAreSkippedNotOverwritten() throws Exception {
        byte[] csv = (HEADER + "\n"
                + "Ｒ８道路第１２号,別の工事名,別の業者,別の場所,2026/4/1,2027/3/31\n"
                + "\" Ｒ８道路　 第１３号 \",市道3号線工事,臨場建設,臨場市,2026/4/1,2027/3/31\n").getBytes(SJIS);
        JsonObject preview = ok(dryRun(inspector, csv), 200);
        assertThat(statuses(preview)).containsExactly("DUPLICATE", "CREATE");
        assertThat(row(preview, 0).getString("existing")).isEqualTo("R8道路第12号");
        assertThat(row(preview, 0).getJsonArray("problems").getJsonObject(0).getString("code")).isEqualTo("exists");
        assertThat(row(preview, 1).getString("no")).isEqualTo("R8道路 第13号"); // as the form normalises it

        JsonObject done = ok(importFile(inspector, csv), 201);
        assertThat(statuses(done)).containsExactly("DUPLICATE", "CREATED");
        assertThat(done.getJsonObject("counts").getMap()).containsEntry("create", 1).containsEntry("duplicate", 1);
        JsonObject kept = sc.node.call("GET", "/api/contracts/" + URLEncoder.encode("R8道路第12号", StandardCharsets.UTF_8).replace("+", "%20"),
                inspector, null).bodyAsJsonObject();
        assertThat(kept.getString("name")).isEqualTo("市道1号線舗装補修工事");
        assertThat(sc.node.call("GET", "/api/contracts/" + URLEncoder.encode("R8道路 第13号", StandardCharsets.UTF_8).replace("+", "%20"),
                inspector, null).statusCode()).isEqualTo(200);
        // and the form refuses the number the file registered, in its other form
        RestApiTest.assertError(sc.node.call("POST", "/api/contracts", inspector, new JsonObject().put("no", "Ｒ８道路 第１３号").put("name", "n")
                .put("contractor", "c").put("location", "l").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31")), 409, "conflict");
    }

    @Test
    void onlyThoseWhoMayRegisterAContractImportAndOnlyForTheirDepartment() throws Exception {
        byte[] toRoads = (HEADER + ",担当課\nR8-401,舗装工事,臨場建設,臨場市,2026/4/1,2027/3/31,道路課\n").getBytes(StandardCharsets.UTF_8);
        byte[] ownDepartment = (HEADER + ",担当課\nR8-402,護岸工事,臨場建設,臨場市,2026/4/1,2027/3/31,\n").getBytes(StandardCharsets.UTF_8);

        RestApiTest.assertError(dryRun(null, toRoads), 401, "unauthenticated");
        RestApiTest.assertError(dryRun(SignalingScenario.bearer(sc.login("clerk1")), toRoads), 403, "forbidden");
        String invitation = "Invitation " + SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        RestApiTest.assertError(importFile(invitation, toRoads), 403, "forbidden");

        String rivers = SignalingScenario.bearer(sc.login("inspector2"));
        JsonObject preview = ok(dryRun(rivers, toRoads), 200);
        JsonObject problem = row(preview, 0).getJsonArray("problems").getJsonObject(0);
        assertThat(problem.getString("field")).isEqualTo("department");
        assertThat(problem.getString("message")).contains("道路課").contains("河川課");
        RestApiTest.assertError(importFile(rivers, toRoads), 400, "validation-failed");
        assertThat(contracts(SignalingScenario.bearer(sc.login("admin")), "R8-401")).isEmpty();

        ok(importFile(rivers, ownDepartment), 201);
        assertThat(contracts(rivers, "R8-402")).extracting(c -> ((JsonObject) c).getString("department")).containsExactly("河川課");
        String admin = SignalingScenario.bearer(sc.login("admin"));
        ok(importFile(admin, toRoads), 201);
        assertThat(contracts(inspector, "R8-401")).extracting(c -> ((JsonObject) c).getString("department")).containsExactly("道路課");
    }

    @Test
    void filesThatAreNoContractsCsvAreRefusedWithAReasonAndOversizedOnesWith413() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<Buffer> tooLarge = importFile(inspector, big);
        RestApiTest.assertError(tooLarge, 413, "message-too-large");
        assertThat(tooLarge.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("2 MB");

        record Garbage(byte[] bytes, String problem, String says) {
        }
        for (Garbage g : List.of(
                new Garbage(new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0}, "xlsx", "Excel ブック（.xlsx）は読み込めません"),
                new Garbage(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}, "binary", "CSV ファイルではありません"),
                new Garbage("{\"contracts\": [{\"no\": \"R8-1\"}]}".getBytes(StandardCharsets.UTF_8), "no-header", "見出しの行が見つかりません"),
                new Garbage(new byte[0], "empty", "ファイルが空です"),
                new Garbage("契約番号,工事名\n\"R8-1,n\n".getBytes(StandardCharsets.UTF_8), "unterminated-quote", "2行目で始まる"))) {
            HttpResponse<Buffer> r = dryRun(inspector, g.bytes());
            RestApiTest.assertError(r, 400, "validation-failed");
            assertThat(r.bodyAsJsonObject().getString("problem")).isEqualTo(g.problem());
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).startsWith(g.says());
        }
        // what a page in another language needs to name the columns
        HttpResponse<Buffer> missing = dryRun(inspector, "契約番号,工事名,受注者\nR8-1,n,c\n".getBytes(StandardCharsets.UTF_8));
        RestApiTest.assertError(missing, 400, "validation-failed");
        assertThat(missing.bodyAsJsonObject().getString("problem")).isEqualTo("missing-columns");
        assertThat(missing.bodyAsJsonObject().getJsonObject("problemArgs").getMap())
                .isEqualTo(java.util.Map.of("row", "1", "columns", "工事場所, 工期（開始）, 工期（終了）"));
        assertThat(dryRun(inspector, new byte[0]).bodyAsJsonObject().getJsonObject("problemArgs").isEmpty()).isTrue();
        RestApiTest.assertError(upload("?dryRun=true", inspector, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                415, "unsupported-media-type");
        RestApiTest.assertError(upload("?dryRun=perhaps", inspector, "text/csv", HEADER.getBytes(StandardCharsets.UTF_8)),
                400, "validation-failed");
        assertThat(contracts(inspector, null)).hasSize(1);
    }

    @Test
    void theTemplateIsUtf8WithABomAndReadsBackAsAPreview() throws Exception {
        HttpResponse<Buffer> r = sc.node.call("GET", "/api/contracts/import/template.csv", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(r.getHeader("Content-Disposition")).startsWith("attachment;");
        byte[] bytes = r.body().getBytes();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("契約番号,工事名,受注者,工事場所,工期開始日,工期終了日,担当課\r\n");
        JsonObject preview = ok(dryRun(inspector, bytes), 200);
        assertThat(statuses(preview)).containsExactly("CREATE");
        assertThat(preview.getJsonArray("ignoredColumns")).isEmpty();
        assertThat(sc.node.call("GET", "/api/openapi.yaml", null, null).bodyAsString())
                .contains("  /api/contracts/import:").contains("  /api/contracts/import/template.csv:");
    }
}
