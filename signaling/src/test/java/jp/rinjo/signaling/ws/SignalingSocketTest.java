package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/** The signaling protocol over a real WebSocket: join, presence, chat, relay, and every kind of bad input. */
class SignalingSocketTest {
    @TempDir
    Path dir;
    SignalingScenario sc;

    @BeforeEach
    void setUp() throws Exception {
        sc = new SignalingScenario(dir, Map.of("ws.rate-per-second", "20", "ws.rate-burst", "40", "ws.login-recheck", "200ms"));
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    @Test
    void inspectorAndContractorJoinSeeEachOtherChatAndExchangeSdp() throws Exception {
        String contractorToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = sc.node.socket(null)) {
            JsonObject w1 = sc.joinWithLogin(inspector, sc.inspectorToken);
            assertThat(w1.getString("type")).isEqualTo("welcome");
            assertThat(w1.getString("ref")).isEqualTo("j");
            assertThat(w1.getString("role")).isEqualTo("INSPECTOR");
            assertThat(w1.getJsonObject("session").getString("contractName")).isEqualTo("市道1号線舗装補修工事");
            assertThat(w1.getJsonObject("session").getString("windowDisplay")).contains("JST");
            String inspectorId = w1.getString("participantId");

            JsonObject w2 = sc.joinWithInvitation(contractor, contractorToken);
            assertThat(w2.getString("role")).isEqualTo("CONTRACTOR");
            String contractorId = w2.getString("participantId");
            JsonArray present = w2.getJsonArray("participants");
            assertThat(present.stream().map(p -> ((JsonObject) p).getString("participantId"))).containsExactlyInAnyOrder(inspectorId, contractorId);
            JsonObject joined = inspector.awaitPresence("joined", contractorId);
            assertThat(joined.getJsonObject("participant").getString("displayName")).isEqualTo("現場代理人 山田");
            assertThat(joined.getJsonObject("participant").getString("roleLabel")).isEqualTo("受注者");

            contractor.send(new JsonObject().put("type", "chat").put("text", "配筋の状況を映します"));
            JsonObject chat = inspector.await("chat");
            assertThat(chat.getString("text")).isEqualTo("配筋の状況を映します");
            assertThat(chat.getString("from")).isEqualTo(contractorId);
            assertThat(chat.getString("atDisplay")).endsWith("JST");
            assertThat(contractor.await("chat").getString("text")).isEqualTo("配筋の状況を映します");
            inspector.send(new JsonObject().put("type", "chat").put("text", "かぶり厚をスケールで見せてください"));
            assertThat(contractor.await("chat").getString("text")).isEqualTo("かぶり厚をスケールで見せてください");

            contractor.send(new JsonObject().put("type", "sdp").put("to", inspectorId).put("kind", "offer").put("sdp", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"));
            JsonObject offer = inspector.await("sdp");
            assertThat(offer.getString("from")).isEqualTo(contractorId);
            assertThat(offer.getString("kind")).isEqualTo("offer");
            inspector.send(new JsonObject().put("type", "ice").put("to", contractorId).put("candidate", "candidate:1 1 udp 1 192.0.2.1 5000 typ host")
                    .put("sdpMid", "0").put("sdpMLineIndex", 0));
            assertThat(contractor.await("ice").getString("candidate")).startsWith("candidate:1");

            inspector.send(new JsonObject().put("type", "annotation").put("shape", "pointer").put("target", contractorId)
                    .put("points", new JsonArray().add(new JsonArray().add(0.4).add(0.6))));
            assertThat(contractor.await("annotation").getJsonArray("points").getJsonArray(0).getDouble(0)).isEqualTo(0.4);

            contractor.send(new JsonObject().put("type", "sdp").put("ref", "m").put("kind", "offer").put("sdp", "v=0\r\n"));
            assertThat(contractor.awaitError("media-unavailable").getString("ref")).isEqualTo("m");
            contractor.send(new JsonObject().put("type", "sdp").put("ref", "x").put("to", "par_00000000000000000000")
                    .put("kind", "offer").put("sdp", "v=0\r\n"));
            assertThat(contractor.awaitError("not-found").getString("ref")).isEqualTo("x");

            contractor.send(new JsonObject().put("type", "leave"));
            assertThat(inspector.awaitPresence("left", contractorId).getString("reason")).isEqualTo("left");
            assertThat(contractor.await("bye").getString("reason")).isEqualTo("left");
            assertThat(contractor.awaitClosed()).isTrue();
        }
    }

    @Test
    void malformedUnknownOversizedAndUnversionedMessagesGetErrorsAndTheConnectionLivesOn() throws Exception {
        try (WsClient ws = sc.node.socket(null)) {
            ws.send("{this is not json");
            ws.awaitError("malformed-json");
            ws.send("{\"type\":\"ping\"}");
            ws.awaitError("unsupported-version");
            ws.send("{\"v\":7,\"type\":\"ping\",\"ref\":\"r7\"}");
            assertThat(ws.awaitError("unsupported-version").getString("ref")).isEqualTo("r7");
            ws.send(new JsonObject().put("type", "teleport"));
            ws.awaitError("unknown-message-type");
            ws.send(new JsonObject().put("type", "chat").put("text", "x".repeat(70_000)));
            ws.awaitError("message-too-large");
            ws.send(new JsonObject().put("type", "chat").put("text", "before joining"));
            ws.awaitError("not-joined");
            ws.sendBinary(new byte[] {1, 2, 3});
            ws.awaitError("validation-failed");
            ws.send(new JsonObject().put("type", "join").put("sessionId", sc.sessionId));
            ws.awaitError("unauthenticated");
            ws.assertAlive();
            // after all that, the same connection can still join
            assertThat(sc.joinWithLogin(ws, sc.inspectorToken).getString("type")).isEqualTo("welcome");
            ws.send(new JsonObject().put("type", "chat").put("text", " "));
            ws.awaitError("validation-failed");
            ws.send(new JsonObject().put("type", "sdp").put("kind", "offer").put("sdp", "hello"));
            ws.awaitError("validation-failed");
            ws.send(new JsonObject().put("type", "annotation").put("shape", "pointer")
                    .put("points", new JsonArray().add(new JsonArray().add(1.5).add(0))));
            ws.awaitError("validation-failed");
            ws.send(new JsonObject().put("type", "join").put("sessionId", sc.sessionId).put("auth", sc.inspectorToken));
            ws.awaitError("conflict");
            ws.assertAlive();
        }
    }

    @Test
    void aRelayToOneselfAndRelayedFieldsOutOfShapeAreRefused() throws Exception {
        String contractorToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String contractorId = sc.joinWithInvitation(contractor, contractorToken).getString("participantId");

            contractor.send(new JsonObject().put("type", "sdp").put("ref", "self").put("to", contractorId).put("kind", "offer")
                    .put("sdp", "v=0\r\n"));
            assertThat(contractor.awaitError("validation-failed").getString("ref")).isEqualTo("self");
            contractor.send(new JsonObject().put("type", "ice").put("ref", "self-ice").put("to", contractorId)
                    .put("candidate", "candidate:1 1 udp 1 192.0.2.1 5000 typ host"));
            assertThat(contractor.awaitError("validation-failed").getString("ref")).isEqualTo("self-ice");

            for (String color : new String[] {"red", "#12345", "#ggg", "#00aaff;", "#" + "a".repeat(60_000)}) {
                inspector.send(new JsonObject().put("type", "annotation").put("ref", "c").put("shape", "pointer").put("target", contractorId)
                        .put("color", color).put("points", new JsonArray().add(new JsonArray().add(0.5).add(0.5))));
                inspector.awaitError("validation-failed");
            }
            inspector.send(new JsonObject().put("type", "ice").put("to", contractorId).put("candidate", "candidate:1 1 udp 1 192.0.2.1 5000 typ host")
                    .put("sdpMid", "m".repeat(33)).put("sdpMLineIndex", 0));
            inspector.awaitError("validation-failed");

            // what is in shape is still relayed, and nothing refused reached the other side before it
            inspector.send(new JsonObject().put("type", "annotation").put("shape", "pointer").put("color", "#0af").put("target", contractorId)
                    .put("points", new JsonArray().add(new JsonArray().add(0.5).add(0.5))));
            inspector.send(new JsonObject().put("type", "annotation").put("shape", "circle").put("color", "#00AAFF").put("target", contractorId)
                    .put("points", new JsonArray().add(new JsonArray().add(0.4).add(0.4)).add(new JsonArray().add(0.6).add(0.6))));
            inspector.send(new JsonObject().put("type", "ice").put("to", contractorId).put("candidate", "candidate:1 1 udp 1 192.0.2.1 5000 typ host")
                    .put("sdpMid", "video").put("sdpMLineIndex", 0));
            assertThat(contractor.await("annotation").getString("color")).isEqualTo("#0af");
            assertThat(contractor.await("annotation").getString("color")).isEqualTo("#00AAFF");
            assertThat(contractor.await("ice").getString("sdpMid")).isEqualTo("video");
            contractor.assertAlive();
        }
    }

    @Test
    void forgedExpiredRevokedAndEarlyTokensAreRefusedWithTheirCodes() throws Exception {
        JsonObject inv = sc.invite("CONTRACTOR", "山田");
        String token = SignalingScenario.tokenOf(inv);
        try (WsClient ws = sc.node.socket(null)) {
            String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
            assertThat(sc.joinWithInvitation(ws, forged).getString("code")).isEqualTo("token-invalid");
            assertThat(sc.joinWithInvitation(ws, "i1.garbage").getString("code")).isEqualTo("token-invalid");
            sc.f.clock.advance(Duration.ofMinutes(10 + 60));
            assertThat(sc.joinWithInvitation(ws, token).getString("code")).isEqualTo("token-expired");
            sc.f.clock.advance(Duration.ofMinutes(-10 - 60 - 60));
            assertThat(sc.joinWithInvitation(ws, token).getString("code")).isEqualTo("token-not-yet-valid");
            sc.f.clock.advance(Duration.ofMinutes(60));
            sc.node.call("DELETE", "/api/invitations/" + inv.getString("id"), SignalingScenario.bearer(sc.inspectorToken), null);
            assertThat(sc.joinWithInvitation(ws, token).getString("code")).isEqualTo("token-revoked");
            ws.assertAlive();
        }
    }

    @Test
    void aFloodIsRateLimitedWithoutClosingTheConnection() throws Exception {
        try (WsClient ws = sc.node.socket(null)) {
            sc.joinWithLogin(ws, sc.inspectorToken);
            for (int i = 0; i < 200; i++) {
                ws.send(new JsonObject().put("type", "ping").put("ref", "f" + i));
            }
            ws.awaitError("rate-limited");
            assertThat(ws.isClosed()).isFalse();
            // the bucket refills at 20/s: poll with pings until one is answered again
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean answered = false;
            while (!answered && System.nanoTime() < deadline) {
                String ref = "after-" + System.nanoTime();
                ws.send(new JsonObject().put("type", "ping").put("ref", ref));
                // a ping dropped by the limiter gets no answer: wait briefly, then try again
                answered = ws.poll(x -> ref.equals(x.getString("ref")), Duration.ofMillis(300)) != null;
            }
            assertThat(answered).isTrue();
        }
    }

    @Test
    void aReconnectReplacesTheOldConnectionOfTheSamePerson() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient first = sc.node.socket(null); WsClient second = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String id1 = sc.joinWithInvitation(first, token).getString("participantId");
            JsonObject w2 = sc.joinWithInvitation(second, token);
            assertThat(w2.getString("participantId")).isEqualTo(id1);
            assertThat(first.await("bye").getString("reason")).isEqualTo("replaced");
            assertThat(first.awaitClosed()).isTrue();
            // the room still has the person, on the new connection
            second.send(new JsonObject().put("type", "chat").put("text", "再接続しました"));
            assertThat(inspector.await("chat").getString("from")).isEqualTo(id1);
            second.assertAlive();
            JsonObject again = sc.joinWithInvitation(sc.node.socket(null), token);
            assertThat(again.getJsonArray("participants").stream()
                    .filter(p -> id1.equals(((JsonObject) p).getString("participantId"))).count()).isEqualTo(1);
        }
    }

    @Test
    void endingTheSessionTellsEveryoneThenLetsThemGoAndClosesTheDoor() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient contractor = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            sc.joinWithInvitation(contractor, token);
            JsonObject live = sc.post("/api/sessions/" + sc.sessionId + "/end", sc.inspectorToken,
                    new JsonObject().put("result", "INSTRUCTION").put("note", "鉄筋のかぶりを是正のこと"), 200);
            assertThat(live.getString("status")).isEqualTo("ENDED");
            // a client that does not leave by itself: what it still says is taken by no one
            contractor.send(new JsonObject().put("type", "chat").put("text", "まだ映しています"));
            contractor.send(new JsonObject().put("type", "sdp").put("kind", "offer").put("sdp", "v=0\r\n"));

            JsonObject state = contractor.await("session");
            assertThat(state.getString("status")).isEqualTo("ENDED");
            assertThat(state.getString("resultLabel")).isEqualTo("指示事項");
            assertThat(state.getString("note")).isEqualTo("鉄筋のかぶりを是正のこと");
            assertThat(contractor.restUntilClosed()).noneMatch(m -> "chat".equals(m.getString("type")))
                    .anyMatch(m -> "bye".equals(m.getString("type")) && "session-ended".equals(m.getString("reason")));
            assertThat(inspector.await("session").getString("result")).isEqualTo("INSTRUCTION");
            assertThat(inspector.restUntilClosed()).noneMatch(m -> "chat".equals(m.getString("type")))
                    .anyMatch(m -> "bye".equals(m.getString("type")) && "session-ended".equals(m.getString("reason")));
            try (WsClient late = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(late, token).getString("code")).isEqualTo("session-closed");
            }
        }
    }

    @Test
    void cancellingTheSessionLetsEveryoneGo() throws Exception {
        try (WsClient inspector = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            sc.post("/api/sessions/" + sc.sessionId + "/cancel", sc.inspectorToken, new JsonObject(), 200);
            assertThat(inspector.await("session").getString("status")).isEqualTo("CANCELLED");
            assertThat(inspector.await("bye").getString("reason")).isEqualTo("session-cancelled");
            assertThat(inspector.awaitClosed()).isTrue();
        }
    }

    @Test
    void disablingAnAccountLetsItGoFromTheCallItIsInAndOthersStay() throws Exception {
        String admin = sc.login("admin");
        String guestToken = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient adminCall = sc.node.socket(null); WsClient guest = sc.node.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            assertThat(sc.joinWithLogin(adminCall, admin).getJsonArray("participants").encode()).contains(inspectorId);
            String guestId = sc.joinWithInvitation(guest, guestToken).getString("participantId");
            adminCall.awaitPresence("joined", guestId);

            sc.post("/api/users/" + sc.f.inspector.user().id().value() + "/disable", admin, new JsonObject(), 200);
            // checked again within ws.login-recheck: the page stops reconnecting on token-revoked and says why
            inspector.awaitError("token-revoked");
            assertThat(inspector.await("bye").getString("reason")).isEqualTo("token-revoked");
            assertThat(inspector.awaitClosed()).isTrue();
            assertThat(adminCall.awaitPresence("left", inspectorId).getString("reason")).isEqualTo("token-revoked");
            guest.send(new JsonObject().put("type", "chat").put("text", "残ります"));
            assertThat(adminCall.await("chat").getString("text")).isEqualTo("残ります");
            guest.assertAlive();
            adminCall.assertAlive();
        }
    }

    @Test
    void anInspectorMovedToAnotherDepartmentLeavesTheCallOfTheOldOne() throws Exception {
        String admin = sc.login("admin");
        try (WsClient inspector = sc.node.socket(null); WsClient adminCall = sc.node.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            sc.joinWithLogin(adminCall, admin);

            io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> moved = sc.node.call("PATCH", "/api/users/" + sc.f.inspector.user().id().value(),
                    SignalingScenario.bearer(admin), new JsonObject().put("department", "河川課"));
            assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
            // the session is 道路課's: its login is ended, and the recheck lets it go as for a disabled account
            inspector.awaitError("token-revoked");
            assertThat(inspector.await("bye").getString("reason")).isEqualTo("token-revoked");
            assertThat(inspector.awaitClosed()).isTrue();
            assertThat(adminCall.awaitPresence("left", inspectorId).getString("reason")).isEqualTo("token-revoked");
            adminCall.assertAlive();
        }
    }

    @Test
    void revokingAnInvitationLetsItsGuestGoWithTheReasonThePageShows() throws Exception {
        JsonObject inv = sc.invite("CONTRACTOR", "山田");
        String token = SignalingScenario.tokenOf(inv);
        try (WsClient inspector = sc.node.socket(null); WsClient guest = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String guestId = sc.joinWithInvitation(guest, token).getString("participantId");
            inspector.awaitPresence("joined", guestId);

            assertThat(sc.node.call("DELETE", "/api/invitations/" + inv.getString("id"), SignalingScenario.bearer(sc.inspectorToken),
                    null).statusCode()).isBetween(200, 204);
            // token-revoked is one of the codes after which the page stops reconnecting and says why
            guest.awaitError("token-revoked");
            assertThat(guest.await("bye").getString("reason")).isEqualTo("token-revoked");
            assertThat(guest.awaitClosed()).isTrue();
            assertThat(inspector.awaitPresence("left", guestId).getString("reason")).isEqualTo("token-revoked");
            inspector.send(new JsonObject().put("type", "chat").put("text", "残ります"));
            assertThat(inspector.await("chat").getString("text")).isEqualTo("残ります");
            try (WsClient again = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(again, token).getString("code")).isEqualTo("token-revoked");
            }
        }
    }

    @Test
    void tokensNeverReachTheLog() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level was = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            String invitation = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
            try (WsClient contractor = sc.node.socket(null); WsClient inspector = sc.node.socket(null)) {
                sc.joinWithInvitation(contractor, invitation);
                sc.joinWithLogin(inspector, sc.inspectorToken);
                contractor.send(new JsonObject().put("type", "join").put("invitation", invitation));
                contractor.awaitError("conflict");
                try (WsClient forged = sc.node.socket(null)) {
                    sc.joinWithInvitation(forged, invitation.substring(0, invitation.length() - 2) + "xx");
                }
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(was);
        }
        String invitationSignature = SignalingScenario.tokenOf(sc.invite("OBSERVER", "x")).split("\\.")[2];
        assertThat(logs.list).isNotEmpty();
        for (var event : logs.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(sc.inspectorToken.split("\\.")[2]).doesNotContain("i1.").doesNotContain("i2.").doesNotContain("u1.")
                    .doesNotContain(invitationSignature);
        }
    }

    @Test
    void aConnectionThatNeverJoinsIsClosed() throws Exception {
        try (WsClient idle = sc.node.socket(null)) {
            assertThat(idle.await("bye").getString("reason")).isEqualTo("join-timeout");
            assertThat(idle.awaitClosed()).isTrue();
        }
    }
}
