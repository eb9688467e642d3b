package jp.rinjo.media.recording;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.rinjo.media.control.Annotation;
import jp.rinjo.media.control.SessionEnd;

/**
 * What the manifest signs of the session's annotations (EVIDENCE.md, {@code annotations}): each as a map of
 * canonical-JSON values, in the order made; and, when signaling kept fewer than it was sent, a line for
 * the manifest's problems saying how many are missing.
 */
final class AnnotationAttachments {
    private AnnotationAttachments() {
    }

    static Map<String, List<Object>> of(SessionEnd end) {
        if (end.annotations().isEmpty()) {
            return Map.of();
        }
        List<Object> list = new ArrayList<>(end.annotations().size());
        for (Annotation a : end.annotations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", a.at());
            m.put("by", a.by());
            m.put("role", a.role());
            m.put("shape", a.shape());
            m.put("points", a.points().stream().<Object>map(xy -> xy.stream().map(Integer::longValue).toList()).toList());
            m.put("color", a.color());
            m.put("label", a.label());
            m.put("target", a.target()); // null: not known (kept before marks named the video they were drawn on)
            list.add(m);
        }
        return Map.of("annotations", list);
    }

    static List<String> problems(SessionEnd end) {
        return end.annotationsNotKept() > 0
                ? List.of(end.annotationsNotKept() + " more annotations were made than the " + end.annotations().size()
                        + " kept for the session: they are not in this manifest")
                : List.of();
    }
}
