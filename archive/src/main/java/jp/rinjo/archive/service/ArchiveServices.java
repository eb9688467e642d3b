package jp.rinjo.archive.service;

import java.util.Optional;

import java.time.Clock;

import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.audit.AuditLog;
import jp.rinjo.archive.index.ContractMatcher;
import jp.rinjo.archive.index.Indexer;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.index.Reindexer;
import jp.rinjo.archive.retention.PolicyRepository;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.lateresult.LateResults;
import jp.rinjo.scheduling.user.UserRepository;

/** The archive's services, sharing one guard (access policy and audit log). */
public record ArchiveServices(ArchiveService recordings, ExportService exports, EvidenceCopyService evidenceCopies,
                              RenditionService renditions, TimestampService timestamps, RetentionService retention, AuditService audit)
        implements AutoCloseable {

    public static ArchiveServices create(RecordingIndex index, ContractMatcher contracts, AuditLog audit, PolicyRepository policies,
                                         UserRepository users, ContractRepository contractRepository, EvidenceStore store,
                                         LateResults lateResults,
                                         Indexer indexer, Reindexer reindexer, ArchiveConfig config, Clock clock,
                                         Optional<TimestampClient> tsa) {
        Guard guard = new Guard(audit, index);
        return new ArchiveServices(new ArchiveService(index, contracts, policies, users, store, lateResults, config, guard, clock),
                new ExportService(store, config, guard, clock),
                new EvidenceCopyService(store, config, guard, clock),
                new RenditionService(store, indexer, config, guard),
                new TimestampService(store, indexer, config, guard, tsa),
                new RetentionService(index, policies, contractRepository, store, config, guard, clock),
                new AuditService(audit, reindexer, guard));
    }

    /** Stops the evidence copy encoder (the other services hold no threads). */
    @Override
    public void close() {
        evidenceCopies.close();
    }
}
