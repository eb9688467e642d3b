package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * What the inspector pointed at during the call (指し示し), as the recording's signed manifest lists it, on the
 * recording's page: each annotation with its signed time, its offset from the start of the recording, who made it
 * and its points and the contractor's video it was drawn on (two phones streamed), under the recording's access
 * rules and audited with it; a manifest sealed before marks named their video lists them without one, and one
 * sealed before annotations were kept (no such field) shows none.
 */
class ArchiveAnnotationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    ArchiveScenario sc;

    @AfterEach
    void tearDown() throws Exception {
        if (sc != null) {
            sc.close();
        }
    }

    static Map<String, Object> annotation(Instant at, String by, String shape, List<List<Long>> points, String target) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("by", by);
        m.put("role", "INSPECTOR");
        m.put("shape", shape);
        m.put("points", new ArrayList<Object>(points));
        m.put("color", "#ff3b30");
        m.put("label", null);
        m.put("target", target);
        return m;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Test
    void aSealedRecordingListsWhatWasPointedAtWithOffsetsAndAnotherDepartmentIsRefused() throws Exception {
        List<Instant> made = new ArrayList<>();
        sc = new ArchiveScenario(dir, (start, inspector, siteA, siteB) -> {
            Instant pointer = start.plus(Duration.ofMillis(500));
            Instant line = start.plus(Duration.ofMillis(1200));
            Instant clear = start.plus(Duration.ofMillis(1500));
            made.addAll(List.of(pointer, line, clear));
            return List.of(annotation(pointer, inspector, "pointer", List.of(List.of(3000L, 6000L)), siteA),
                    annotation(line, inspector, "line", List.of(List.of(2000L, 2000L), List.of(4123L, 3000L), List.of(6000L, 4000L)), siteB),
                    annotation(clear, inspector, "clear", List.of(), siteA));
        });

        JsonObject detail = sc.json("GET", sc.recordingPath(), sc.token("inspector1"), null, 200);
        JsonObject timeline = detail.getJsonObject("timeline");
        String siteA = sc.recorded.contractor.value();
        String siteB = sc.recorded.secondContractor.value();
        // each phone's video is there to play, by its participant id: what a player draws a mark's target over
        assertThat(detail.getJsonArray("renditions").stream().map(r -> ((JsonObject) r).getString("participantId")))
                .containsExactlyInAnyOrder(siteA, siteB);

        JsonArray list = timeline.getJsonArray("annotations");
        assertThat(list).hasSize(3);
        long start = timeline.getLong("startWallMicros");
        JsonObject pointer = list.getJsonObject(0);
        assertThat(pointer.getString("shape")).isEqualTo("pointer");
        assertThat(pointer.getString("at")).isEqualTo(made.get(0).toString());
        assertThat(pointer.getLong("atWallMicros")).isEqualTo(micros(made.get(0)));
        assertThat(pointer.getLong("offsetMicros")).as("from the first recorded packet, which came just after the scenario noted the start")
                .isEqualTo(micros(made.get(0)) - start).isBetween(0L, 500_000L);
        assertThat(pointer.getString("by")).isEqualTo(sc.recorded.inspector.value());
        assertThat(pointer.getString("byName")).isEqualTo("監督員 佐藤");
        assertThat(pointer.getString("role")).isEqualTo("INSPECTOR");
        assertThat(pointer.getString("color")).isEqualTo("#ff3b30");
        assertThat(pointer.getJsonArray("points").encode()).isEqualTo("[[3000,6000]]");
        assertThat(pointer.getString("target")).isEqualTo(siteA);
        assertThat(pointer.getString("targetName")).isEqualTo("現場代理人 山田");
        JsonObject line = list.getJsonObject(1);
        assertThat(line.getString("shape")).isEqualTo("line");
        assertThat(line.getString("target")).isEqualTo(siteB);
        assertThat(line.getString("targetName")).isEqualTo("職長 鈴木");
        assertThat(line.getJsonArray("points").encode()).isEqualTo("[[2000,2000],[4123,3000],[6000,4000]]");
        assertThat(line.getLong("offsetMicros") - pointer.getLong("offsetMicros")).isEqualTo(700_000L);
        assertThat(list.getJsonObject(2).getString("shape")).isEqualTo("clear");
        assertThat(list.getJsonObject(2).getJsonArray("points")).isEmpty();
        assertThat(list.getJsonObject(2).getString("target")).isEqualTo(siteA);

        // the recording of 道路課 is not found for 河川課's inspector, and nothing of it is shown
        var refused = sc.call("GET", sc.recordingPath(), sc.token("inspector2"), null);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.bodyAsString()).doesNotContain("annotations").doesNotContain("3000");

        // both attempts are in the audit log, as the recording's other details are
        var rows = sc.archive.audit().list(sc.sessionId.value(), null, 50);
        assertThat(rows).anySatisfy(a -> {
            assertThat(a.event().action().name()).isEqualTo("VIEW");
            assertThat(a.event().outcome()).isEqualTo(AuditOutcome.OK);
            assertThat(a.event().actorName()).isNotEqualTo("河川 次郎");
        });
        assertThat(rows).anySatisfy(a -> {
            assertThat(a.event().action().name()).isEqualTo("VIEW");
            assertThat(a.event().outcome()).isIn(AuditOutcome.DENIED, AuditOutcome.NOT_FOUND);
            assertThat(a.event().actorName()).isEqualTo("河川 次郎");
        });
    }

    @Test
    void marksSealedBeforeTheyNamedTheirVideoAreListedWithoutOne() throws Exception {
        sc = new ArchiveScenario(dir, (start, inspector, siteA, siteB) -> List.of(
                annotation(start.plusMillis(500), inspector, "pointer", List.of(List.of(3000L, 6000L)), siteA)));
        // as sealed before marks named their video: no target key (the page reads, it does not verify)
        Path manifest = sc.folder().resolve(ObjectKeys.MANIFEST);
        ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
        m.withArray("annotations").forEach(a -> ((ObjectNode) a).remove("target"));
        Files.write(manifest, JSON.writeValueAsBytes(m));

        JsonObject pointer = sc.json("GET", sc.recordingPath(), sc.token("inspector1"), null, 200).getJsonObject("timeline")
                .getJsonArray("annotations").getJsonObject(0);

        assertThat(pointer.getString("shape")).isEqualTo("pointer");
        assertThat(pointer.getValue("target")).as("the player draws it over the first contractor's video, as before").isNull();
        assertThat(pointer.getValue("targetName")).isNull();
    }

    @Test
    void aManifestWithoutTheAnnotationsFieldShowsNone() throws Exception {
        sc = new ArchiveScenario(dir);
        // sealed before annotations were kept: the field is not there (the page reads, it does not verify)
        Path manifest = sc.folder().resolve(ObjectKeys.MANIFEST);
        ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
        assertThat(m.has("annotations")).as("today's manifests have the field").isTrue();
        m.remove("annotations");
        Files.write(manifest, JSON.writeValueAsBytes(m));

        JsonObject timeline = sc.json("GET", sc.recordingPath(), sc.token("inspector1"), null, 200).getJsonObject("timeline");

        assertThat(timeline.getJsonArray("annotations")).isEmpty();
        assertThat(timeline.getJsonArray("stills")).as("the rest of the timeline as before").hasSize(1);
    }
}
