package jp.rinjo.media.recording.verify;

import java.util.ArrayList;
import java.util.List;

/** Collects findings in the order they are made. */
final class Findings {
    private final List<Finding> list = new ArrayList<>();

    void error(String subject, String message) {
        list.add(new Finding(Finding.Severity.ERROR, subject, message));
    }

    void warning(String subject, String message) {
        list.add(new Finding(Finding.Severity.WARNING, subject, message));
    }

    void info(String subject, String message) {
        list.add(new Finding(Finding.Severity.INFO, subject, message));
    }

    List<Finding> all() {
        return list;
    }
}
