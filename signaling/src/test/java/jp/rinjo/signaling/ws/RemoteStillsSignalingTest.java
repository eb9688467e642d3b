package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.image.TestJpegs;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/**
 * Remote stills at signaling: the inspector's still-request reaches the contractor's phone, and the
 * phone's upload is refused with the code a page can act on before it reaches a media node (which this
 * signaling node has none of: the upload that passes every check is answered media-unavailable; the
 * standalone's RemoteStillsApiTest stores one).
 */
class RemoteStillsSignalingTest {
    @TempDir
    Path dir;
    SignalingScenario sc;

    @BeforeEach
    void setUp() throws Exception {
        sc = new SignalingScenario(dir, Map.of("ws.rate-per-second", "20", "ws.rate-burst", "40"));
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    HttpResponse<Buffer> upload(String token, String contentType, byte[] body, String query) throws Exception {
        var req = sc.node.http.post("/api/guest/stills" + query);
        if (token != null) {
            req.putHeader("Authorization", "Invitation " + token);
        }
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        return req.sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank().doesNotContain("Exception");
    }

    @Test
    void theInspectorsRequestReachesTheContractorWithAnIdAndOnlyTheInspectorAsks() throws Exception {
        String contractorToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = sc.node.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            inspector.send(new JsonObject().put("type", "still-request").put("ref", "s0").put("target", ParticipantId.random().value()));
            assertThat(inspector.awaitError("not-found").getString("ref")).isEqualTo("s0"); // nobody to take it yet

            String contractorId = sc.joinWithInvitation(contractor, contractorToken).getString("participantId");
            inspector.send(new JsonObject().put("type", "still-request").put("ref", "s1").put("target", contractorId));

            JsonObject asked = contractor.await("still-request");
            assertThat(asked.getString("id")).matches("srq_[0-9a-z]{20}");
            assertThat(asked.getString("from")).isEqualTo(inspectorId);
            assertThat(asked.getString("fromName")).isEqualTo("監督 太郎");
            assertThat(asked.containsKey("ref")).as("the asker's ref is not the phone's").isFalse();
            JsonObject mine = inspector.await("still-request");
            assertThat(mine.getString("ref")).isEqualTo("s1");
            assertThat(mine.getString("id")).isEqualTo(asked.getString("id"));
            assertThat(mine.getString("target")).isEqualTo(contractorId);

            contractor.send(new JsonObject().put("type", "still-request").put("ref", "c1").put("target", contractorId));
            assertThat(contractor.awaitError("forbidden").getString("ref")).isEqualTo("c1");
        }
    }

    @Test
    void aStrangerIsRefusedBeforeTheNodeReadsTheMegabytesTheySend() throws Exception {
        String contractorToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        // a forged link announces 5 MB and sends 10 bytes of it: the answer comes without waiting for the rest
        String forged = contractorToken.substring(0, contractorToken.length() - 4) + "AAAA";
        for (String authorization : new String[] {"Invitation " + forged, null}) {
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) { }
                public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) { }
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (java.net.Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", sc.node.port())) {
                socket.setSoTimeout(10_000);
                String head = "POST /api/guest/stills HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/jpeg\r\n"
                        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                        + "Content-Length: " + 5 * 1024 * 1024 + "\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(new byte[10]);
                socket.getOutputStream().flush();
                String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(statusLine).as(String.valueOf(authorization)).startsWith("HTTP/1.1 401");
            }
        }
    }

    @Test
    void anUploadIsRefusedWithoutAnInvitationTooBigNotAJpegOrWhenTheSessionIsNotLive() throws Exception {
        String contractorToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        byte[] photo = TestJpegs.of(640, 480, 1);

        assertError(upload(null, "image/jpeg", photo, ""), 401, "unauthenticated");
        assertError(upload(contractorToken, "image/jpeg", new byte[10 * 1024 * 1024 + 1], ""), 413, "message-too-large");
        // the session is scheduled, not live: nobody is in the call to take a still for
        assertError(upload(contractorToken, "image/jpeg", photo, ""), 409, "conflict");

        sc.f.clock.set(sc.windowStart);
        try (WsClient inspector = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken); // the session is live now
            assertError(upload(contractorToken, "image/png", photo, ""), 415, "unsupported-media-type");
            assertError(upload(contractorToken, "image/jpeg", "<html>".getBytes(StandardCharsets.UTF_8), ""), 415, "unsupported-media-type");
            byte[] cut = java.util.Arrays.copyOf(photo, photo.length / 2);
            assertError(upload(contractorToken, "image/jpeg", cut, ""), 415, "unsupported-media-type");
            assertError(upload(contractorToken, "image/jpeg", photo, "?request=nonsense"), 400, "validation-failed");
            assertError(upload(contractorToken, "image/jpeg", photo, "?capturedAt=yesterday"), 400, "validation-failed");
            String observer = SignalingScenario.tokenOf(sc.invite("OBSERVER", "立会 花子"));
            assertError(upload(observer, "image/jpeg", photo, ""), 403, "forbidden");
            // every check passed: this signaling node has no media node to record it
            assertError(upload(contractorToken, "image/jpeg", photo, "?capturedAt=2026-05-28T10:13:19.500%2B09:00"), 503,
                    "media-unavailable");
            // the inspector's page reads a still only with a login of the session's department
            assertError(sc.node.call("GET", "/api/sessions/" + sc.sessionId + "/stills/stl_00000000000000000000", null, null), 401,
                    "unauthenticated");
            assertError(sc.node.call("GET", "/api/sessions/" + sc.sessionId + "/stills/stl_00000000000000000000",
                    "Invitation " + contractorToken, null), 403, "forbidden");
        }
    }
}
