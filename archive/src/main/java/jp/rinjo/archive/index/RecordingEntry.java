package jp.rinjo.archive.index;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.SessionId;

/**
 * One sealed recording as the archive knows it: which contract and inspection it belongs to, when
 * it was recorded, who took part, where its evidence is and what the last verification found.
 * Built from the signed manifest (times, participants, counts) plus the scheduling database
 * (contract, inspection type, inspector) when the session is sealed or reindexed.
 *
 * @param recordedFrom the first recorded packet of any track (or the session's creation when nothing was recorded)
 * @param recordedTo   the last one (or the seal)
 */
public record RecordingEntry(SessionId sessionId, ContractRef contract, InspectionInfo inspection, Instant recordedFrom,
                             Instant recordedTo, EvidenceInfo evidence, List<ParticipantEntry> participants,
                             List<RenditionEntry> renditions, Integrity integrity, Instant indexedAt) {
    public RecordingEntry {
        Require.present(sessionId, "sessionId");
        Require.present(contract, "contract");
        Require.present(inspection, "inspection");
        Require.present(recordedFrom, "recordedFrom");
        Require.present(recordedTo, "recordedTo");
        Require.that(!recordedTo.isBefore(recordedFrom), "recordedTo must not be before recordedFrom");
        Require.present(evidence, "evidence");
        participants = List.copyOf(participants);
        renditions = List.copyOf(renditions);
        Require.present(integrity, "integrity");
        Require.present(indexedAt, "indexedAt");
    }

    public Duration duration() {
        return Duration.between(recordedFrom, recordedTo);
    }

    public RecordingEntry withIntegrity(Integrity i) {
        return new RecordingEntry(sessionId, contract, inspection, recordedFrom, recordedTo, evidence, participants, renditions, i,
                indexedAt);
    }
}
