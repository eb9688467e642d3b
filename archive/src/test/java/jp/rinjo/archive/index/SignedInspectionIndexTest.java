package jp.rinjo.archive.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.archive.jdbc.JdbcRecordingIndex;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.evidence.InspectionInfo;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.sfu.TestTracks;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.jdbc.JdbcSessionRepository;
import jp.rinjo.scheduling.jdbc.JdbcUserRepository;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.testing.TestDatabases;

/**
 * A recording whose session this database does not know (its store indexed by another deployment,
 * or restored into a fresh one) is listed with the inspection its manifest signs, not as an
 * anonymous 契約不明 "other" inspection; its department stays empty, so only admins see it until
 * the contract is registered here.
 */
class SignedInspectionIndexTest {
    @TempDir
    Path dir;

    @Test
    void aSessionUnknownHereIsIndexedWithTheInspectionItsManifestSigns() throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        SessionId session = SessionId.random();
        ParticipantId contractor = ParticipantId.random();
        SealResult sealed;
        // a remote media node files under sessions/{id}: only the signed inspection names the contract
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("node"), store, c -> c, Optional.empty(), s -> Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 1).rtp(60, 900, 10_000).senderReport();
            h.awaitWritten(60);
            sealed = h.recorder.seal(session, SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "現場代理人 山田", "CONTRACTOR")),
                    Optional.of(new InspectionInfo("R8道路第12号", "市道1号線舗装補修工事", "株式会社 臨場建設", "道路課", "MATERIAL_CHECK",
                            "材料確認", "2026-11-27T14:00:00+09:00", "2026-11-27T15:00:00+09:00", "本町1丁目交差点", "監督 太郎",
                            "ENDED", "FAIL", "不合格", null, "2026-11-27T15:10:00+09:00"))))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(sealed.objectPrefix()).isEqualTo("sessions/" + session.value());

        Database db = TestDatabases.h2(dir.resolve("db")); // a fresh deployment: no contract, no session
        try {
            Indexer indexer = new Indexer(store, new JdbcSessionRepository(db), new JdbcContractRepository(db), new JdbcUserRepository(db),
                    new JdbcRecordingIndex(db), Clock.systemUTC());
            RecordingEntry e = indexer.entry(sealed.objectPrefix());

            assertThat(e.contract()).isEqualTo(new ContractRef(ContractNo.of("R8道路第12号"), "市道1号線舗装補修工事", "株式会社 臨場建設", ""));
            assertThat(e.inspection().type()).isEqualTo(InspectionType.MATERIAL_CHECK);
            assertThat(e.inspection().inspectorName()).isEqualTo("監督 太郎");
            assertThat(e.inspection().inspectorId()).isEmpty();
            assertThat(e.inspection().place()).isEqualTo("本町1丁目交差点");
            assertThat(e.inspection().resultKind()).isEqualTo("FAIL");
            assertThat(e.inspection().windowStart()).isEqualTo(Instant.parse("2026-11-27T05:00:00Z"));
            assertThat(e.inspection().windowEnd()).isEqualTo(Instant.parse("2026-11-27T06:00:00Z"));
        } finally {
            db.close();
        }
    }
}
