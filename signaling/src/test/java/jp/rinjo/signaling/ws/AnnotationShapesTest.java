package jp.rinjo.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.annotation.FramePoint;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.testing.ScenarioTest;
import jp.rinjo.signaling.testing.SignalingScenario;
import jp.rinjo.signaling.testing.WsClient;

/**
 * A circle (丸: the corners of the box it fills) and an arrow (矢印: its tail, then its head) are drawn from
 * exactly two points: with fewer or more the sender gets validation-failed and the mark is neither
 * relayed nor kept; with two it is relayed with its points in order and kept for the recording.
 */
class AnnotationShapesTest extends ScenarioTest {
    static JsonObject mark(String ref, String shape, String target, double... xy) {
        JsonArray points = new JsonArray();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new JsonArray().add(xy[i]).add(xy[i + 1]));
        }
        return new JsonObject().put("type", "annotation").put("ref", ref).put("shape", shape).put("target", target).put("points", points);
    }

    @Test
    void aCircleOrAnArrowHasExactlyTwoPointsOrIsRefusedAndNeitherRelayedNorKept() throws Exception {
        String token = SignalingScenario.tokenOf(sc.invite("CONTRACTOR", "現場代理人 山田"));
        try (WsClient inspector = sc.node.socket(null); WsClient phone = sc.node.socket(null)) {
            sc.joinWithLogin(inspector, sc.inspectorToken);
            String site = sc.joinWithInvitation(phone, token).getString("participantId");
            inspector.awaitPresence("joined", site);

            JsonObject[] wrong = {
                mark("circle-none", "circle", site),
                mark("circle-one", "circle", site, 0.2, 0.3),
                mark("circle-three", "circle", site, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
                mark("arrow-one", "arrow", site, 0.5, 0.5),
                mark("arrow-line", "arrow", site, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3),
            };
            for (JsonObject m : wrong) {
                inspector.send(m);
                JsonObject error = inspector.awaitError("validation-failed");
                assertThat(error.getString("ref")).isEqualTo(m.getString("ref"));
                assertThat(error.getString("message")).contains("exactly 2 points");
            }

            inspector.send(mark("circle", "circle", site, 0.2, 0.3, 0.4, 0.6));
            inspector.send(mark("arrow", "arrow", site, 0.8, 0.9, 0.55, 0.5));
            // what was refused before them reached nobody: the phone's first two marks are these
            JsonObject circle = phone.await("annotation");
            assertThat(circle.getString("shape")).isEqualTo("circle");
            assertThat(circle.getJsonArray("points")).isEqualTo(new JsonArray().add(new JsonArray().add(0.2).add(0.3))
                    .add(new JsonArray().add(0.4).add(0.6)));
            JsonObject arrow = phone.await("annotation");
            assertThat(arrow.getString("shape")).isEqualTo("arrow");
            // tail first, head last: the order says which end the head is drawn on
            assertThat(arrow.getJsonArray("points")).isEqualTo(new JsonArray().add(new JsonArray().add(0.8).add(0.9))
                    .add(new JsonArray().add(0.55).add(0.5)));
            inspector.assertAlive();

            var kept = sc.f.scheduling.annotations();
            SessionId session = SessionId.of(sc.sessionId);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (kept.forSession(session).annotations().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10); // kept on a worker after the relay
            }
            assertThat(kept.forSession(session).annotations()).extracting(SessionAnnotation::shape, SessionAnnotation::points)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("circle", List.of(new FramePoint(2000, 3000), new FramePoint(4000, 6000))),
                            org.assertj.core.groups.Tuple.tuple("arrow", List.of(new FramePoint(8000, 9000), new FramePoint(5500, 5000))));
            assertThat(phone.poll(m -> "annotation".equals(m.getString("type")), Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void theKeptRecordRefusesACircleOrArrowWithoutTwoPoints() {
        SessionId session = SessionId.random();
        ParticipantId by = ParticipantId.random();
        for (String shape : new String[] {"circle", "arrow"}) {
            assertThatThrownBy(() -> new SessionAnnotation(session, Instant.EPOCH, by, ParticipantRole.INSPECTOR, shape,
                    List.of(new FramePoint(1, 1)), null, null, by)).isInstanceOf(RinjoException.class).hasMessageContaining("exactly 2 points");
        }
    }
}
