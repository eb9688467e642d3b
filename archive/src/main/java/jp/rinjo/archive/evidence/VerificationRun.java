package jp.rinjo.archive.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jp.rinjo.archive.index.Integrity;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/**
 * Verifies a recording where it is stored, with the same {@link Verifier} as the {@code verify}
 * command, plus one check only the archive can make: that the manifest is the one indexed when the
 * session was sealed (a manifest replaced and re-signed with another key is caught by the trusted
 * key; this catches it even without one), and that each stored rendition is the one indexed then.
 */
public final class VerificationRun {
    private VerificationRun() {
    }

    public record Outcome(Integrity integrity, VerificationReport report) {
    }

    public static Outcome run(EvidenceStore store, RecordingEntry e, Verifier.Options options, Path workDir, Instant now) throws IOException {
        VerificationReport report;
        try (SessionFolder folder = SessionFolder.of(store, e.evidence().objectPrefix(), workDir)) {
            report = new Verifier(options).verify(folder.path());
            List<Finding> findings = new ArrayList<>(report.findings());
            Path manifest = folder.path().resolve(ObjectKeys.MANIFEST);
            if (Files.isRegularFile(manifest)) {
                String actual = Sha256.digest(Files.readAllBytes(manifest)).hex();
                if (!actual.equals(e.evidence().manifestSha256())) {
                    findings.add(Integrity.manifestNotIndexed(actual, e.evidence().manifestSha256()));
                }
            }
            checkIndexedRenditions(folder.path(), e, findings);
            report = new VerificationReport(findings, report.tracks(), report.segmentsListed(), report.segmentsVerified());
        }
        // the errors and warnings are kept, with their codes, for the page to say after a reload; the facts (INFO) are not
        List<Finding> kept = report.findings().stream().filter(f -> f.severity() != Finding.Severity.INFO).toList();
        Integrity integrity = report.ok()
                ? new Integrity(Integrity.Status.OK, now, report.segmentsVerified() + " of " + report.segmentsListed() + " segments verified",
                kept)
                : new Integrity(Integrity.Status.FAILED, now, String.join("\n", report.errors().stream().map(Finding::toString).toList()), kept);
        return new Outcome(integrity, report);
    }

    private static String name(RecordingEntry e, String participantId) {
        return e.participants().stream().filter(p -> p.id().equals(participantId)).map(p -> p.displayName()).filter(n -> n != null)
                .findFirst().orElse(null);
    }

    /**
     * Each rendition must still be the one indexed at seal: renditions.json is not signed, so a rendition
     * replaced together with its entry there passes the verifier's check, not this one.
     */
    private static void checkIndexedRenditions(Path folder, RecordingEntry e, List<Finding> findings) throws IOException {
        for (RenditionEntry r : e.renditions()) {
            String relative = "renditions/" + r.key().substring(r.key().lastIndexOf('/') + 1);
            Path file = folder.resolve(relative);
            boolean named = findings.stream().anyMatch(x -> x.severity() == Finding.Severity.ERROR && x.subject().equals(relative));
            if (named || !Files.isRegularFile(file)) {
                continue;
            }
            String actual = Sha256.ofFile(file).hex();
            if (!actual.equals(r.sha256())) {
                findings.add(new Finding(Finding.Severity.ERROR, Finding.Code.RENDITION_NOT_INDEXED, relative, "not the rendition indexed when "
                        + "the session was sealed (SHA-256 " + actual + ", indexed " + r.sha256() + "): the playable copy was altered or replaced, "
                        + "and renditions.json with it. The signed evidence (manifest and segments) is not affected",
                        Finding.params("file", relative.substring(relative.lastIndexOf('/') + 1), "participant", r.participantId(),
                        "participantName", name(e, r.participantId()))));
            }
        }
    }
}
