package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.rinjo.media.control.Annotation;
import jp.rinjo.media.control.SessionEnd;
import jp.rinjo.media.recording.evidence.CanonicalJson;

/**
 * The session's annotations as the manifest signs them (each with the contractor's video it was drawn on, null when
 * signaling kept none), and a statement when signaling kept fewer than it was sent.
 */
class AnnotationAttachmentsTest {
    static final Annotation LINE = new Annotation("2026-11-27T05:03:00.123456Z", "par_a", "INSPECTOR", "line",
            List.of(List.of(3000, 6000), List.of(3100, 6050)), "#ff3b30", null, "par_site");

    @Test
    void eachAnnotationIsACanonicalJsonMapInTheOrderMade() {
        Map<String, List<Object>> attachments = AnnotationAttachments.of(new SessionEnd(List.of(), null,
                List.of(LINE, new Annotation("2026-11-27T05:03:09Z", "par_a", "INSPECTOR", "clear", List.of(), null, null, null)), 0));
        assertThat(CanonicalJson.string(attachments.get("annotations"))).isEqualTo("[{\"at\":\"2026-11-27T05:03:00.123456Z\","
                + "\"by\":\"par_a\",\"color\":\"#ff3b30\",\"label\":null,\"points\":[[3000,6000],[3100,6050]],\"role\":\"INSPECTOR\","
                + "\"shape\":\"line\",\"target\":\"par_site\"},{\"at\":\"2026-11-27T05:03:09Z\",\"by\":\"par_a\",\"color\":null,\"label\":null,"
                + "\"points\":[],\"role\":\"INSPECTOR\",\"shape\":\"clear\",\"target\":null}]");
        assertThat(AnnotationAttachments.problems(new SessionEnd(List.of(), null, List.of(LINE), 0))).isEmpty();
        assertThat(AnnotationAttachments.of(new SessionEnd(List.of(), null, List.of(), 0))).isEmpty();
    }

    @Test
    void annotationsSignalingDidNotKeepAreStatedAsAProblem() {
        assertThat(AnnotationAttachments.problems(new SessionEnd(List.of(), null, List.of(LINE), 42)))
                .singleElement().asString().isEqualTo("42 more annotations were made than the 1 kept for the session: they are not in this manifest");
    }
}
