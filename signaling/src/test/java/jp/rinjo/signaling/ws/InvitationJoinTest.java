package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/** Invitation links over the real join path when a session does not keep to its window: moved before, or overrunning it. */
class InvitationJoinTest extends ScenarioTest {
    @Test
    void afterARescheduleOnlyTheNewLinkAdmitsAndOnlyInTheNewWindow() throws Exception {
        String sent = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        Instant nextWeek = sc.windowStart.plus(Duration.ofDays(7));
        reschedule(nextWeek, 200);
        String renewed = SignalingScenario.tokenOf(sc.node.call("GET", "/api/sessions/" + sc.sessionId + "/invitations",
                SignalingScenario.bearer(sc.inspectorToken), null).bodyAsJsonArray().getJsonObject(0));
        assertThat(renewed).isNotEqualTo(sent);

        try (WsClient ws = sc.node.socket(null)) {
            // the old window is open now; its link would have let the contractor in
            assertThat(sc.joinWithInvitation(ws, sent).getString("code")).isEqualTo("token-revoked");
            assertThat(sc.joinWithInvitation(ws, renewed).getString("code")).isEqualTo("token-not-yet-valid");
        }
        // the session was left alone, so the inspector can still move it
        reschedule(nextWeek.plus(Duration.ofDays(1)), 200);
        renewed = SignalingScenario.tokenOf(sc.node.call("GET", "/api/sessions/" + sc.sessionId + "/invitations",
                SignalingScenario.bearer(sc.inspectorToken), null).bodyAsJsonArray().getJsonObject(0));

        sc.f.clock.set(nextWeek.plus(Duration.ofDays(1)));
        try (WsClient ws = sc.node.socket(null)) {
            assertThat(sc.joinWithInvitation(ws, sent).getString("code")).isEqualTo("token-revoked");
            assertThat(sc.joinWithInvitation(ws, renewed).getString("type")).isEqualTo("welcome");
        }
    }

    @Test
    void whileAnOverrunningSessionIsLiveItsGuestsCanComeBackAndBeInvitedUntilItEnds() throws Exception {
        JsonObject invitation = sc.invite("CONTRACTOR", "山田");
        String token = SignalingScenario.tokenOf(invitation);
        sc.f.clock.set(sc.windowStart.plus(Duration.ofMinutes(50)));
        try (WsClient inspector = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String contractor;
            try (WsClient phone = sc.node.socket(null)) {
                contractor = sc.joinWithInvitation(phone, token).getString("participantId");
            }
            // the 60-minute window is over and the inspection goes on; the phone's link dropped
            sc.f.clock.set(sc.windowStart.plus(Duration.ofMinutes(65)));
            try (WsClient phone = sc.node.socket(null)) {
                JsonObject back = sc.joinWithInvitation(phone, token);
                assertThat(back.getString("type")).isEqualTo("welcome");
                assertThat(back.getString("participantId")).isEqualTo(contractor);
                phone.send(new JsonObject().put("type", "chat").put("text", "戻りました"));
                assertThat(inspector.await("chat").getString("from")).isEqualTo(contractor);
            }
            // someone invited during the overrun gets in too
            String late = SignalingScenario.tokenOf(sc.invite("OBSERVER", "課長"));
            try (WsClient observer = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(observer, late).getString("type")).isEqualTo("welcome");
            }
            // a withdrawn invitation stays withdrawn, and the end closes the door for everyone
            sc.node.call("DELETE", "/api/invitations/" + invitation.getString("id"), SignalingScenario.bearer(sc.inspectorToken), null);
            try (WsClient phone = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(phone, token).getString("code")).isEqualTo("token-revoked");
            }
            sc.post("/api/sessions/" + sc.sessionId + "/end", sc.inspectorToken, new JsonObject().put("result", "PASS"), 200);
            try (WsClient observer = sc.node.socket(null)) {
                assertThat(sc.joinWithInvitation(observer, late).getString("code")).isEqualTo("session-closed");
            }
        }
    }

    @Test
    void aSessionThatNeverWentLiveDoesNotOutliveItsWindow() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        sc.f.clock.set(sc.windowStart.plus(Duration.ofMinutes(65)));
        try (WsClient phone = sc.node.socket(null)) {
            assertThat(sc.joinWithInvitation(phone, token).getString("code")).isEqualTo("token-expired");
        }
        // a new link would be dead on arrival: it is not issued
        JsonObject refused = sc.node.call("POST", "/api/sessions/" + sc.sessionId + "/invitations",
                SignalingScenario.bearer(sc.inspectorToken), new JsonObject().put("role", "CONTRACTOR").put("displayName", "山田（再招待）"))
                .bodyAsJsonObject();
        assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("window-ended");
    }

    @Test
    void onlySomeoneWhoLeadsTheSessionMakesItLiveAndOnlyInItsWindowAndItsLinksThenCloseAtTheLongestOverrun() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "山田"));
        Instant nextWeek = sc.windowStart.plus(Duration.ofDays(7));
        reschedule(nextWeek, 200);
        token = SignalingScenario.tokenOf(sc.node.call("GET", "/api/sessions/" + sc.sessionId + "/invitations",
                SignalingScenario.bearer(sc.inspectorToken), null).bodyAsJsonArray().getJsonObject(0));
        String clerkToken = sc.login("clerk1");
        String inspectorToken = sc.inspectorToken;

        // a week ahead, the clerk and then the inspector open the call page: both get in, nothing changes
        try (WsClient clerk = sc.node.socket(null); WsClient inspector = sc.node.socket(null)) {
            assertThat(sc.joinWithLogin(clerk, clerkToken).getString("role")).isEqualTo("OBSERVER");
            assertThat(sc.joinWithLogin(inspector, inspectorToken).getString("type")).isEqualTo("welcome");
        }
        assertThat(status(inspectorToken)).isEqualTo("SCHEDULED");
        reschedule(nextWeek, 200); // still movable

        // in the window: the clerk and the contractor wait; the session goes live when the inspector comes
        sc.f.clock.set(nextWeek.minus(Duration.ofMinutes(20)));
        clerkToken = sc.login("clerk1");
        inspectorToken = sc.login("inspector1"); // a login lasts 12 h
        try (WsClient clerk = sc.node.socket(null); WsClient phone = sc.node.socket(null); WsClient inspector = sc.node.socket(null)) {
            sc.joinWithLogin(clerk, clerkToken);
            assertThat(sc.joinWithInvitation(phone, token).getString("type")).isEqualTo("welcome");
            assertThat(status(inspectorToken)).isEqualTo("SCHEDULED");
            sc.joinWithLogin(inspector, inspectorToken);
            assertThat(status(inspectorToken)).isEqualTo("LIVE");
        }

        // nobody ended it: its links admit their guests the longest session length past the window, no longer
        Instant windowEnd = nextWeek.plus(Duration.ofHours(1));
        sc.f.clock.set(windowEnd.plus(Duration.ofHours(12)).minusSeconds(1));
        try (WsClient phone = sc.node.socket(null)) {
            assertThat(sc.joinWithInvitation(phone, token).getString("type")).isEqualTo("welcome");
        }
        sc.f.clock.set(windowEnd.plus(Duration.ofDays(90)));
        try (WsClient phone = sc.node.socket(null)) {
            assertThat(sc.joinWithInvitation(phone, token).getString("code")).isEqualTo("token-expired");
        }
        assertThat(sc.node.call("GET", "/api/guest/session", "Invitation " + token, null).statusCode()).isEqualTo(401);
        assertThat(sc.node.call("POST", "/api/sessions/" + sc.sessionId + "/invitations", SignalingScenario.bearer(sc.login("inspector1")),
                new JsonObject().put("role", "OBSERVER").put("displayName", "課長")).statusCode()).isEqualTo(409);
    }

    private String status(String loginToken) throws Exception {
        return sc.node.call("GET", "/api/sessions/" + sc.sessionId, SignalingScenario.bearer(loginToken), null)
                .bodyAsJsonObject().getString("status");
    }

    private void reschedule(Instant start, int expectedStatus) throws Exception {
        sc.post("/api/sessions/" + sc.sessionId + "/reschedule", sc.inspectorToken, new JsonObject()
                .put("windowStart", start.atOffset(ZoneOffset.ofHours(9)).toString())
                .put("windowEnd", start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.ofHours(9)).toString()), expectedStatus);
    }
}
