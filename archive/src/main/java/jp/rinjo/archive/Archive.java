package jp.rinjo.archive;

import java.util.Optional;

import java.io.IOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.archive.audit.AuditLog;
import jp.rinjo.archive.index.Indexer;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.archive.index.Reindexer;
import jp.rinjo.archive.jdbc.JdbcAuditLog;
import jp.rinjo.archive.jdbc.JdbcContractDirectory;
import jp.rinjo.archive.jdbc.JdbcPolicyRepository;
import jp.rinjo.archive.jdbc.JdbcRecordingIndex;
import jp.rinjo.archive.retention.PolicyRepository;
import jp.rinjo.archive.service.ArchiveServices;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.JdbcContractRepository;
import jp.rinjo.scheduling.jdbc.JdbcLateResults;
import jp.rinjo.scheduling.jdbc.JdbcSessionRepository;
import jp.rinjo.scheduling.jdbc.JdbcUserRepository;

/**
 * The archive wired onto the one database and the evidence store: index, audit log, retention and
 * the services the REST routes call. All of it blocks (JDBC, store): call it off event loops.
 */
public final class Archive {
    private static final Logger log = LoggerFactory.getLogger(Archive.class);
    private final Database db;
    private final EvidenceStore store;
    private final ArchiveConfig config;
    private final RecordingIndex index;
    private final JdbcContractDirectory contracts;
    private final AuditLog audit;
    private final PolicyRepository policies;
    private final Indexer indexer;
    private final ArchiveServices services;

    private Archive(Database db, EvidenceStore store, ArchiveConfig config, Clock clock, Optional<TimestampClient> tsa) {
        this.db = db;
        this.store = store;
        this.config = config;
        this.index = new JdbcRecordingIndex(db);
        this.contracts = new JdbcContractDirectory(db);
        this.audit = new JdbcAuditLog(db, clock);
        this.policies = new JdbcPolicyRepository(db);
        JdbcUserRepository users = new JdbcUserRepository(db);
        JdbcContractRepository contractRepository = new JdbcContractRepository(db);
        this.indexer = new Indexer(store, new JdbcSessionRepository(db), contractRepository, users, index, clock);
        Reindexer reindexer = new Reindexer(store, indexer, index, clock);
        this.services = ArchiveServices.create(index, contracts, audit, policies, users, contractRepository, store,
                new JdbcLateResults(db), indexer, reindexer,
                config, clock, tsa);
    }

    public static Archive create(Database db, EvidenceStore store, ArchiveConfig config, Clock clock) {
        return create(db, store, config, clock, Optional.empty());
    }

    /** With the time-stamping authority the recorder uses, to time-stamp a manifest it could not stamp at seal. */
    public static Archive create(Database db, EvidenceStore store, ArchiveConfig config, Clock clock, Optional<TimestampClient> tsa) {
        return new Archive(db, store, config, clock, tsa);
    }

    /**
     * Indexes a session the media node just sealed (on the sealing thread). A failure is logged, not
     * thrown: the evidence is sealed and safe, and reindexing picks it up.
     */
    public void sealed(SealResult sealed) {
        index(sealed.objectPrefix(), sealed.sessionId());
    }

    /**
     * Indexes a session a media node in another process sealed, from the shared evidence store. Such
     * a node does not know contracts, so its objects are under {@code sessions/{id}}; the index takes
     * the contract from the database. Blocks (store, database); failures are logged, as above.
     */
    public void sealedByRemoteNode(SessionId session) {
        index(ObjectKeys.sessionPrefix(session, Optional.empty()), session.value());
    }

    private void index(String objectPrefix, String session) {
        try {
            indexer.index(objectPrefix);
            log.info("session {} indexed in the archive", session);
        } catch (IOException | RuntimeException e) {
            log.error("session {} is sealed but could not be indexed ({}); reindex to add it", session, e.toString(), e);
        }
    }

    public ArchiveServices services() {
        return services;
    }

    public Indexer indexer() {
        return indexer;
    }

    public RecordingIndex index() {
        return index;
    }

    public AuditLog audit() {
        return audit;
    }

    public EvidenceStore store() {
        return store;
    }

    public ArchiveConfig config() {
        return config;
    }

    public JdbcContractDirectory contracts() {
        return contracts;
    }

    public Database database() {
        return db;
    }
}
