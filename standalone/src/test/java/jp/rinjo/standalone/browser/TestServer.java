package jp.rinjo.standalone.browser;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jp.rinjo.common.config.Settings;
import jp.rinjo.standalone.Main;

/**
 * The standalone running in this JVM on a free port over HTTPS (self-signed), with a known admin
 * password, and the REST calls browser tests need to set up a session. The test classpath's
 * {@code webroot/test/} pages are served under {@code /test/}.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "browser-test-admin-pw";

    private final Main.Running running;
    private final WebClient http;

    private TestServer(Main.Running running) {
        this.running = running;
        this.http = WebClient.create(running.vertx(), new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    /** With configuration overrides, e.g. the media node's fault injection. */
    public static TestServer start(Path dataDir, Map<String, String> overrides) throws Exception {
        Settings settings = Settings.load(null, Map.of(), new Properties(), "signaling-defaults.properties",
                        "media-defaults.properties", "archive-defaults.properties", "standalone-defaults.properties")
                .with("data.dir", dataDir.toString()).with("http.port", "0")
                // the browsers run on this machine: media over loopback (--allow-loopback-in-peer-connection)
                .with("media.udp-port", "0").with("media.advertised-addresses", "127.0.0.1")
                .with("admin.initial-password", ADMIN_PASSWORD);
        for (var e : overrides.entrySet()) {
            settings = settings.with(e.getKey(), e.getValue());
        }
        return new TestServer(Main.start(settings, Clock.systemUTC()));
    }

    public int port() {
        return running.signaling().port();
    }

    /** https://localhost:port + path */
    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    public Main.Running running() {
        return running;
    }

    public String loginAdmin() throws Exception {
        return call(HttpMethod.POST, "/api/auth/login", null,
                new JsonObject().put("loginName", "admin").put("password", ADMIN_PASSWORD), 200).getString("token");
    }

    /** A REST call; fails unless the status is the expected one. Returns the JSON body (empty object if none). */
    public JsonObject call(HttpMethod method, String path, String bearer, JsonObject body, int expectedStatus) throws Exception {
        HttpRequest<Buffer> req = http.request(method, port(), "localhost", path);
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " → " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
    }

    /** A contract and a session for it whose window starts now and lasts an hour; returns the session id. */
    public String scheduleSessionNow(String adminToken, String contractNo) throws Exception {
        call(HttpMethod.POST, "/api/contracts", adminToken, new JsonObject().put("no", contractNo)
                .put("name", "市道1号線舗装補修工事").put("contractor", "株式会社 臨場建設")
                .put("periodStart", "2026-04-01").put("periodEnd", "2027-03-31").put("location", "臨場市本町1丁目"), 201);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return call(HttpMethod.POST, "/api/sessions", adminToken, new JsonObject().put("contractNo", contractNo)
                .put("inspectionType", "STAGE_CHECK")
                .put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString())
                .put("place", "本町1丁目交差点"), 201).getString("id");
    }

    /**
     * The session goes live, as when the admin joins its call within its window: only a session that went
     * live is sealed when it ends.
     */
    public void goLive(String adminToken, String sessionId) {
        var scheduling = running.scheduling();
        scheduling.sessions().admitted(scheduling.auth().authenticate(adminToken), jp.rinjo.common.id.SessionId.of(sessionId));
    }

    /** Invites someone to the session; returns the token (the link's fragment). */
    public String invite(String adminToken, String sessionId, String role, String displayName) throws Exception {
        String link = call(HttpMethod.POST, "/api/sessions/" + sessionId + "/invitations", adminToken,
                new JsonObject().put("role", role).put("displayName", displayName), 201).getString("link");
        return link.substring(link.indexOf('#') + 1);
    }

    @Override
    public void close() {
        http.close();
        running.stop();
    }
}
