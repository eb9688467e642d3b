package jp.rinjo.signaling.http;

import static jp.rinjo.signaling.http.RestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.user.UserRole;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;

/**
 * 結果の事後記録 over the REST API: a session nobody ended lapses (the system closes it once its links
 * expire); afterwards its own inspector or an admin records the real outcome, once. The session keeps
 * LAPSED beside the late result, as its signed manifest does.
 */
class LateResultApiTest extends ScenarioTest {
    @BeforeEach
    void setUp() throws Exception { // after the scenario has started
        sc.f.user("inspector3", "監督 三郎", "道路課", UserRole.INSPECTOR);
    }

    @Test
    void theSessionsInspectorRecordsItsResultAfterwardsOnceAndReadersSeeItBesideTheLapsedResult() throws Exception {
        String id = lapsedSession();
        String inspector = SignalingScenario.bearer(sc.login("inspector1"));
        assertThat(get("/api/sessions/" + id, inspector).getJsonObject("lateResult")).isNull();
        JsonObject body = new JsonObject().put("result", "FAIL").put("note", "PCが停止し終了操作ができなかったため翌日記録。配筋の不足を確認。");

        assertError(post(id, "clerk1", body), 403, "forbidden");
        assertError(post(id, "inspector3", body), 403, "forbidden"); // of the department, but did not conduct it
        assertError(post(id, "inspector2", body), 404, "not-found"); // another department's sessions are not said to exist
        assertThat(get("/api/sessions/" + id, inspector).getJsonObject("lateResult")).as("nothing recorded by the refusals").isNull();

        var created = sc.node.call("POST", "/api/sessions/" + id + "/late-result", inspector, body);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonObject s = created.bodyAsJsonObject();
        assertThat(s.getJsonObject("result").getString("kind")).as("the session keeps what its manifest signs").isEqualTo("LAPSED");
        JsonObject late = s.getJsonObject("lateResult");
        assertThat(late.getString("kind")).isEqualTo("FAIL");
        assertThat(late.getString("label")).isEqualTo("不合格");
        assertThat(late.getString("note")).isEqualTo(body.getString("note"));
        assertThat(late.getString("recordedByName")).isEqualTo("監督 太郎");
        assertThat(late.getJsonObject("recordedAt").getString("display")).endsWith("JST");

        // once only: not again by the inspector, nor by an admin
        assertError(post(id, "inspector1", new JsonObject().put("result", "PASS").put("note", "訂正")), 409, "conflict");
        var again = post(id, "admin", new JsonObject().put("result", "PASS").put("note", "訂正"));
        assertError(again, 409, "conflict");
        assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("already");

        String clerk = SignalingScenario.bearer(sc.login("clerk1"));
        JsonObject read = get("/api/sessions/" + id, clerk);
        assertThat(read.getJsonObject("result").getString("kind")).isEqualTo("LAPSED");
        assertThat(read.getJsonObject("lateResult").getString("kind")).as("the first record stands").isEqualTo("FAIL");
        Instant from = sc.f.clock.instant().minus(Duration.ofDays(2));
        JsonArray list = sc.node.call("GET", "/api/sessions?from=" + from + "&to=" + from.plus(Duration.ofDays(3)), clerk, null)
                .bodyAsJsonArray();
        JsonObject listed = list.stream().map(JsonObject.class::cast).filter(x -> x.getString("id").equals(id)).findFirst().orElseThrow();
        assertThat(listed.getJsonObject("lateResult").getString("kind")).isEqualTo("FAIL");
        assertThat(list.stream().map(JsonObject.class::cast).filter(x -> !x.getString("id").equals(id)))
                .allSatisfy(other -> assertThat(other.getValue("lateResult")).isNull());
    }

    @Test
    void anAdminMayRecordItToo() throws Exception {
        String id = lapsedSession();
        var created = post(id, "admin", new JsonObject().put("result", "INSTRUCTION").put("note", "監督職員の異動のため管理者が記録。是正指示あり。"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(created.bodyAsJsonObject().getJsonObject("lateResult").getString("recordedByName")).isEqualTo("管理者");
    }

    @Test
    void onlyALapsedSessionTakesALateResult() throws Exception {
        JsonObject body = new JsonObject().put("result", "PASS").put("note", "後日記録");
        var scheduled = post(sc.sessionId, "inspector1", body);
        assertError(scheduled, 409, "conflict");
        assertThat(scheduled.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("LAPSED").contains("SCHEDULED");

        sc.post("/api/sessions/" + sc.sessionId + "/end", sc.inspectorToken, new JsonObject().put("result", "PASS"), 200);
        var ended = post(sc.sessionId, "inspector1", body);
        assertError(ended, 409, "conflict");
        assertThat(ended.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("PASS");
        assertError(sc.node.call("POST", "/api/sessions/" + SessionId.random() + "/late-result",
                SignalingScenario.bearer(sc.inspectorToken), body), 404, "not-found");
    }

    @Test
    void badInputIsA400AndRecordsNothing() throws Exception {
        String id = lapsedSession();
        assertError(post(id, "inspector1", new JsonObject().put("result", "PASS")), 400, "validation-failed");
        assertError(post(id, "inspector1", new JsonObject().put("result", "PASS").put("note", "  ")), 400, "validation-failed");
        assertError(post(id, "inspector1", new JsonObject().put("result", "PASS").put("note", "x".repeat(4001))), 400, "validation-failed");
        assertError(post(id, "inspector1", new JsonObject().put("note", "後日記録")), 400, "validation-failed");
        assertError(post(id, "inspector1", new JsonObject().put("result", "LAPSED").put("note", "後日記録")), 400, "validation-failed");
        assertError(post(id, "inspector1", new JsonObject().put("result", "MAYBE").put("note", "後日記録")), 400, "validation-failed");
        assertError(sc.node.call("POST", "/api/sessions/" + id + "/late-result", SignalingScenario.bearer(sc.login("inspector1")),
                "{\"result\": \"PASS\", "), 400, "malformed-json");
        assertThat(get("/api/sessions/" + id, SignalingScenario.bearer(sc.login("admin"))).getJsonObject("lateResult")).isNull();
        // the longest note an end-of-session note may have is taken
        assertThat(post(id, "inspector1", new JsonObject().put("result", "PASS").put("note", "𠮷".repeat(4000))).statusCode())
                .isEqualTo(201);
    }

    /**
     * A session of inspector1 that went live in its window and that nobody ended, closed by the system
     * once its links expired (12 h after its window), as the sweep does. Logins made before have expired.
     */
    private String lapsedSession() throws Exception {
        Instant start = sc.f.clock.instant().plus(Duration.ofMinutes(10));
        String id = sc.post("/api/sessions", sc.login("inspector1"), new JsonObject().put("contractNo", "R8道路第12号")
                .put("inspectionType", "WITNESS").put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString()), 201).getString("id");
        sc.f.clock.set(start);
        sc.f.scheduling.sessions().admitted(sc.f.login("inspector1"), SessionId.of(id));
        sc.f.clock.set(start.plus(Duration.ofHours(1)).plus(InspectionSession.MAX_OVERRUN).plusSeconds(1));
        assertThat(sc.f.scheduling.sessions().lapseAbandoned(10)).extracting(v -> v.session().id().value()).contains(id);
        return id;
    }

    private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> post(String session, String login, JsonObject body)
            throws Exception {
        return sc.node.call("POST", "/api/sessions/" + session + "/late-result", SignalingScenario.bearer(sc.login(login)), body);
    }

    private JsonObject get(String path, String bearer) throws Exception {
        var r = sc.node.call("GET", path, bearer, null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }
}
