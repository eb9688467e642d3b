package jp.rinjo.media.recording.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects findings in the order they are made. */
final class Findings {
    private final List<Finding> list = new ArrayList<>();

    void error(Finding.Code code, String subject, String message) {
        error(code, subject, message, Map.of());
    }

    void error(Finding.Code code, String subject, String message, Map<String, String> params) {
        list.add(new Finding(Finding.Severity.ERROR, code, subject, message, params));
    }

    void warning(Finding.Code code, String subject, String message) {
        warning(code, subject, message, Map.of());
    }

    void warning(Finding.Code code, String subject, String message, Map<String, String> params) {
        list.add(new Finding(Finding.Severity.WARNING, code, subject, message, params));
    }

    void info(Finding.Code code, String subject, String message) {
        info(code, subject, message, Map.of());
    }

    void info(Finding.Code code, String subject, String message, Map<String, String> params) {
        list.add(new Finding(Finding.Severity.INFO, code, subject, message, params));
    }

    /**
     * Adds the participant's display name, as the signed manifest gives it, to every finding about a
     * participant's track: the page names people, not ids.
     */
    void nameParticipants(Map<String, String> names) {
        list.replaceAll(f -> names.containsKey(f.params().get("participant"))
                ? f.with(Map.of("participantName", names.get(f.params().get("participant")))) : f);
    }

    List<Finding> all() {
        return list;
    }
}
