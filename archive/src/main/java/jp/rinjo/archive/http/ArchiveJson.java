package jp.rinjo.archive.http;

import java.time.Instant;
import java.util.List;

import jp.rinjo.archive.audit.AuditRecord;
import jp.rinjo.archive.evidence.Timeline;
import jp.rinjo.archive.evidence.VerificationRun;
import jp.rinjo.archive.index.Integrity;
import jp.rinjo.archive.index.ParticipantEntry;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.archive.index.SearchPage;
import jp.rinjo.archive.retention.Retention;
import jp.rinjo.archive.service.ArchiveService;
import jp.rinjo.archive.service.EvidenceCopyJob;
import jp.rinjo.archive.service.ExportJob;
import jp.rinjo.signaling.http.Views;
import jp.rinjo.signaling.http.Views.TimeView;

/** JSON shapes of the archive API; times as {@code {utc, jst, display}} like the rest of the API. */
final class ArchiveJson {
    private ArchiveJson() {
    }

    record ContractJson(String no, String name, String contractor, String department) {
    }

    /** The last verification; findings: its errors and warnings (none for a result kept before they were, the detail says it). */
    /** @param errors how many errors the last verification found; {@code findings} holds the first ones (as many as the index keeps) */
    record IntegrityJson(String status, TimeView checkedAt, String detail, List<FindingJson> findings, int errors) {
    }

    record RecordingSummary(String sessionId, ContractJson contract, String inspectionType, String inspectionTypeLabel,
                            String inspectorId, String inspectorName, String place, String result, TimeView recordedFrom,
                            TimeView recordedTo, long durationSeconds, long sizeBytes, int participants, int markers, int stills,
                            int gaps, boolean timestamped, IntegrityJson integrity, String url) {
    }

    record Page(List<RecordingSummary> items, int offset, int limit, boolean hasMore) {
    }

    record RenditionJson(String participantId, String participantName, String container, String contentType, int width, int height,
                         long sizeBytes, long durationMicros, long startWallMicros, String sha256, String url, String downloadUrl) {
    }

    record RetentionJson(int years, boolean defaultYears, TimeView until, boolean running, boolean legalHold, String holdReason,
                         boolean deletable) {
    }

    record EvidenceJson(String objectPrefix, String manifestSha256, String signingKeyId, boolean timestamped, TimeView sealedAt,
                        int tracks, int segments, int gaps) {
    }

    /**
     * @param lateResult the session's result recorded afterwards (事後記録), null when none: from the database, not the
     *                   manifest, so neither signed nor verified; recording.result stays the session's own (LAPSED), as its manifest has it
     */
    record Detail(RecordingSummary recording, List<ParticipantEntry> participants, List<RenditionJson> renditions,
                  EvidenceJson evidence, RetentionJson retention, TimelineJson timeline, TimeView windowStart, TimeView windowEnd,
                  Views.LateResultView lateResult) {
    }

    record TimelineJson(long startWallMicros, long endWallMicros, TimeView start, TimeView end, List<Timeline.Lane> lanes,
                        List<jp.rinjo.archive.evidence.ManifestSummary.Gap> gaps, List<Timeline.Mark> markers, List<Timeline.Mark> stills,
                        List<jp.rinjo.archive.evidence.SignedAnnotation> annotations) {
    }

    /**
     * One finding: code and params for the page to say it in its reader's language (code null: show message), subject and
     * message the verify command's English, kept as the technical detail.
     */
    record FindingJson(String severity, String code, java.util.Map<String, String> params, String subject, String message) {
    }

    record VerifyJson(String status, TimeView checkedAt, int tracks, int segmentsListed, int segmentsVerified, List<FindingJson> findings) {
    }

    record ExportJson(String id, String sessionId, String state, long bytesDone, long totalBytes, int objectsDone, int objects,
                      String fileName, String error, String statusUrl, String downloadUrl) {
    }

    record EvidenceCopyJson(String id, String sessionId, String participantId, String state, int progress, int frames, String fileName,
                            String error, String statusUrl, String downloadUrl) {
    }

    /** @param actionLabel the action in Japanese, as the pages show it */
    record AuditJson(long seq, TimeView at, String actorId, String actorName, String actorRole, String action, String actionLabel,
                     String sessionId, String contractNo, String outcome, String detail, String prevHash, String hash) {
    }

    static String recordingUrl(RecordingEntry e) {
        return "/api/archive/recordings/" + e.sessionId().value();
    }

    static RecordingSummary summary(RecordingEntry e) {
        return new RecordingSummary(e.sessionId().value(), new ContractJson(e.contract().no().value(), e.contract().name(),
                e.contract().contractor(), e.contract().department()), e.inspection().type().name(), e.inspection().type().label(),
                e.inspection().inspectorId(), e.inspection().inspectorName(), e.inspection().place(), e.inspection().resultKind(),
                TimeView.of(e.recordedFrom()), TimeView.of(e.recordedTo()), e.duration().toSeconds(), e.evidence().sizeBytes(),
                e.participants().size(), e.evidence().markers(), e.evidence().stills(), e.evidence().gaps(), e.evidence().timestamped(),
                integrity(e.integrity()), recordingUrl(e));
    }

    static IntegrityJson integrity(Integrity i) {
        return new IntegrityJson(i.status().name(), TimeView.of(i.checkedAt()), i.detail(), findings(i.findings()), i.errors());
    }

    static Page page(SearchPage p) {
        return new Page(p.items().stream().map(ArchiveJson::summary).toList(), p.offset(), p.limit(), p.hasMore());
    }

    static Detail detail(ArchiveService.RecordingView v, Instant now) {
        RecordingEntry e = v.entry();
        List<RenditionJson> renditions = e.renditions().stream().map(r -> rendition(e, r)).toList();
        Retention r = v.retention();
        Timeline t = v.timeline();
        return new Detail(summary(e), e.participants(), renditions,
                new EvidenceJson(e.evidence().objectPrefix(), e.evidence().manifestSha256(), e.evidence().signingKeyId(),
                        e.evidence().timestamped(), TimeView.of(e.evidence().sealedAt()), e.evidence().tracks(), e.evidence().segments(),
                        e.evidence().gaps()),
                new RetentionJson(r.years(), r.defaultYears(), TimeView.of(r.until()), r.running(now), r.legalHold(), r.holdReason(),
                        r.deletable(now)),
                t == null ? null : new TimelineJson(t.startWallMicros(), t.endWallMicros(), TimeView.of(micros(t.startWallMicros())),
                        TimeView.of(micros(t.endWallMicros())), t.lanes(), t.gaps(), t.markers(), t.stills(), t.annotations()),
                TimeView.of(e.inspection().windowStart()), TimeView.of(e.inspection().windowEnd()), Views.LateResultView.of(v.late()));
    }

    static RenditionJson rendition(RecordingEntry e, RenditionEntry r) {
        String name = e.participants().stream().filter(p -> p.id().equals(r.participantId())).map(ParticipantEntry::displayName)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        String url = recordingUrl(e) + "/renditions/" + r.participantId();
        return new RenditionJson(r.participantId(), name, r.container(), r.contentType(), r.width(), r.height(), r.size(), r.durationMicros(),
                r.startWallMicros(), r.sha256(), url, url + "?download=1");
    }

    static VerifyJson verify(VerificationRun.Outcome o) {
        var rep = o.report();
        return new VerifyJson(o.integrity().status().name(), TimeView.of(o.integrity().checkedAt()), rep.tracks(), rep.segmentsListed(),
                rep.segmentsVerified(), findings(rep.findings()));
    }

    static List<FindingJson> findings(List<jp.rinjo.media.recording.verify.Finding> findings) {
        return findings.stream().map(f -> new FindingJson(f.severity().name(), f.code(), f.params(), f.subject(), f.message())).toList();
    }

    static ExportJson export(ExportJob j) {
        String base = "/api/archive/exports/" + j.id();
        return new ExportJson(j.id(), j.entry().sessionId().value(), j.state().name(), j.bytesDone(), j.plan().totalBytes(),
                j.objectsDone(), j.plan().objects().size(), j.fileName(), j.error(), base, base + "/download");
    }

    static EvidenceCopyJson evidenceCopy(EvidenceCopyJob j) {
        String base = "/api/archive/evidence-copies/" + j.id();
        return new EvidenceCopyJson(j.id(), j.entry().sessionId().value(), j.rendition().participantId(), j.state().name(), j.progress(),
                j.frames(), j.fileName(), j.error(), base, base + "/download");
    }

    static AuditJson audit(AuditRecord r) {
        var e = r.event();
        return new AuditJson(r.seq(), TimeView.of(r.at()), e.actorId(), e.actorName(), e.actorRole(), e.action().name(), e.action().label(),
                e.sessionId(),
                e.contractNo(), e.outcome().name(), e.detail(), r.prevHash(), r.hash());
    }

    static Instant micros(long wallMicros) {
        return jp.rinjo.archive.evidence.ManifestSummary.micros(wallMicros);
    }

}
