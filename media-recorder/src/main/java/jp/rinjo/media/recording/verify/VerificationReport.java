package jp.rinjo.media.recording.verify;

import java.util.List;

/**
 * What {@link Verifier} found.
 *
 * @param segmentsVerified segments whose bytes, hash and chain link all checked
 */
public record VerificationReport(List<Finding> findings, int tracks, int segmentsListed, int segmentsVerified) {
    public VerificationReport {
        findings = List.copyOf(findings);
    }

    /** No errors: every listed segment present and intact, chain, signature (and time-stamp, if any) valid. */
    public boolean ok() {
        return errors().isEmpty();
    }

    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).toList();
    }

    public List<Finding> of(Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }
}
