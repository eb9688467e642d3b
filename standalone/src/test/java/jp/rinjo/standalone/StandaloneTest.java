package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jp.rinjo.common.config.Settings;

/** The one-command standalone: starts with embedded defaults, serves the pages over HTTPS, keeps its state. */
class StandaloneTest {
    @TempDir
    Path dir;

    Settings settings() {
        return Settings.load(null, Map.of(), new Properties(), StandaloneOptions.DEFAULTS)
                .with("media.udp-port", "0")
                .with("data.dir", dir.toString()).with("http.port", "0");
    }

    static HttpResponse<Buffer> get(Main.Running r, String path, String bearer) throws Exception {
        WebClient c = WebClient.create(r.vertx(), new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        var req = c.get(r.signaling().port(), "localhost", path);
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        return req.send().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static String login(Main.Running r, String password) throws Exception {
        WebClient c = WebClient.create(r.vertx(), new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
        HttpResponse<Buffer> resp = c.post(r.signaling().port(), "localhost", "/api/auth/login")
                .sendJsonObject(new JsonObject().put("loginName", "admin").put("password", password))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
        return resp.bodyAsJsonObject().getString("token");
    }

    static String certificate(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "rinjo-local-tls".toCharArray());
        }
        return java.util.Base64.getEncoder().encodeToString(ks.getCertificate("rinjo").getEncoded());
    }

    @Test
    void startsServesThePagesAndKeepsCertificateKeyAndAccountsAcrossRestarts() throws Exception {
        Main.Running first = Main.start(settings(), Clock.systemUTC());
        String token;
        String cert;
        try {
            assertThat(first.adminPassword()).isPresent();
            String banner = first.banner();
            assertThat(banner).contains(first.localUrl()).contains(first.signaling().publicUrl()).contains("█")
                    .contains(first.adminPassword().get())
                    // where to change it: the account page, not curl
                    .contains(first.localUrl() + "/inspector/").contains("パスワードを変更");
            assertThat(first.signaling().publicUrl()).startsWith("https://");
            assertThat(get(first, "/", null).bodyAsString()).contains("臨場");
            assertThat(get(first, "/health", null).bodyAsJsonObject().getString("status")).isEqualTo("UP");
            assertThat(get(first, "/health", null).bodyAsJsonObject().getJsonObject("checks").getString("recording"))
                    .as("the in-process recorder is checked too").isEqualTo("UP");
            // what an operator's alerts watch: the recorder's spool and uploads (nothing waiting, nothing failing)
            assertThat(get(first, "/metrics", null).bodyAsString()).contains("rinjo_recording_uploads_failing 0.0")
                    .contains("rinjo_recording_spool_full 0.0").contains("rinjo_recording_spool_bytes ")
                    .contains("rinjo_recording_upload_backlog 0.0").contains("rinjo_media_garbage_total 0.0");
            token = login(first, first.adminPassword().get());
            assertThat(Files.exists(dir.resolve("db").resolve("rinjo.mv.db"))).isTrue();
            cert = certificate(dir.resolve("tls").resolve("rinjo.p12"));
        } finally {
            first.stop();
        }

        Main.Running second = Main.start(settings(), Clock.systemUTC());
        try {
            assertThat(second.adminPassword()).as("the password is printed on first start only").isEmpty();
            assertThat(certificate(dir.resolve("tls").resolve("rinjo.p12"))).isEqualTo(cert);
            // the signing key survived: a login from before the restart is still valid
            assertThat(get(second, "/api/auth/me", token).bodyAsJsonObject().getString("loginName")).isEqualTo("admin");
        } finally {
            second.stop();
        }
    }

    @Test
    void aPhoneReloadingAPageRevalidatesItAndGetsNoBodyWhenNothingChanged() throws Exception {
        Main.Running r = Main.start(settings(), Clock.systemUTC());
        try {
            WebClient c = WebClient.create(r.vertx(), new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
            for (String page : new String[] {"/join/", "/js/join.js", "/css/rinjo.css"}) {
                HttpResponse<Buffer> first = get(r, page, null);
                assertThat(first.statusCode()).as(page).isEqualTo(200);
                // never taken from the cache unasked: after an upgrade a phone must not run yesterday's script
                assertThat(first.getHeader("Cache-Control")).as(page).isEqualTo("no-cache");
                String lastModified = first.getHeader("Last-Modified");
                assertThat(lastModified).as(page).isNotBlank();

                HttpResponse<Buffer> again = c.get(r.signaling().port(), "localhost", page)
                        .putHeader("If-Modified-Since", lastModified).send()
                        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertThat(again.statusCode()).as(page).isEqualTo(304);
                assertThat(again.body() == null ? 0 : again.body().length()).as(page).isZero();
            }
        } finally {
            r.stop();
        }
    }

    @Test
    void aFirstStartThatFailsLeavesTheAdminPasswordToTheNextStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) { // say, another web server already on 8443
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.start(settings().with("http.port",
                    Integer.toString(taken.getLocalPort())), Clock.systemUTC())).isNotNull();
        }
        Main.Running retried = Main.start(settings(), Clock.systemUTC());
        try {
            assertThat(retried.adminPassword()).as("the failed start showed no password, so this one must").isPresent();
            assertThat(retried.banner()).contains(retried.adminPassword().get());
            login(retried, retried.adminPassword().get());
        } finally {
            retried.stop();
        }
    }

    @Test
    void badArgumentsAreExplained() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--bogus"}, Map.of(), new Properties()))
                .hasMessageContaining("--bogus");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port"}, Map.of(), new Properties()))
                .hasMessageContaining("needs a value");
        assertThat(StandaloneOptions.parse(new String[] {"--port", "9443"}, Map.of(), new Properties()).settings().integer("http.port"))
                .isEqualTo(9443);
    }
}
