package jp.rinjo.archive.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.rinjo.archive.index.ContractRef;
import jp.rinjo.archive.index.EvidenceInfo;
import jp.rinjo.archive.index.InspectionInfo;
import jp.rinjo.archive.index.Integrity;
import jp.rinjo.archive.index.ParticipantEntry;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RenditionEntry;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.session.InspectionType;

/** Index entries built directly (no store behind them), for repository tests and the benchmark. */
public final class Entries {
    private Entries() {
    }

    public static RecordingEntry entry(String sessionId, ContractRef contract, InspectionType type, String inspectorId, Instant from,
                                       Duration length) {
        String prefix = "contracts/" + contract.no().value() + "/sessions/" + sessionId;
        return new RecordingEntry(SessionId.of(sessionId), contract,
                new InspectionInfo(type, inspectorId, "監督 " + inspectorId, "現場", "PASS", from.minusSeconds(300), from.plusSeconds(3600)),
                from, from.plus(length),
                new EvidenceInfo(prefix, "a".repeat(64), "b".repeat(64), false, from.plus(length).plusSeconds(1), 1_000_000L * length.toSeconds(),
                        2, (int) length.toSeconds() / 2, 0, 0, 0),
                List.of(new ParticipantEntry("par_00000000000000000001", "現場代理人 山田", "CONTRACTOR")),
                List.of(new RenditionEntry("par_00000000000000000001", prefix + "/renditions/p.mp4", "c".repeat(64), 1000, "mp4", 640, 480,
                        length.toMillis() * 1000, 0)),
                Integrity.unverified(), from.plus(length).plusSeconds(2));
    }

    public static ContractRef contract(String no, String name, String department) {
        return new ContractRef(ContractNo.of(no), name, "株式会社 臨場建設", department);
    }

    /** {@code ses_} plus 20 base32 characters from a number: sorts like the number. */
    public static String sessionId(long n) {
        return "ses_" + String.format("%020d", n);
    }
}
