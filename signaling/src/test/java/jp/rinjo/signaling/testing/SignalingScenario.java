package jp.rinjo.signaling.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.scheduling.testing.Fixtures;
import jp.rinjo.scheduling.testing.TestDatabases;
import jp.rinjo.signaling.live.InMemoryLiveState;

/**
 * A running node with accounts, a contract, a session starting in an hour and helpers to log in and
 * invite, all through the real HTTP API.
 */
public class SignalingScenario implements AutoCloseable {
    public final Fixtures f;
    public final TestNode node;
    public final String inspectorToken;
    public final String sessionId;
    public final Instant windowStart;

    public SignalingScenario(Path dir) throws Exception {
        this(dir, Map.of());
    }

    public SignalingScenario(Path dir, Map<String, String> config) throws Exception {
        this(dir, config, new InMemoryLiveState(NodeId.random()));
    }

    public SignalingScenario(Path dir, Map<String, String> config, jp.rinjo.signaling.live.LiveState live) throws Exception {
        f = new Fixtures(TestDatabases.h2(dir.resolve("db")));
        f.clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        node = TestNode.start(dir, f.scheduling, live, f.clock, config);
        inspectorToken = login("inspector1");
        post("/api/contracts", inspectorToken, new JsonObject().put("no", "R8道路第12号").put("name", "市道1号線舗装補修工事")
                .put("contractor", "株式会社 臨場建設").put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31")
                .put("location", "臨場市本町1丁目"), 201);
        windowStart = f.clock.instant().plus(Duration.ofMinutes(10));
        JsonObject session = post("/api/sessions", inspectorToken, new JsonObject().put("contractNo", "R8道路第12号")
                .put("inspectionType", "STAGE_CHECK")
                .put("windowStart", windowStart.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", windowStart.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString())
                .put("place", "本町1丁目交差点"), 201);
        sessionId = session.getString("id");
    }

    public String login(String loginName) throws Exception {
        return post("/api/auth/login", null, new JsonObject().put("loginName", loginName).put("password", Fixtures.PASSWORD), 200)
                .getString("token");
    }

    public static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    public JsonObject post(String path, String token, Object body, int expectedStatus) throws Exception {
        HttpResponse<Buffer> r = node.call("POST", path, bearer(token), body);
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError("POST " + path + " → " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
    }

    /** Invites and returns the invitation JSON; its link's fragment is the token. */
    public JsonObject invite(String role, String name) throws Exception {
        return post("/api/sessions/" + sessionId + "/invitations", inspectorToken,
                new JsonObject().put("role", role).put("displayName", name), 201);
    }

    public static String tokenOf(JsonObject invitation) {
        String link = invitation.getString("link");
        return link.substring(link.indexOf('#') + 1);
    }

    public JsonObject joinWithInvitation(WsClient ws, String token) throws Exception {
        ws.send(new JsonObject().put("type", "join").put("ref", "j").put("invitation", token));
        return ws.await(m -> "welcome".equals(m.getString("type")) || "error".equals(m.getString("type")), "welcome or error");
    }

    public JsonObject joinWithLogin(WsClient ws, String loginToken) throws Exception {
        ws.send(new JsonObject().put("type", "join").put("ref", "j").put("sessionId", sessionId).put("auth", loginToken));
        return ws.await(m -> "welcome".equals(m.getString("type")) || "error".equals(m.getString("type")), "welcome or error");
    }

    @Override
    public void close() throws Exception {
        node.close();
        f.scheduling.close();
    }
}
