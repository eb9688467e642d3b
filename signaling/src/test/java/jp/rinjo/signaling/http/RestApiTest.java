package jp.rinjo.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;

/** The REST API over real HTTPS: the inspector's scheduling flow, the guest's lobby, and bad input. */
class RestApiTest extends ScenarioTest {
    HttpResponse<Buffer> call(String method, String path, String authorization, Object body) throws Exception {
        return sc.node.call(method, path, authorization, body);
    }

    static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("at jp.");
    }

    @Test
    void anInspectorSchedulesAndInvitesAndTheGuestSeesTheLobby() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        JsonObject me = call("GET", "/api/auth/me", bearer, null).bodyAsJsonObject();
        assertThat(me.getString("department")).isEqualTo("道路課");

        JsonArray found = call("GET", "/api/contracts?q=" + java.net.URLEncoder.encode("舗装", StandardCharsets.UTF_8), bearer, null)
                .bodyAsJsonArray();
        assertThat(found).hasSize(1);
        assertThat(found.getJsonObject(0).getString("no")).isEqualTo("R8道路第12号");
        HttpResponse<Buffer> contract = call("GET", "/api/contracts/" + java.net.URLEncoder.encode("R8道路第12号",
                StandardCharsets.UTF_8).replace("+", "%20"), bearer, null);
        assertThat(contract.statusCode()).isEqualTo(200);

        JsonObject session = call("GET", "/api/sessions/" + sc.sessionId, bearer, null).bodyAsJsonObject();
        assertThat(session.getString("inspectionTypeLabel")).isEqualTo("段階確認");
        assertThat(session.getJsonObject("windowStart").getString("display")).endsWith("JST");
        assertThat(session.getJsonObject("windowStart").getString("jst")).endsWith("+09:00");
        assertThat(session.getString("status")).isEqualTo("SCHEDULED");
        assertThat(call("GET", "/api/sessions", bearer, null).bodyAsJsonArray()).hasSize(1);

        JsonObject inv = sc.invite("CONTRACTOR", "現場代理人 山田");
        assertThat(inv.getString("link")).contains("/join/#i2.");
        assertThat(inv.getString("roleLabel")).isEqualTo("受注者");

        HttpResponse<Buffer> png = call("GET", inv.getString("qrCodeUrl"), bearer, null);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.getHeader("Content-Type")).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body().getBytes())).getWidth()).isGreaterThan(200);

        HttpResponse<Buffer> ics = call("GET", inv.getString("icsUrl"), bearer, null);
        String calendar = ics.bodyAsString();
        assertThat(ics.getHeader("Content-Type")).startsWith("text/calendar");
        assertThat(calendar).startsWith("BEGIN:VCALENDAR\r\n").contains("BEGIN:VEVENT").contains("SUMMARY:【遠隔臨場】段階確認")
                .contains("END:VCALENDAR");
        assertThat(calendar.split("\r\n")).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));

        String token = SignalingScenario.tokenOf(inv);
        JsonObject lobby = call("GET", "/api/guest/session", "Invitation " + token, null).bodyAsJsonObject();
        assertThat(lobby.getString("participantName")).isEqualTo("現場代理人 山田");
        assertThat(lobby.getJsonObject("session").getString("contractName")).isEqualTo("市道1号線舗装補修工事");
        assertThat(lobby.getJsonObject("session").getString("inspectorName")).isEqualTo("監督 太郎");
        assertThat(lobby.getString("recordingNotice")).contains("録画");
        // a guest may not use the inspector's API
        assertError(call("GET", "/api/contracts", "Invitation " + token, null), 403, "forbidden");

        // while the session is not over its guest is admitted, not told an outcome
        assertError(call("GET", "/api/guest/outcome", "Invitation " + token, null), 409, "conflict");
        assertError(call("GET", "/api/guest/outcome", null, null), 401, "unauthenticated");

        assertThat(call("DELETE", "/api/invitations/" + inv.getString("id"), bearer, null).statusCode()).isEqualTo(204);
        assertError(call("GET", "/api/guest/session", "Invitation " + token, null), 401, "token-revoked");
        assertError(call("GET", "/api/guest/outcome", "Invitation " + token, null), 401, "token-revoked");
        assertError(call("DELETE", "/api/invitations/" + inv.getString("id"), bearer, null), 409, "conflict");
    }

    @Test
    void theLoginCookieWorksSameOriginOnlyAndLogoutEndsIt() throws Exception {
        HttpResponse<Buffer> login = call("POST", "/api/auth/login", null,
                new JsonObject().put("loginName", "inspector1").put("password", jp.rinjo.scheduling.testing.Fixtures.PASSWORD));
        String setCookie = login.getHeader("Set-Cookie");
        assertThat(setCookie).contains("rinjo_auth=").containsIgnoringCase("HttpOnly").contains("Secure").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        var ok = sc.node.http.get("/api/auth/me").putHeader("Cookie", cookie).send().toCompletionStage().toCompletableFuture().get();
        assertThat(ok.statusCode()).isEqualTo(200);
        var crossSite = sc.node.http.get("/api/auth/me").putHeader("Cookie", cookie).putHeader("Origin", "https://evil.example")
                .send().toCompletionStage().toCompletableFuture().get();
        assertError(crossSite, 401, "unauthenticated");
        sc.f.clock.advance(Duration.ofSeconds(1));
        var logout = sc.node.http.post("/api/auth/logout").putHeader("Cookie", cookie).send().toCompletionStage().toCompletableFuture().get();
        assertThat(logout.statusCode()).isEqualTo(204);
        var after = sc.node.http.get("/api/auth/me").putHeader("Cookie", cookie).send().toCompletionStage().toCompletableFuture().get();
        assertError(after, 401, "token-revoked");
    }

    @Test
    void failedLoginsLockANameOnlyForTheAddressTheyCameFrom() throws Exception {
        // not a login name at all: refused before anything else, whatever its size
        assertError(call("POST", "/api/auth/login", null, new JsonObject().put("loginName", "x".repeat(200_000))),
                400, "validation-failed");
        for (int i = 0; i < 5; i++) {
            assertError(call("POST", "/api/auth/login", null, new JsonObject().put("loginName", "inspector1")), 401, "bad-credentials");
        }
        JsonObject right = new JsonObject().put("loginName", "inspector1").put("password", jp.rinjo.scheduling.testing.Fixtures.PASSWORD);
        assertError(call("POST", "/api/auth/login", null, right), 429, "rate-limited");
        // the inspector at another machine (here another loopback address) is not locked out
        var elsewhere = io.vertx.ext.web.client.WebClient.create(sc.node.vertx, new io.vertx.ext.web.client.WebClientOptions()
                .setSsl(true).setTrustAll(true).setVerifyHost(false).setDefaultHost("127.0.0.1").setDefaultPort(sc.node.port())
                .setLocalAddress("127.0.0.2"));
        try {
            var login = elsewhere.post("/api/auth/login").sendJsonObject(right).toCompletionStage().toCompletableFuture()
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
            assertThat(login.bodyAsJsonObject().getJsonObject("user").getString("loginName")).isEqualTo("inspector1");
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void behindATrustedProxyFailedLoginsLockTheNameOnlyForTheClientItForwardedFor() throws Exception {
        sc.close();
        sc = new SignalingScenario(dir.resolve("proxied"), java.util.Map.of("http.trusted-proxies", "127.0.0.1, ::1"));
        JsonObject wrong = new JsonObject().put("loginName", "inspector1").put("password", "wrong");
        JsonObject right = new JsonObject().put("loginName", "inspector1").put("password", jp.rinjo.scheduling.testing.Fixtures.PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertError(loginThroughProxy("203.0.113.7", wrong), 401, "bad-credentials");
        }
        assertError(loginThroughProxy("203.0.113.7", right), 429, "rate-limited");
        // a client writing the header itself cannot pose as another: the proxy appends the address it saw
        assertError(loginThroughProxy("198.51.100.1, 203.0.113.7", right), 429, "rate-limited");
        HttpResponse<Buffer> colleague = loginThroughProxy("203.0.113.8", right);
        assertThat(colleague.statusCode()).as(colleague.bodyAsString()).isEqualTo(200);
    }

    @Test
    void metricsAreServedToTheAllowedAddressesOnlyAsTheTrustedProxySeesThem() throws Exception {
        sc.close();
        sc = new SignalingScenario(dir.resolve("metrics"), java.util.Map.of("http.trusted-proxies", "127.0.0.1, ::1",
                "metrics.allow", "10.0.0.0/8"));
        assertThat(metricsThroughProxy("10.20.30.40").statusCode()).isEqualTo(200);
        assertThat(metricsThroughProxy("10.20.30.40").bodyAsString()).contains("rinjo_ws_connections");
        assertError(metricsThroughProxy("203.0.113.7"), 403, "forbidden");
        // a client outside cannot write itself in: the proxy appends the address it saw
        assertError(metricsThroughProxy("10.20.30.40, 203.0.113.7"), 403, "forbidden");
        // the proxy itself (this machine) is not in the list either
        HttpResponse<Buffer> direct = call("GET", "/metrics", null, null);
        assertError(direct, 403, "forbidden");
        assertThat(direct.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("metrics.allow");
        assertThat(call("GET", "/health", null, null).statusCode()).as("health stays open for load balancers").isEqualTo(200);
    }

    HttpResponse<Buffer> metricsThroughProxy(String forwardedFor) throws Exception {
        return sc.node.http.get("/metrics").putHeader("X-Forwarded-For", forwardedFor).send()
                .toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> loginThroughProxy(String forwardedFor, JsonObject body) throws Exception {
        return sc.node.http.post("/api/auth/login").putHeader("X-Forwarded-For", forwardedFor).sendJsonObject(body)
                .toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void changingTheOwnPasswordEndsOtherLoginsAndAnswersAFreshOneForTheCaller() throws Exception {
        String here = SignalingScenario.bearer(sc.login("inspector1"));
        String otherTab = SignalingScenario.bearer(sc.inspectorToken);
        sc.f.clock.advance(Duration.ofSeconds(1));
        assertError(call("POST", "/api/auth/password", here, new JsonObject().put("current", "wrong password!")
                .put("next", "new password 2026")), 401, "bad-credentials");
        HttpResponse<Buffer> changed = call("POST", "/api/auth/password", here, new JsonObject()
                .put("current", jp.rinjo.scheduling.testing.Fixtures.PASSWORD).put("next", "new password 2026"));
        assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
        assertThat(changed.getHeader("Set-Cookie")).contains("rinjo_auth=").containsIgnoringCase("HttpOnly");
        String fresh = SignalingScenario.bearer(changed.bodyAsJsonObject().getString("token"));
        assertThat(call("GET", "/api/auth/me", fresh, null).bodyAsJsonObject().getString("loginName")).isEqualTo("inspector1");
        assertError(call("GET", "/api/auth/me", here, null), 401, "token-revoked");
        assertError(call("GET", "/api/auth/me", otherTab, null), 401, "token-revoked");
    }

    @Test
    void badInputGetsAClearJsonErrorAndChangesNothing() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        assertError(call("POST", "/api/contracts", bearer, "{\"no\": \"X-1\", "), 400, "malformed-json");
        assertError(call("POST", "/api/contracts", bearer, "[]"), 400, "validation-failed");
        assertError(call("POST", "/api/contracts", bearer, new JsonObject().put("no", "X-1")), 400, "validation-failed");
        assertError(call("POST", "/api/contracts", bearer, new JsonObject().put("no", "X-1").put("name", "n").put("contractor", "c")
                .put("periodStart", "2026-13-45").put("periodEnd", "2027-01-01").put("location", "l")), 400, "validation-failed");
        var noContentType = sc.node.http.post("/api/contracts").putHeader("Authorization", bearer)
                .sendBuffer(Buffer.buffer("{}")).toCompletionStage().toCompletableFuture().get();
        assertError(noContentType, 400, "validation-failed");
        assertError(call("POST", "/api/contracts", bearer, "{\"x\":\"" + "a".repeat(300_000) + "\"}"), 413, "message-too-large");
        assertThat(call("GET", "/api/contracts", bearer, null).bodyAsJsonArray()).hasSize(1);

        assertError(call("GET", "/api/sessions/not-an-id", bearer, null), 400, "validation-failed");
        assertError(call("GET", "/api/sessions/ses_00000000000000000000", bearer, null), 404, "not-found");
        assertError(call("GET", "/api/sessions?from=yesterday", bearer, null), 400, "validation-failed");
        assertError(call("GET", "/api/contracts?limit=abc", bearer, null), 400, "validation-failed");
        assertError(call("GET", "/api/nothing-here", bearer, null), 404, "not-found");
        assertError(call("POST", "/api/sessions/" + sc.sessionId + "/end", bearer, new JsonObject().put("result", "INSTRUCTION")),
                400, "validation-failed");
        assertError(call("POST", "/api/sessions/" + sc.sessionId + "/end", bearer, new JsonObject().put("result", "MAYBE")),
                400, "validation-failed");
    }

    @Test
    void aGuestReadsHowTheSessionEndedWithItsLinkAfterTheEndAndTheNextDay() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        assertThat(call("POST", "/api/sessions/" + sc.sessionId + "/end", bearer, new JsonObject().put("result", "INSTRUCTION")
                .put("note", "A1橋台の鉄筋かぶりを是正してください。")).statusCode()).isEqualTo(200);
        sc.f.clock.advance(java.time.Duration.ofDays(1)); // the next morning: the link's window has long passed
        assertError(call("GET", "/api/guest/session", "Invitation " + token, null), 409, "session-closed");
        JsonObject outcome = call("GET", "/api/guest/outcome", "Invitation " + token, null).bodyAsJsonObject();
        assertThat(outcome.getString("status")).isEqualTo("ENDED");
        assertThat(outcome.getString("result")).isEqualTo("INSTRUCTION");
        assertThat(outcome.getString("resultLabel")).isEqualTo("指示事項");
        assertThat(outcome.getString("note")).isEqualTo("A1橋台の鉄筋かぶりを是正してください。");
        assertThat(outcome.getJsonObject("endedAt").getString("display")).endsWith("JST");
        assertThat(outcome.fieldNames()).as("the outcome only").containsExactlyInAnyOrder("status", "result", "resultLabel", "note", "endedAt");
    }

    JsonObject contractBody(String no, String name, String periodEnd) {
        return new JsonObject().put("no", no).put("name", name).put("contractor", "株式会社 臨場建設")
                .put("periodStart", "2026-04-01").put("periodEnd", periodEnd).put("location", "臨場市本町1丁目");
    }

    @Test
    void textOutsideTheBmpIsHeldToItsLengthInCharactersOnTheEmbeddedDatabase() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        // 𠮷 is one character but two UTF-16 units: 200 characters are 350 units
        String name = "𠮷".repeat(150) + "工".repeat(50);
        HttpResponse<Buffer> created = call("POST", "/api/contracts", bearer, contractBody("R8-𠮷-1", name, "2027-03-31"));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(call("GET", "/api/contracts/R8-%F0%A0%AE%B7-1", bearer, null).bodyAsJsonObject().getString("name")).isEqualTo(name);
        assertError(call("POST", "/api/contracts", bearer, contractBody("R8-𠮷-2", name + "工", "2027-03-31")), 400, "validation-failed");
        assertThat(sc.invite("CONTRACTOR", "𠮷".repeat(100)).getString("displayName")).isEqualTo("𠮷".repeat(100));
    }

    @Test
    void controlCharactersAndDatesNoDatabaseStoresGetA400() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        assertError(call("GET", "/api/contracts?q=%00", bearer, null), 400, "validation-failed");

        assertError(call("GET", "/api/sessions?from=%2B999999999-12-31T00:00:00Z", bearer, null), 400, "validation-failed");
        assertError(call("GET", "/api/sessions?from=1900-01-01T00:00:00Z", bearer, null), 400, "validation-failed");
        assertError(call("POST", "/api/contracts", bearer, contractBody("R8-FAR-1", "n", "+9999999-03-31")), 400, "validation-failed");
        assertError(call("POST", "/api/sessions", bearer, new JsonObject().put("contractNo", "R8道路第12号").put("inspectionType", "WITNESS")
                .put("windowStart", "+300000-01-01T09:00:00+09:00").put("windowEnd", "+300000-01-01T10:00:00+09:00")), 400, "validation-failed");
        assertError(call("POST", "/api/sessions/" + sc.sessionId + "/reschedule", bearer, new JsonObject()
                .put("windowStart", "2101-01-01T09:00:00+09:00").put("windowEnd", "2101-01-01T10:00:00+09:00")), 400, "validation-failed");
        assertThat(call("GET", "/api/contracts", bearer, null).bodyAsJsonArray()).hasSize(1);
        assertThat(call("GET", "/api/contracts/" + java.net.URLEncoder.encode("R8道路第12号", StandardCharsets.UTF_8) + "/sessions",
                bearer, null).bodyAsJsonArray()).hasSize(1);
    }

    @Test
    void aBadTimeParameterNamesAnExampleThatWorksWhenPastedIntoAUrl() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        HttpResponse<Buffer> bad = call("GET", "/api/sessions?from=yesterday", bearer, null);
        assertError(bad, 400, "validation-failed");
        String message = bad.bodyAsJsonObject().getJsonObject("error").getString("message");
        assertThat(message).contains("2026-11-26T00:00:00Z").contains("2026-11-26T09:00:00%2B09:00");
        String day = sc.windowStart.atOffset(java.time.ZoneOffset.ofHours(9)).toLocalDate().toString();
        for (String from : new String[] {day + "T00:00:00%2B09:00", day + "T00:00:00+09:00", sc.windowStart.minus(Duration.ofHours(1)).toString()}) {
            HttpResponse<Buffer> r = call("GET", "/api/sessions?from=" + from, bearer, null);
            assertThat(r.statusCode()).as(from + " " + r.bodyAsString()).isEqualTo(200);
            assertThat(r.bodyAsJsonArray()).as(from).hasSize(1);
        }
    }

    @Test
    void aContractNumberTypedInOtherCharactersIsTheSameContract() throws Exception {
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        HttpResponse<Buffer> fullWidth = call("POST", "/api/contracts", bearer, contractBody("Ｒ８道路第１２号", "n", "2027-03-31"));
        assertError(fullWidth, 409, "conflict");
        assertThat(fullWidth.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("R8道路第12号");
        assertError(call("POST", "/api/contracts", bearer, contractBody("R8道路第１２号", "n", "2027-03-31")), 409, "conflict");

        JsonObject spaced = sc.post("/api/contracts", sc.inspectorToken, contractBody("Ｒ８道路　 第１３号 ", "市道3号線工事", "2027-03-31"), 201);
        assertThat(spaced.getString("no")).isEqualTo("R8道路 第13号");
        assertError(call("POST", "/api/contracts", bearer, contractBody("R8道路 第13号", "n", "2027-03-31")), 409, "conflict");

        // a number stored before numbers were normalised keeps its form, and still has no twin
        new jp.rinjo.scheduling.jdbc.JdbcContractRepository(sc.f.scheduling.database()).insert(new jp.rinjo.scheduling.contract.Contract(
                jp.rinjo.common.id.ContractNo.of("Ｒ８河川第１号"), "臨場川護岸工事", "株式会社 臨場建設", "道路課",
                java.time.LocalDate.parse("2026-04-01"), java.time.LocalDate.parse("2027-03-31"), "臨場市", sc.f.clock.instant(),
                sc.f.clock.instant()));
        HttpResponse<Buffer> twin = call("POST", "/api/contracts", bearer, contractBody("R8河川第1号", "n", "2027-03-31"));
        assertError(twin, 409, "conflict");
        assertThat(twin.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("Ｒ８河川第１号");

        JsonArray found = call("GET", "/api/contracts?q=" + java.net.URLEncoder.encode("第１２号", StandardCharsets.UTF_8), bearer, null)
                .bodyAsJsonArray();
        assertThat(found).extracting(c -> ((JsonObject) c).getString("no")).containsExactly("R8道路第12号");
        assertThat(call("GET", "/api/contracts?q=" + java.net.URLEncoder.encode("河川第1", StandardCharsets.UTF_8), bearer, null)
                .bodyAsJsonArray()).extracting(c -> ((JsonObject) c).getString("no")).containsExactly("Ｒ８河川第１号");

        JsonObject session = sc.post("/api/sessions", sc.inspectorToken, new JsonObject().put("contractNo", "Ｒ８道路第１２号")
                .put("inspectionType", "WITNESS")
                .put("windowStart", sc.windowStart.plus(Duration.ofDays(1)).toString())
                .put("windowEnd", sc.windowStart.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)).toString()), 201);
        assertThat(session.getString("contractNo")).isEqualTo("R8道路第12号");
    }

    @Test
    void missingForgedAndExpiredCredentialsAreRefusedWithTheirOwnCodes() throws Exception {
        assertError(call("GET", "/api/contracts", null, null), 401, "unauthenticated");
        assertError(call("GET", "/api/contracts", "Bearer u1.Zm9v.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null), 401, "token-invalid");
        assertError(call("GET", "/api/contracts", "Basic YWRtaW46YWRtaW4=", null), 401, "unauthenticated");
        assertError(call("POST", "/api/auth/login", null, new JsonObject().put("loginName", "inspector1").put("password", "wrong-password")),
                401, "bad-credentials");
        String bearer = SignalingScenario.bearer(sc.inspectorToken);
        JsonObject inv = sc.invite("CONTRACTOR", "山田");
        String token = SignalingScenario.tokenOf(inv);
        sc.f.clock.advance(Duration.ofHours(13));
        assertError(call("GET", "/api/contracts", bearer, null), 401, "token-expired");
        assertError(call("GET", "/api/guest/session", "Invitation " + token, null), 401, "token-expired");
    }

    @Test
    void clerksReadButDoNotScheduleAndOtherDepartmentsSeeNothing() throws Exception {
        String clerk = SignalingScenario.bearer(sc.login("clerk1"));
        String other = SignalingScenario.bearer(sc.login("inspector2"));
        assertThat(call("GET", "/api/sessions/" + sc.sessionId, clerk, null).statusCode()).isEqualTo(200);
        assertError(call("POST", "/api/sessions/" + sc.sessionId + "/invitations", clerk,
                new JsonObject().put("role", "OBSERVER").put("displayName", "x")), 403, "forbidden");
        assertError(call("GET", "/api/sessions/" + sc.sessionId, other, null), 404, "not-found");
        assertThat(call("GET", "/api/contracts", other, null).bodyAsJsonArray()).isEmpty();
        assertError(call("GET", "/api/users", clerk, null), 403, "forbidden");
        String admin = SignalingScenario.bearer(sc.login("admin"));
        assertThat(call("GET", "/api/users", admin, null).bodyAsJsonArray().size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anAdminDisablesEnablesAndResetsAccountsAndNobodyElseMay() throws Exception {
        String admin = SignalingScenario.bearer(sc.login("admin"));
        String inspector = SignalingScenario.bearer(sc.inspectorToken);
        String clerk = SignalingScenario.bearer(sc.login("clerk1"));
        JsonArray users = call("GET", "/api/users", admin, null).bodyAsJsonArray();
        String inspectorId = idOf(users, "inspector1");
        String clerkId = idOf(users, "clerk1");
        for (String notAdmin : java.util.List.of(inspector, clerk)) {
            assertError(call("POST", "/api/users/" + clerkId + "/disable", notAdmin, null), 403, "forbidden");
            assertError(call("POST", "/api/users/" + inspectorId + "/enable", notAdmin, null), 403, "forbidden");
            assertError(call("POST", "/api/users/" + clerkId + "/password", notAdmin,
                    new JsonObject().put("password", "taken over 2026")), 403, "forbidden");
        }
        assertError(call("POST", "/api/users/" + clerkId + "/disable", null, null), 401, "unauthenticated");
        assertThat(call("GET", "/api/auth/me", clerk, null).statusCode()).isEqualTo(200);
        sc.f.clock.advance(Duration.ofSeconds(1));

        JsonObject disabled = call("POST", "/api/users/" + inspectorId + "/disable", admin, null).bodyAsJsonObject();
        assertThat(disabled.getBoolean("active")).isFalse();
        assertError(call("GET", "/api/auth/me", inspector, null), 401, "token-revoked");
        JsonObject right = new JsonObject().put("loginName", "inspector1").put("password", jp.rinjo.scheduling.testing.Fixtures.PASSWORD);
        assertError(call("POST", "/api/auth/login", null, right), 401, "bad-credentials");
        assertError(call("POST", "/api/users/" + idOf(users, "admin") + "/disable", admin, null), 409, "conflict");
        assertError(call("POST", "/api/users/usr_00000000000000000000/disable", admin, null), 404, "not-found");
        assertError(call("POST", "/api/users/nobody/disable", admin, null), 400, "validation-failed");

        assertThat(call("POST", "/api/users/" + inspectorId + "/enable", admin, null).bodyAsJsonObject().getBoolean("active")).isTrue();
        assertError(call("GET", "/api/auth/me", inspector, null), 401, "token-revoked");
        String again = SignalingScenario.bearer(sc.login("inspector1"));
        sc.f.clock.advance(Duration.ofSeconds(1));

        assertError(call("POST", "/api/users/" + inspectorId + "/password", admin, new JsonObject().put("password", "short")),
                400, "validation-failed");
        assertThat(call("POST", "/api/users/" + inspectorId + "/password", admin,
                new JsonObject().put("password", "forgotten 2026-11")).statusCode()).isEqualTo(204);
        assertError(call("GET", "/api/auth/me", again, null), 401, "token-revoked");
        assertError(call("POST", "/api/auth/login", null, right), 401, "bad-credentials");
        assertThat(call("POST", "/api/auth/login", null, right.copy().put("password", "forgotten 2026-11")).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminMovesAnAccountToAnotherDepartmentWhichEndsItsLoginsAndNobodyElseMay() throws Exception {
        String admin = SignalingScenario.bearer(sc.login("admin"));
        String inspector = SignalingScenario.bearer(sc.inspectorToken);
        String clerk = SignalingScenario.bearer(sc.login("clerk1"));
        JsonArray users = call("GET", "/api/users", admin, null).bodyAsJsonArray();
        String inspectorId = idOf(users, "inspector1");
        String adminId = idOf(users, "admin");
        JsonObject toAdmin = new JsonObject().put("role", "ADMIN");
        for (String notAdmin : java.util.List.of(inspector, clerk)) {
            assertError(call("PATCH", "/api/users/" + inspectorId, notAdmin, toAdmin), 403, "forbidden");
        }
        assertError(call("PATCH", "/api/users/" + inspectorId, null, toAdmin), 401, "unauthenticated");
        assertThat(call("GET", "/api/sessions/" + sc.sessionId, inspector, null).statusCode()).isEqualTo(200);
        sc.f.clock.advance(Duration.ofSeconds(1));

        assertError(call("PATCH", "/api/users/" + inspectorId, admin, new JsonObject().put("role", "BOSS")), 400, "validation-failed");
        assertError(call("PATCH", "/api/users/" + inspectorId, admin, new JsonObject().put("department", " ")), 400, "validation-failed");
        assertError(call("PATCH", "/api/users/" + inspectorId, admin, new JsonObject().put("displayName", "名".repeat(101))),
                400, "validation-failed");
        assertError(call("PATCH", "/api/users/usr_00000000000000000000", admin, new JsonObject().put("department", "河川課")),
                404, "not-found");
        assertThat(call("GET", "/api/auth/me", inspector, null).bodyAsJsonObject().getString("department")).isEqualTo("道路課");

        HttpResponse<Buffer> moved = call("PATCH", "/api/users/" + inspectorId, admin,
                new JsonObject().put("department", "河川課").put("displayName", "監督 一郎"));
        assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
        assertThat(moved.bodyAsJsonObject().getString("department")).isEqualTo("河川課");
        assertThat(moved.bodyAsJsonObject().getString("role")).isEqualTo("INSPECTOR");
        assertError(call("GET", "/api/auth/me", inspector, null), 401, "token-revoked");
        sc.f.clock.advance(Duration.ofSeconds(1));
        String again = SignalingScenario.bearer(sc.login("inspector1"));
        assertThat(call("GET", "/api/auth/me", again, null).bodyAsJsonObject().getString("displayName")).isEqualTo("監督 一郎");
        // the 道路課 session it could open before is not even said to exist now
        assertError(call("GET", "/api/sessions/" + sc.sessionId, again, null), 404, "not-found");

        // the last admin cannot make themselves an inspector; nothing changes
        HttpResponse<Buffer> demoted = call("PATCH", "/api/users/" + adminId, admin, new JsonObject().put("role", "INSPECTOR"));
        assertError(demoted, 409, "conflict");
        assertThat(demoted.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("own account");
        assertThat(call("GET", "/api/auth/me", admin, null).bodyAsJsonObject().getString("role")).isEqualTo("ADMIN");
    }

    static String idOf(JsonArray users, String loginName) {
        return users.stream().map(JsonObject.class::cast).filter(u -> u.getString("loginName").equals(loginName))
                .findFirst().orElseThrow().getString("id");
    }

    @Test
    void madeUpHttpMethodsAreCountedAsOtherAndDoNotGrowTheMetrics() throws Exception {
        for (int i = 0; i < 200; i++) {
            call("X" + "A".repeat(100) + i, "/anything-" + i, null, null);
        }
        call("PATCH", "/api/sessions", null, null);
        String metrics = call("GET", "/metrics", null, null).bodyAsString();
        java.util.List<String> series = metrics.lines().filter(l -> l.startsWith("rinjo_http_requests")).toList();
        assertThat(series).noneMatch(l -> l.contains("XAAA"));
        assertThat(series.stream().filter(l -> l.contains("method=\"OTHER\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum()).isEqualTo(200.0);
        assertThat(series).anyMatch(l -> l.contains("method=\"PATCH\""));
        // the standard methods and OTHER, times the few statuses this test met
        assertThat(series).hasSizeLessThan(20);
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentAreServed() throws Exception {
        JsonObject health = call("GET", "/health", null, null).bodyAsJsonObject();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getJsonObject("checks").getString("database")).isEqualTo("UP");
        assertThat(health.getBoolean("degraded")).isFalse();
        assertThat(health.containsKey("evidenceAtRisk")).as("no recorder runs in this process: nothing to tell, not an empty list").isFalse();
        assertThat(call("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        String metrics = call("GET", "/metrics", null, null).bodyAsString();
        assertThat(metrics).contains("rinjo_ws_connections").contains("jvm_memory_used_bytes").contains("rinjo_http_requests")
                .contains("rinjo_ws_outbound_queued_bytes ");
        String openapi = call("GET", "/api/openapi.yaml", null, null).bodyAsString();
        assertThat(openapi).startsWith("openapi: 3");
        for (String path : new String[] {"/api/auth/login", "/api/contracts/{no}", "/api/sessions/{id}/end",
                "/api/sessions/{id}/invitations", "/api/invitations/{id}/qr.png", "/api/invitations/{id}/invite.ics",
                "/api/guest/session", "/api/guest/outcome", "/api/ice-servers", "/api/users/{id}", "/api/users/{id}/disable", "/api/users/{id}/enable",
                "/api/users/{id}/password", "/health", "/metrics"}) {
            assertThat(openapi).contains("  " + path + ":");
        }
    }
}
