package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/**
 * With two contractors streaming, a mark belongs to one picture: every annotation names its target, the
 * contractor whose video it was drawn on; one that names no contractor of the session is refused with an
 * error and neither relayed nor kept; one that does is relayed to everyone with its target and kept with it.
 */
class AnnotationTargetTest extends ScenarioTest {
    static JsonObject pointer(String ref, String target, double x) {
        JsonObject m = new JsonObject().put("type", "annotation").put("ref", ref).put("shape", "pointer")
                .put("points", new JsonArray().add(new JsonArray().add(x).add(0.5)));
        return target == null ? m : m.put("target", target);
    }

    @Test
    void aMarkNamesAContractorOfTheSessionOrIsRefusedAndNeitherRelayedNorKept() throws Exception {
        String tokenA = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        String tokenB = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "職長 鈴木"));
        try (WsClient inspector = sc.node.socket(null); WsClient a = sc.node.socket(null); WsClient b = sc.node.socket(null)) {
            String inspectorId = sc.joinWithLogin(inspector, sc.inspectorToken).getString("participantId");
            String siteA = sc.joinWithInvitation(a, tokenA).getString("participantId");
            String siteB = sc.joinWithInvitation(b, tokenB).getString("participantId");
            inspector.awaitPresence("joined", siteB);

            inspector.send(pointer("none", null, 0.1));
            assertThat(inspector.awaitError("validation-failed").getString("message")).contains("target");
            inspector.send(pointer("bad", "par_not-an-id", 0.1));
            assertThat(inspector.awaitError("validation-failed").getString("ref")).isEqualTo("bad");
            inspector.send(pointer("self", inspectorId, 0.1));
            JsonObject notContractor = inspector.awaitError("validation-failed");
            assertThat(notContractor.getString("ref")).isEqualTo("self");
            assertThat(notContractor.getString("message")).contains("not a contractor");
            inspector.send(pointer("gone", ParticipantId.random().value(), 0.1));
            JsonObject absent = inspector.awaitError("not-found");
            assertThat(absent.getString("ref")).isEqualTo("gone");
            assertThat(absent.getString("message")).contains("not in this session");

            // then two that are right: one on each picture; what was refused before them reached nobody
            inspector.send(pointer("on-a", siteA, 0.3));
            inspector.send(new JsonObject().put("type", "annotation").put("ref", "clear-b").put("shape", "clear").put("target", siteB));
            for (WsClient phone : new WsClient[] {a, b}) {
                JsonObject first = phone.await("annotation");
                assertThat(first.getString("target")).isEqualTo(siteA);
                assertThat(first.getString("from")).isEqualTo(inspectorId);
                assertThat(first.getJsonArray("points").getJsonArray(0).getDouble(0)).isEqualTo(0.3);
                JsonObject second = phone.await("annotation");
                assertThat(second.getString("shape")).isEqualTo("clear");
                assertThat(second.getString("target")).isEqualTo(siteB);
            }
            inspector.assertAlive();

            // kept for the recording with the picture each was drawn on; the refused ones not at all
            var kept = sc.f.scheduling.annotations();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (kept.forSession(SessionId.of(sc.sessionId)).annotations().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // kept on a worker after the relay
            }
            assertThat(kept.forSession(SessionId.of(sc.sessionId)).annotations()).extracting(SessionAnnotation::shape,
                    x -> x.target().value()).containsExactly(org.assertj.core.groups.Tuple.tuple("pointer", siteA),
                    org.assertj.core.groups.Tuple.tuple("clear", siteB));
            assertThat(kept.forSession(SessionId.of(sc.sessionId)).notKept()).isZero();

            // a contractor who has left is no longer a picture anyone sees
            b.send(new JsonObject().put("type", "leave"));
            inspector.awaitPresence("left", siteB);
            inspector.send(pointer("left", siteB, 0.6));
            assertThat(inspector.awaitError("not-found").getString("ref")).isEqualTo("left");
            assertThat(a.poll(m -> "annotation".equals(m.getString("type")), Duration.ofMillis(300))).isNull();
        }
    }
}
