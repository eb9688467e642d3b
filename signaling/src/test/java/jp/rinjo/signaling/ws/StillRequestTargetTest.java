package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/**
 * With two contractors streaming, the inspector's 静止画 is taken by the phone whose video is on his stage: a
 * still-request names its target and goes to that phone only (and back to the asker), never to the other
 * phone or an observer; one that names no contractor of the session is refused as an annotation is and
 * reaches nobody.
 */
class StillRequestTargetTest extends ScenarioTest {
    static JsonObject still(String ref, String target) {
        JsonObject m = new JsonObject().put("type", "still-request").put("ref", ref);
        return target == null ? m : m.put("target", target);
    }

    /**
     * What reached this client before the inspector's chat {@code mark}: the room's messages arrive in the order
     * they were sent, so a still-request sent to it before the chat would come first.
     */
    static JsonObject nextStillRequestOrChat(WsClient c, String mark) throws InterruptedException {
        return c.await(m -> "still-request".equals(m.getString("type"))
                || ("chat".equals(m.getString("type")) && mark.equals(m.getString("text"))), "still-request or chat " + mark);
    }

    @Test
    void aStillRequestGoesToTheContractorItNamesOnlyOrIsRefusedAndReachesNobody() throws Exception {
        String tokenA = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        String tokenB = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "職長 鈴木"));
        String tokenO = SignalingScenario.tokenOf(sc.invite("OBSERVER", "立会 花子"));
        try (WsClient inspector = sc.node.socket(null); WsClient a = sc.node.socket(null); WsClient b = sc.node.socket(null);
             WsClient observer = sc.node.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            String siteA = sc.joinWithInvitation(a, tokenA).getString("participantId");
            String siteB = sc.joinWithInvitation(b, tokenB).getString("participantId");
            String observerId = sc.joinWithInvitation(observer, tokenO).getString("participantId");
            inspector.awaitPresence("joined", observerId);

            // refused with the codes an annotation's target gets
            inspector.send(still("none", null));
            JsonObject missing = inspector.awaitError("validation-failed");
            assertThat(missing.getString("ref")).isEqualTo("none");
            assertThat(missing.getString("message")).contains("target");
            inspector.send(still("bad", "par_not-an-id"));
            assertThat(inspector.awaitError("validation-failed").getString("ref")).isEqualTo("bad");
            inspector.send(still("self", inspectorId));
            JsonObject self = inspector.awaitError("validation-failed");
            assertThat(self.getString("ref")).isEqualTo("self");
            assertThat(self.getString("message")).contains("not a contractor");
            inspector.send(still("observer", observerId));
            assertThat(inspector.awaitError("validation-failed").getString("message")).contains("not a contractor");
            inspector.send(still("gone", ParticipantId.random().value()));
            JsonObject absent = inspector.awaitError("not-found");
            assertThat(absent.getString("ref")).isEqualTo("gone");
            assertThat(absent.getString("message")).contains("not in this session");

            // A on the stage: A's phone is asked, and told it is the one meant
            inspector.send(still("on-a", siteA));
            JsonObject mineA = inspector.await(m -> "still-request".equals(m.getString("type")) && "on-a".equals(m.getString("ref")), "on-a");
            assertThat(mineA.getString("target")).isEqualTo(siteA);
            JsonObject toA = a.await("still-request");
            assertThat(toA.getString("id")).as("the first request A gets: none refused before reached it").isEqualTo(mineA.getString("id"));
            assertThat(toA.getString("target")).isEqualTo(siteA);
            assertThat(toA.getString("from")).isEqualTo(inspectorId);

            // B on the stage: B's phone is asked
            inspector.send(still("on-b", siteB));
            JsonObject mineB = inspector.await(m -> "still-request".equals(m.getString("type")) && "on-b".equals(m.getString("ref")), "on-b");
            assertThat(mineB.getString("target")).isEqualTo(siteB);
            assertThat(mineB.getString("id")).isNotEqualTo(mineA.getString("id"));
            JsonObject toB = b.await("still-request");
            assertThat(toB.getString("id")).as("B was not asked for A's still").isEqualTo(mineB.getString("id"));
            assertThat(toB.getString("target")).isEqualTo(siteB);

            // the room is told something after both: A had nothing more before it (not B's request), the observer nothing at all
            inspector.send(new JsonObject().put("type", "chat").put("text", "after"));
            assertThat(nextStillRequestOrChat(a, "after").getString("type")).isEqualTo("chat");
            assertThat(nextStillRequestOrChat(b, "after").getString("type")).isEqualTo("chat");
            assertThat(nextStillRequestOrChat(observer, "after").getString("type")).isEqualTo("chat");

            // a contractor who has left takes no still
            b.send(new JsonObject().put("type", "leave"));
            inspector.awaitPresence("left", siteB);
            inspector.send(still("left", siteB));
            assertThat(inspector.awaitError("not-found").getString("ref")).isEqualTo("left");
            inspector.send(new JsonObject().put("type", "chat").put("text", "end"));
            assertThat(nextStillRequestOrChat(a, "end").getString("type")).isEqualTo("chat");
            assertThat(nextStillRequestOrChat(observer, "end").getString("type")).isEqualTo("chat");
        }
    }
}
