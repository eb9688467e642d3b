package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.image.TestJpegs;
import jp.rinjo.common.test.FreePort;
import jp.rinjo.common.test.RedisServer;
import jp.rinjo.media.node.MediaNodeMain;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.signaling.testing.WsClient;
import jp.rinjo.standalone.browser.RemoteNodeSettings;
import jp.rinjo.standalone.browser.TestServer;

/**
 * A remote still end to end through the API, with the real recorder: the contractor's phone uploads
 * it, the room is told, the inspector's page reads it, and the sealed recording lists and verifies it;
 * with the media node in process and as another process (through its control API); the session's
 * list of stills, which the inspector's page reads when it opens the call again; the thumbnails its
 * strip shows; and the cap on stills per session.
 */
class RemoteStillsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void theInProcessRecorderKeepsTheStillTheRoomIsToldAndTheSealListsIt() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            takeStoreAndSeal(server, dir);
        }
    }

    @Test
    void aRemoteMediaNodeKeepsTheStillThroughItsControlApi() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Settings media = RemoteNodeSettings.of(dir, redis.url(), FreePort.tcp());
            try (MediaNodeMain.Running node = MediaNodeMain.start(media);
                 TestServer server = TestServer.start(dir.resolve("signaling"), Map.of("media.mode", "remote",
                         "media.registry.redis-url", redis.url(), "media.control.secret", RemoteNodeSettings.SECRET))) {
                takeStoreAndSeal(server, dir.resolve("node"));
            }
        }
    }

    @Test
    void theSessionsStillsAreListedInTheOrderTakenToLoginsOfItsDepartmentOnly() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String department = server.call(HttpMethod.GET, "/api/auth/me", admin, null, 200).getString("department");
            String colleague = user(server, admin, "stills-colleague", department);
            String otherDepartment = user(server, admin, "stills-river", "河川課");
            String session = server.scheduleSessionNow(admin, "R8道路第13号");
            server.goLive(admin, session);
            String contractorToken = server.invite(admin, session, "CONTRACTOR", "現場代理人 佐藤");
            WebClient http = WebClient.create(server.running().vertx(),
                    new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
            try {
                String list = "/api/sessions/" + session + "/stills";
                assertThat(get(http, server, list, "Bearer " + admin).bodyAsJsonArray()).isEmpty();

                byte[] asked = TestJpegs.of(1920, 1080, 7);
                byte[] unasked = TestJpegs.of(640, 480, 8);
                JsonObject first = upload(http, server, contractorToken, asked,
                        "?request=srq_0123456789abcdefghij&capturedAt=2026-05-28T10%3A13%3A19.500%2B09%3A00");
                JsonObject second = upload(http, server, contractorToken, unasked, "");

                for (String viewer : new String[] {admin, colleague}) {
                    HttpResponse<Buffer> r = get(http, server, list, "Bearer " + viewer);
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                    io.vertx.core.json.JsonArray stills = r.bodyAsJsonArray();
                    assertThat(stills.stream().map(x -> ((JsonObject) x).getString("id")))
                            .containsExactly(first.getString("id"), second.getString("id"));
                    JsonObject a = stills.getJsonObject(0);
                    assertThat(a.getString("takenAt")).isEqualTo(first.getString("takenAt"));
                    assertThat(a.getString("takenAtDisplay")).isEqualTo(first.getString("takenAtDisplay"))
                            .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} JST");
                    assertThat(a.getString("phoneCapturedAt")).isEqualTo("2026-05-28T10:13:19.500+09:00");
                    assertThat(a.getString("byName")).isEqualTo("現場代理人 佐藤");
                    assertThat(a.getString("by")).startsWith("par_");
                    assertThat(a.getString("role")).isEqualTo("CONTRACTOR");
                    assertThat(a.getString("sha256")).isEqualTo(Sha256.digest(asked).hex());
                    assertThat(a.getLong("bytes")).isEqualTo(asked.length);
                    assertThat(a.getInteger("width")).isEqualTo(1920);
                    assertThat(a.getInteger("height")).isEqualTo(1080);
                    assertThat(a.getString("request")).isEqualTo("srq_0123456789abcdefghij");
                    JsonObject b = stills.getJsonObject(1);
                    assertThat(b.getString("sha256")).isEqualTo(Sha256.digest(unasked).hex());
                    assertThat(b.getInteger("width")).isEqualTo(640);
                    assertThat(b.getString("request")).isNull();
                    assertThat(b.getString("phoneCapturedAt")).isNull();
                }
                // what the list names is what the image route serves
                HttpResponse<Buffer> image = get(http, server, list + "/" + second.getString("id"), "Bearer " + colleague);
                assertThat(image.statusCode()).isEqualTo(200);
                assertThat(image.body().getBytes()).isEqualTo(unasked);

                // another department's login is not told the session exists; nor is anyone of a session that does not
                assertError(get(http, server, list, "Bearer " + otherDepartment), 404, "not-found");
                assertError(get(http, server, "/api/sessions/" + jp.rinjo.common.id.SessionId.random() + "/stills", "Bearer " + admin),
                        404, "not-found");
                // the list is the inspector's page's: the contractor's invitation does not read it, nor does nobody
                assertError(get(http, server, list, "Invitation " + contractorToken), 403, "forbidden");
                assertError(get(http, server, list, null), 401, "unauthenticated");
            } finally {
                http.close();
            }
        }
    }

    /**
     * The database refuses the still's description after the node recorded it (as an outage between the upload's
     * checks and the write would): the phone is told the still arrived, the room is told, and once the database
     * takes writes again the session's list has the still without anyone sending it again.
     */
    @Test
    void aStillTheDatabaseRefusedToDescribeIsListedOnceTheDatabaseTakesItAgain() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "R8道路第14号");
            server.goLive(admin, session);
            String contractorToken = server.invite(admin, session, "CONTRACTOR", "現場代理人 佐藤");
            String list = "/api/sessions/" + session + "/stills";
            var db = server.running().scheduling().database().jdbc();
            WebClient http = WebClient.create(server.running().vertx(),
                    new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
            try (WsClient inspector = WsClient.connect(server.running().vertx(), server.port(), null)) {
                join(inspector, new JsonObject().put("sessionId", session).put("auth", admin));
                // every new still's row is refused, the rest of the database answers (the upload's checks count stills)
                db.update("ALTER TABLE session_stills ADD CONSTRAINT simulated_outage CHECK (bytes < 0)");
                JsonObject still;
                try {
                    still = upload(http, server, contractorToken, TestJpegs.of(640, 480, 9), "");
                    assertThat(inspector.await("still").getString("id")).isEqualTo(still.getString("id"));
                    assertThat(get(http, server, list, "Bearer " + admin).bodyAsJsonArray()).as("not listed while refused").isEmpty();
                } finally {
                    db.update("ALTER TABLE session_stills DROP CONSTRAINT simulated_outage");
                }
                Poll.until("the still is listed once the database takes it", Duration.ofSeconds(15),
                        () -> listedIds(http, server, list, admin).contains(still.getString("id")));
                assertThat(listedIds(http, server, list, admin)).containsExactly(still.getString("id"));
            } finally {
                http.close();
            }
        }
    }

    private static java.util.List<String> listedIds(WebClient http, TestServer server, String list, String token) {
        try {
            return get(http, server, list, "Bearer " + token).bodyAsJsonArray().stream().map(x -> ((JsonObject) x).getString("id")).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStillsThumbnailIsSmallCachedForGoodForTheStillsViewersOnlyAndADamagedStillHasNone() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String admin = server.loginAdmin();
            String department = server.call(HttpMethod.GET, "/api/auth/me", admin, null, 200).getString("department");
            String colleague = user(server, admin, "thumbs-colleague", department);
            String otherDepartment = user(server, admin, "thumbs-river", "河川課");
            String session = server.scheduleSessionNow(admin, "R8道路第14号");
            server.goLive(admin, session);
            String contractorToken = server.invite(admin, session, "CONTRACTOR", "現場代理人 佐藤");
            WebClient http = WebClient.create(server.running().vertx(),
                    new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
            try {
                byte[] photo = TestJpegs.of(4032, 3024, 9);
                String id = upload(http, server, contractorToken, photo, "").getString("id");
                String thumbnail = "/api/sessions/" + session + "/stills/" + id + "/thumbnail";

                HttpResponse<Buffer> r = get(http, server, thumbnail, "Bearer " + colleague);

                assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                assertThat(r.getHeader("Content-Type")).isEqualTo("image/jpeg");
                java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body().getBytes()));
                assertThat(picture.getWidth()).as("a 4032×3024 photo at 320 px").isEqualTo(320);
                assertThat(picture.getHeight()).isEqualTo(240);
                assertThat(r.body().length()).as("a few KB instead of the photo").isLessThan(40_000).isLessThan(photo.length / 10);
                assertThat(r.getHeader("Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
                assertThat(r.getHeader("Vary")).contains("Authorization").contains("Cookie");
                String etag = r.getHeader("ETag");
                assertThat(etag).contains(id);
                // made once and kept: the same bytes again; a page that has it gets 304 without it
                assertThat(get(http, server, thumbnail, "Bearer " + admin).body().getBytes()).isEqualTo(r.body().getBytes());
                HttpResponse<Buffer> known = get(http, server, thumbnail, "Bearer " + colleague, Map.of("If-None-Match", etag));
                assertThat(known.statusCode()).isEqualTo(304);
                assertThat(known.body()).isNull();
                // the still's access rules, for a 304 too; the full still is what it was
                assertError(get(http, server, thumbnail, "Bearer " + otherDepartment), 404, "not-found");
                assertThat(get(http, server, thumbnail, "Bearer " + otherDepartment, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(404);
                assertError(get(http, server, thumbnail, "Invitation " + contractorToken), 403, "forbidden");
                assertError(get(http, server, thumbnail, null), 401, "unauthenticated");
                assertError(get(http, server, "/api/sessions/" + session + "/stills/stl_00000000000000000000/thumbnail", "Bearer " + admin),
                        404, "not-found");
                assertThat(get(http, server, "/api/sessions/" + session + "/stills/" + id, "Bearer " + admin).body().getBytes())
                        .isEqualTo(photo);

                // a damaged JPEG (whole from FFD8 to FFD9, so the upload takes it as the evidence it is): no thumbnail, said so
                byte[] damaged = photo.clone();
                java.util.Arrays.fill(damaged, 2, damaged.length - 2, (byte) 0x5A);
                String bad = upload(http, server, contractorToken, damaged, "").getString("id");
                HttpResponse<Buffer> unreadable = get(http, server, "/api/sessions/" + session + "/stills/" + bad + "/thumbnail", "Bearer " + admin);
                assertError(unreadable, 422, "unreadable-image");
                assertThat(unreadable.getHeader("Cache-Control")).isNotEqualTo("private, max-age=31536000, immutable");
                assertError(get(http, server, "/api/sessions/" + session + "/stills/" + bad + "/thumbnail", "Bearer " + admin), 422,
                        "unreadable-image");
                // nothing else breaks: the list has both, the damaged still is served as it came, the good thumbnail still comes
                HttpResponse<Buffer> list = get(http, server, "/api/sessions/" + session + "/stills", "Bearer " + admin);
                assertThat(list.bodyAsJsonArray().stream().map(x -> ((JsonObject) x).getString("id"))).containsExactly(id, bad);
                assertThat(get(http, server, "/api/sessions/" + session + "/stills/" + bad, "Bearer " + admin).body().getBytes())
                        .isEqualTo(damaged);
                assertThat(get(http, server, thumbnail, "Bearer " + admin).statusCode()).isEqualTo(200);
            } finally {
                http.close();
            }
        }
    }

    @Test
    void aSessionTakesAtMostItsCapOfStillsAndThePhoneIsNotAskedBeyondIt() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("stills.max-per-session", "2"))) {
            LiveSession live = LiveSession.of(server);
            String admin = live.admin();
            String session = live.session();
            String contractorToken = live.contractorToken();
            WebClient http = live.http();
            try (WsClient inspector = WsClient.connect(server.running().vertx(), server.port(), null);
                 WsClient phone = WsClient.connect(server.running().vertx(), server.port(), null)) {
                join(inspector, new JsonObject().put("sessionId", session).put("auth", admin));
                String contractorId = join(phone, new JsonObject().put("invitation", contractorToken)).getString("participantId");
                // below the cap the phone is asked, and sends
                inspector.send(new JsonObject().put("type", "still-request").put("ref", "r1").put("target", contractorId));
                String request = phone.await("still-request").getString("id");
                upload(http, server, contractorToken, TestJpegs.of(640, 480, 1), "?request=" + request);
                upload(http, server, contractorToken, TestJpegs.of(640, 480, 2), "");

                // at the cap: the inspector is refused, and the phone is not asked (the chat after it comes first)
                inspector.send(new JsonObject().put("type", "still-request").put("ref", "r2").put("target", contractorId));
                JsonObject refused = inspector.awaitError("still-limit-reached");
                assertThat(refused.getString("ref")).isEqualTo("r2");
                inspector.send(new JsonObject().put("type", "chat").put("ref", "c1").put("text", "上限の確認"));
                JsonObject next = phone.await(m -> "still-request".equals(m.getString("type")) || "chat".equals(m.getString("type")),
                        "the chat");
                assertThat(next.getString("type")).isEqualTo("chat");
                // nor is a photo the phone takes unasked taken
                HttpResponse<Buffer> third = postStill(http, server, contractorToken, TestJpegs.of(640, 480, 3), "");
                assertError(third, 409, "still-limit-reached");
                assertThat(get(http, server, "/api/sessions/" + session + "/stills", "Bearer " + admin).bodyAsJsonArray()).hasSize(2);
            } finally {
                http.close();
            }
        }
    }

    @Test
    void theRoomIsToldWhenTheSessionReachesItsCapAndAnInspectorJoiningLaterIsToo() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("stills.max-per-session", "2"))) {
            LiveSession live = LiveSession.of(server);
            String admin = live.admin();
            String session = live.session();
            String contractorToken = live.contractorToken();
            WebClient http = live.http();
            Predicate<JsonObject> stillOrFull = m -> "still".equals(m.getString("type")) || "stills-full".equals(m.getString("type"));
            try (WsClient inspector = WsClient.connect(server.running().vertx(), server.port(), null);
                 WsClient phone = WsClient.connect(server.running().vertx(), server.port(), null)) {
                join(inspector, new JsonObject().put("sessionId", session).put("auth", admin));
                join(phone, new JsonObject().put("invitation", contractorToken));
                String first = upload(http, server, contractorToken, TestJpegs.of(640, 480, 1), "").getString("id");
                assertThat(inspector.await(stillOrFull, "the first still").getString("id")).isEqualTo(first);
                String second = upload(http, server, contractorToken, TestJpegs.of(640, 480, 2), "").getString("id");

                // below the cap nothing is said; the still that reaches it is told, then the cap
                assertThat(inspector.await(stillOrFull, "the second still").getString("id")).isEqualTo(second);
                JsonObject full = inspector.await(stillOrFull, "stills-full");
                assertThat(full.getString("type")).isEqualTo("stills-full");
                assertThat(full.getInteger("max")).isEqualTo(2);
                assertThat(full.getInteger("v")).isEqualTo(1);

                // an upload refused for the cap tells the room again (a page that missed it learns it)
                HttpResponse<Buffer> third = postStill(http, server, contractorToken, TestJpegs.of(640, 480, 3), "");
                assertError(third, 409, "still-limit-reached");
                assertThat(inspector.await(stillOrFull, "stills-full after the refusal").getString("type")).isEqualTo("stills-full");
            }
            // an inspector's page opened (or reloaded) on a session at its cap is told right after its welcome
            try (WsClient reloaded = WsClient.connect(server.running().vertx(), server.port(), null)) {
                join(reloaded, new JsonObject().put("sessionId", session).put("auth", admin));
                JsonObject full = reloaded.await("stills-full");
                assertThat(full.getInteger("max")).isEqualTo(2);
            } finally {
                http.close();
            }
        }
    }

    private static String user(TestServer server, String admin, String login, String department) throws Exception {
        String password = login + " password 2026";
        server.call(HttpMethod.POST, "/api/users", admin, new JsonObject().put("loginName", login).put("displayName", "監督 " + login)
                .put("department", department).put("role", "INSPECTOR").put("password", password), 201);
        return server.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("loginName", login).put("password", password), 200)
                .getString("token");
    }

    private static JsonObject upload(WebClient http, TestServer server, String token, byte[] jpeg, String query) throws Exception {
        HttpResponse<Buffer> r = postStill(http, server, token, jpeg, query);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    /** The phone's upload of a still, as its page sends it. */
    private static HttpResponse<Buffer> postStill(WebClient http, TestServer server, String token, byte[] jpeg, String query)
            throws Exception {
        return http.post(server.port(), "localhost", "/api/guest/stills" + query)
                .putHeader("Authorization", "Invitation " + token).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(jpeg)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> get(WebClient http, TestServer server, String path, String authorization) throws Exception {
        return get(http, server, path, authorization, Map.of());
    }

    private static HttpResponse<Buffer> get(WebClient http, TestServer server, String path, String authorization,
                                            Map<String, String> headers) throws Exception {
        var req = http.get(server.port(), "localhost", path);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        headers.forEach(req::putHeader);
        return req.send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
    }

    private static void takeStoreAndSeal(TestServer server, Path evidenceRoot) throws Exception {
        String admin = server.loginAdmin();
        String session = server.scheduleSessionNow(admin, "R8道路第12号");
        server.goLive(admin, session);
        String contractorToken = server.invite(admin, session, "CONTRACTOR", "現場代理人 佐藤");
        WebClient http = WebClient.create(server.running().vertx(), new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        byte[] photo = TestJpegs.of(1920, 1080, 5);
        try (WsClient inspector = WsClient.connect(server.running().vertx(), server.port(), null);
             WsClient phone = WsClient.connect(server.running().vertx(), server.port(), null)) {
            join(inspector, new JsonObject().put("sessionId", session).put("auth", admin));
            String contractorId = join(phone, new JsonObject().put("invitation", contractorToken)).getString("participantId");
            inspector.send(new JsonObject().put("type", "still-request").put("ref", "r1").put("target", contractorId));
            String request = phone.await("still-request").getString("id");

            HttpResponse<Buffer> r = http.post(server.port(), "localhost", "/api/guest/stills?request=" + request
                            + "&capturedAt=2026-05-28T10%3A13%3A19.500%2B09%3A00")
                    .putHeader("Authorization", "Invitation " + contractorToken).putHeader("Content-Type", "image/jpeg")
                    .sendBuffer(Buffer.buffer(photo)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
            JsonObject stored = r.bodyAsJsonObject();
            String id = stored.getString("id");
            assertThat(id).startsWith("stl_");
            assertThat(stored.getString("sha256")).isEqualTo(Sha256.digest(photo).hex());
            assertThat(stored.getLong("bytes")).isEqualTo(photo.length);
            assertThat(stored.getString("takenAtDisplay")).endsWith("JST");
            JsonObject told = inspector.await("still");
            assertThat(told.getString("id")).isEqualTo(id);
            assertThat(told.getString("by")).isEqualTo(contractorId);
            assertThat(told.getString("byName")).isEqualTo("現場代理人 佐藤");
            assertThat(told.getString("request")).isEqualTo(request);
            assertThat(told.getInteger("width")).isEqualTo(1920);
            assertThat(told.getString("sha256")).isEqualTo(stored.getString("sha256"));

            HttpResponse<Buffer> shown = http.get(server.port(), "localhost", "/api/sessions/" + session + "/stills/" + id)
                    .putHeader("Authorization", "Bearer " + admin).send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.getHeader("Content-Type")).isEqualTo("image/jpeg");
            assertThat(shown.body().getBytes()).isEqualTo(photo);

            server.call(HttpMethod.POST, "/api/sessions/" + session + "/end", admin, new JsonObject().put("result", "PASS"), 200);
            Path manifest = SealedInspectionTest.awaitManifest(evidenceRoot, session);
            JsonNode still = JSON.readTree(manifest.toFile()).path("stills").get(0);
            assertThat(still.path("id").asText()).isEqualTo(id);
            assertThat(still.path("by").path("participant").asText()).isEqualTo(contractorId);
            assertThat(still.path("by").path("role").asText()).isEqualTo("CONTRACTOR");
            assertThat(still.path("request").asText()).isEqualTo(request);
            assertThat(still.path("phoneCapturedAt").asText()).isEqualTo("2026-05-28T10:13:19.500+09:00");
            Path folder = manifest.getParent();
            Poll.until("the still is stored beside the manifest", Duration.ofSeconds(10),
                    () -> Files.exists(folder.resolve("stills/" + id + ".jpg")));
            assertThat(folder.resolve("stills/" + id + ".jpg")).hasBinaryContent(photo);
            VerificationReport report = new Verifier(Verifier.Options.defaults()).verify(folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.findings()).anySatisfy(f -> {
                assertThat(f.code()).isEqualTo(Finding.Code.SIGNED_STILLS.id());
                assertThat(f.params()).containsEntry("count", "1").containsEntry("verified", "1");
            });
        } finally {
            http.close();
        }
    }

    private static JsonObject join(WsClient ws, JsonObject join) throws Exception {
        ws.send(join.put("type", "join").put("ref", "j"));
        JsonObject welcome = ws.await(m -> "welcome".equals(m.getString("type")) || "error".equals(m.getString("type")), "welcome");
        assertThat(welcome.getString("type")).as(welcome.encode()).isEqualTo("welcome");
        return welcome;
    }

    /** A live session with a contractor invited, and an HTTPS client for the server's self-signed certificate. */
    private record LiveSession(String admin, String session, String contractorToken, WebClient http) {
        static LiveSession of(TestServer server) throws Exception {
            String admin = server.loginAdmin();
            String session = server.scheduleSessionNow(admin, "R8道路第15号");
            server.goLive(admin, session);
            String contractorToken = server.invite(admin, session, "CONTRACTOR", "現場代理人 佐藤");
            return new LiveSession(admin, session, contractorToken, WebClient.create(server.running().vertx(),
                    new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)));
        }
    }
}
