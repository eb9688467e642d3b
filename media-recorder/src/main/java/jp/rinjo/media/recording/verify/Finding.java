package jp.rinjo.media.recording.verify;

/**
 * One result of verification.
 *
 * @param severity ERROR: the evidence is not intact as stated; WARNING: checked only partly (say
 *                 what to add); INFO: facts, gaps and interruptions included (they are evidence, not errors)
 * @param subject  what it is about: {@code manifest.json}, {@code tracks/trk_…/3.seg}, {@code chain}
 */
public record Finding(Severity severity, String subject, String message) {
    public enum Severity {
        ERROR, WARNING, INFO
    }

    @Override
    public String toString() {
        return String.format("%-7s %s: %s", severity, subject, message);
    }
}
