package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.scheduling.audit.Sha256;
import jp.rinjo.scheduling.session.InspectionSession;

/**
 * The administrative acts an auditor must trace years later are rows of the archive's hash-chained
 * audit log, over the real API on the embedded database: a lapsed session's result recorded afterwards
 * (with the recording's own rows), contracts imported from a CSV file, registered and changed, and an
 * admin's acts on accounts. The
 * chain verifies over them, an edited one is named, and an act whose row cannot be written fails
 * whole, keeping nothing.
 */
class AdministrativeAuditTest {
    static final String NOTE = "PCが停止し終了操作ができなかったため翌日記録。配筋の不足を確認。";
    @TempDir
    java.nio.file.Path dir;
    ArchiveScenario sc;

    @BeforeEach
    void setUp() throws Exception {
        sc = new ArchiveScenario(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    @Test
    void aLateResultIsARowOfItsRecordingsAuditLogAndAnEditOfItIsNamed() throws Exception {
        lapseTheRecordedSession();
        HttpResponse<Buffer> refused = lateResult("clerk1", "PASS");
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<Buffer> recorded = lateResult("inspector1", "FAIL");
        assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isEqualTo(201);

        String admin = sc.token("admin");
        List<JsonObject> rows = audit(admin, "?session=" + sc.sessionId.value());
        List<JsonObject> late = rows.stream().filter(r -> r.getString("action").equals("LATE_RESULT")).toList();
        assertThat(late).as("one row: the clerk's refused attempt changed nothing").hasSize(1);
        JsonObject row = late.get(0);
        assertThat(row.getString("actionLabel")).isEqualTo("結果の事後記録");
        assertThat(row.getString("actorName")).isEqualTo("監督 太郎");
        assertThat(row.getString("actorRole")).isEqualTo("INSPECTOR");
        assertThat(row.getString("contractNo")).isEqualTo(ArchiveScenario.CONTRACT);
        assertThat(row.getString("outcome")).isEqualTo("OK");
        assertThat(row.getJsonObject("at").getString("display")).endsWith("JST");
        JsonObject detail = new JsonObject(row.getString("detail"));
        assertThat(detail.getString("result")).isEqualTo("FAIL");
        assertThat(detail.getString("noteSha256")).as("the note, unsigned, is covered by the chain").isEqualTo(Sha256.hex(NOTE));
        // beside the recording's own rows (its indexing by the recorder is not audited; the page's reads are)
        sc.json("GET", sc.recordingPath(), sc.token("inspector1"), null, 200);
        assertThat(audit(admin, "?session=" + sc.sessionId.value())).extracting(r -> r.getString("action"))
                .contains("LATE_RESULT", "VIEW");

        JsonObject check = sc.json("GET", "/api/archive/audit/verify", admin, null, 200);
        assertThat(check.getBoolean("ok")).as(check.encode()).isTrue();

        long seq = row.getLong("seq");
        execute("UPDATE archive_audit_log SET detail = REPLACE(detail, 'FAIL', 'PASS') WHERE seq = " + seq);
        JsonObject broken = sc.json("GET", "/api/archive/audit/verify", admin, null, 200);
        assertThat(broken.getBoolean("ok")).isFalse();
        assertThat(broken.getLong("firstBadSeq")).isEqualTo(seq);
        assertThat(broken.getString("problem")).contains("altered");
    }

    @Test
    void contractsImportedRegisteredAndChangedAreRowsWithWhoAndWhatAndTheChainVerifies() throws Exception {
        String inspector = ArchiveScenario.bearer(sc.token("inspector1"));
        byte[] csv = ("契約番号,工事名,受注者,工事場所,工期開始日,工期終了日\r\n"
                + "R8道路第201号,市道201号線舗装工事,臨場建設,臨場市本町,2026/4/1,2027/3/31\r\n"
                + "R8道路第202号,側溝工事,髙橋土木,臨場市川町,2026/5/1,2027/2/28\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(upload("?dryRun=true", inspector, csv).statusCode()).isEqualTo(200);
        assertThat(upload("", inspector, csv).statusCode()).isEqualTo(201);
        assertThat(upload("", inspector, csv).statusCode()).as("the same file again: nothing new, but imported").isEqualTo(200);

        var register = sc.node.call("POST", "/api/contracts", inspector, new JsonObject().put("no", "R8道路第300号").put("name", "歩道工事")
                .put("contractor", "臨場建設").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31").put("location", "臨場市"));
        assertThat(register.statusCode()).as(register.bodyAsString()).isEqualTo(201);
        var change = sc.node.call("PUT", "/api/contracts/" + URLEncoder.encode("R8道路第300号", StandardCharsets.UTF_8), inspector,
                new JsonObject().put("name", "歩道工事（その2）").put("contractor", "臨場建設").put("periodStart", "2026-04-01")
                        .put("periodEnd", "2027-06-30").put("location", "臨場市"));
        assertThat(change.statusCode()).as(change.bodyAsString()).isEqualTo(200);

        String admin = sc.token("admin");
        List<JsonObject> rows = audit(admin, "").stream().filter(r -> r.getString("action").startsWith("CONTRACT_")).toList();
        assertThat(rows).extracting(r -> r.getString("action") + " " + r.getString("actionLabel")).containsExactly(
                "CONTRACT_UPDATE 契約の変更", "CONTRACT_REGISTER 契約の登録", "CONTRACT_IMPORT 契約の一括登録（CSV）",
                "CONTRACT_IMPORT 契約の一括登録（CSV）", "CONTRACT_REGISTER 契約の登録"); // the last: the scenario's own contract
        assertThat(rows).allSatisfy(r -> assertThat(r.getString("actorName")).isEqualTo("監督 太郎"));

        JsonObject first = new JsonObject(rows.get(3).getString("detail"));
        assertThat(first.getInteger("registered")).isEqualTo(2);
        assertThat(first.getInteger("skipped")).isZero();
        assertThat(first.getString("fileSha256")).isEqualTo(Sha256.hex(csv));
        assertThat(first.getString("departments")).isEqualTo("道路課");
        assertThat(rows.get(3).getString("contractNo")).isNull();
        JsonObject again = new JsonObject(rows.get(2).getString("detail"));
        assertThat(again.getInteger("registered")).isZero();
        assertThat(again.getInteger("skipped")).isEqualTo(2);
        assertThat(again.getString("fileSha256")).isEqualTo(Sha256.hex(csv));

        assertThat(rows.get(1).getString("contractNo")).isEqualTo("R8道路第300号");
        assertThat(new JsonObject(rows.get(1).getString("detail")).getString("department")).isEqualTo("道路課");
        assertThat(rows.get(0).getString("contractNo")).isEqualTo("R8道路第300号");
        assertThat(new JsonObject(rows.get(0).getString("detail")).getString("changed")).isEqualTo("name,periodEnd");

        JsonObject check = sc.json("GET", "/api/archive/audit/verify", admin, null, 200);
        assertThat(check.getBoolean("ok")).as(check.encode()).isTrue();
    }

    @Test
    void anAdminsActsOnAccountsAreRowsNamingWhoToWhomAndWhatChangedWithoutThePasswordAndTheChainVerifies() throws Exception {
        String admin = ArchiveScenario.bearer(sc.token("admin"));
        String password = "initial password 2026";
        var created = sc.node.call("POST", "/api/users", admin, new JsonObject().put("loginName", "tanaka").put("displayName", "田中 健")
                .put("department", "道路課").put("role", "INSPECTOR").put("password", password));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("id");
        assertThat(sc.node.call("PATCH", "/api/users/" + id, admin, new JsonObject().put("department", "河川課").put("role", "CLERK"))
                .statusCode()).isEqualTo(200);
        assertThat(sc.node.call("POST", "/api/users/" + id + "/disable", admin, null).statusCode()).isEqualTo(200);
        assertThat(sc.node.call("POST", "/api/users/" + id + "/enable", admin, null).statusCode()).isEqualTo(200);
        String reset = "reset password 2026";
        assertThat(sc.node.call("POST", "/api/users/" + id + "/password", admin, new JsonObject().put("password", reset)).statusCode())
                .isIn(200, 204);
        // an inspector is refused, and that writes nothing
        assertThat(sc.node.call("POST", "/api/users/" + id + "/disable", ArchiveScenario.bearer(sc.token("inspector1")), null).statusCode())
                .isEqualTo(403);

        List<JsonObject> rows = audit(sc.token("admin"), "").stream()
                .filter(r -> r.getString("action").startsWith("USER_") && r.getString("detail").contains("\"" + id + "\"")).toList();
        assertThat(rows).extracting(r -> r.getString("action") + " " + r.getString("actionLabel")).containsExactly(
                "USER_PASSWORD_RESET パスワードの再設定（管理者による）", "USER_ENABLE アカウントの有効化", "USER_DISABLE アカウントの無効化",
                "USER_CHANGE アカウントの変更（氏名・所属・権限）", "USER_CREATE アカウントの作成");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.getString("actorName")).isEqualTo("管理者");
            assertThat(r.getString("actorRole")).isEqualTo("ADMIN");
            assertThat(r.getString("outcome")).isEqualTo("OK");
            assertThat(new JsonObject(r.getString("detail")).getString("loginName")).isEqualTo("tanaka");
            assertThat(r.getString("detail")).doesNotContain(password).doesNotContain(reset).doesNotContain("argon2");
        });
        JsonObject change = new JsonObject(rows.get(3).getString("detail"));
        assertThat(change.getString("changed")).isEqualTo("department,role");
        assertThat(change.getString("previousDepartment")).isEqualTo("道路課");
        assertThat(change.getString("department")).isEqualTo("河川課");
        assertThat(change.getString("previousRole")).isEqualTo("INSPECTOR");
        assertThat(change.getString("role")).isEqualTo("CLERK");
        assertThat(change.getBoolean("loginsEnded")).isTrue();
        assertThat(new JsonObject(rows.get(4).getString("detail")).getString("role")).isEqualTo("INSPECTOR");

        JsonObject check = sc.json("GET", "/api/archive/audit/verify", sc.token("admin"), null, 200);
        assertThat(check.getBoolean("ok")).as(check.encode()).isTrue();

        // no account is disabled without its row: the act fails whole and can be done again
        execute("ALTER TABLE archive_audit_log RENAME TO archive_audit_log_away");
        assertThat(sc.node.call("POST", "/api/users/" + id + "/disable", admin, null).statusCode()).isEqualTo(500);
        execute("ALTER TABLE archive_audit_log_away RENAME TO archive_audit_log");
        assertThat(sc.node.call("POST", "/api/auth/login", null, new JsonObject().put("loginName", "tanaka").put("password", reset))
                .statusCode()).as("still enabled").isEqualTo(200);
    }

    @Test
    void anActWhoseAuditRowCannotBeWrittenFailsAndKeepsNothing() throws Exception {
        lapseTheRecordedSession();
        String inspector = ArchiveScenario.bearer(sc.token("inspector1"));
        byte[] csv = ("契約番号,工事名,受注者,工事場所,工期開始日,工期終了日\r\n"
                + "R8道路第401号,舗装工事,臨場建設,臨場市,2026/4/1,2027/3/31\r\n").getBytes(StandardCharsets.UTF_8);
        JsonObject contract = new JsonObject().put("no", "R8道路第400号").put("name", "歩道工事").put("contractor", "臨場建設")
                .put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31").put("location", "臨場市");

        execute("ALTER TABLE archive_audit_log RENAME TO archive_audit_log_away");
        assertThat(lateResult("inspector1", "FAIL").statusCode()).isEqualTo(500);
        assertThat(upload("", inspector, csv).statusCode()).isEqualTo(500);
        assertThat(sc.node.call("POST", "/api/contracts", inspector, contract).statusCode()).isEqualTo(500);
        execute("ALTER TABLE archive_audit_log_away RENAME TO archive_audit_log");

        JsonObject session = sc.json("GET", "/api/sessions/" + sc.sessionId.value(), sc.token("inspector1"), null, 200);
        assertThat(session.getValue("lateResult")).as("the late result was not kept without its row").isNull();
        for (String no : List.of("R8道路第401号", "R8道路第400号")) {
            assertThat(sc.node.call("GET", "/api/contracts/" + URLEncoder.encode(no, StandardCharsets.UTF_8), inspector, null).statusCode())
                    .as(no).isEqualTo(404);
        }

        // the acts could be done again, as a whole: a late result is recorded once, and this is that once
        assertThat(lateResult("inspector1", "FAIL").statusCode()).isEqualTo(201);
        assertThat(upload("", inspector, csv).statusCode()).isEqualTo(201);
        assertThat(sc.node.call("POST", "/api/contracts", inspector, contract).statusCode()).isEqualTo(201);
        String admin = sc.token("admin");
        assertThat(audit(admin, "")).extracting(r -> r.getString("action"))
                .containsOnlyOnce("LATE_RESULT", "CONTRACT_IMPORT").contains("CONTRACT_REGISTER");
        assertThat(sc.json("GET", "/api/archive/audit/verify", admin, null, 200).getBoolean("ok")).isTrue();
    }

    /**
     * The recorded session went live in its window and nobody ended it: the system closes it once its
     * links expired, as the sweep does. Logins made before have expired by then.
     */
    private void lapseTheRecordedSession() {
        var s = sc.f.scheduling.sessions().get(sc.f.admin, sc.sessionId).session();
        sc.f.clock.set(s.window().start());
        sc.f.scheduling.sessions().admitted(sc.f.login("inspector1"), sc.sessionId);
        sc.f.clock.set(s.window().end().plus(InspectionSession.MAX_OVERRUN).plus(Duration.ofSeconds(1)));
        assertThat(sc.f.scheduling.sessions().lapseAbandoned(10)).extracting(v -> v.session().id()).contains(sc.sessionId);
    }

    private HttpResponse<Buffer> lateResult(String login, String result) throws Exception {
        return sc.node.call("POST", "/api/sessions/" + sc.sessionId.value() + "/late-result", ArchiveScenario.bearer(sc.token(login)),
                new JsonObject().put("result", result).put("note", NOTE));
    }

    private HttpResponse<Buffer> upload(String query, String authorization, byte[] csv) throws Exception {
        return sc.node.http.post("/api/contracts/import" + query).putHeader("Authorization", authorization)
                .putHeader("Content-Type", "text/csv; charset=utf-8").sendBuffer(Buffer.buffer(csv))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private List<JsonObject> audit(String admin, String query) throws Exception {
        HttpResponse<Buffer> r = sc.call("GET", "/api/archive/audit" + query + (query.isEmpty() ? "?" : "&") + "limit=500", admin, null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return new JsonArray(r.bodyAsString()).stream().map(JsonObject.class::cast).toList();
    }

    private void execute(String sql) throws Exception {
        try (Connection c = sc.archive.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
