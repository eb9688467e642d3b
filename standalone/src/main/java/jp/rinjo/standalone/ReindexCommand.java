package jp.rinjo.standalone;

import java.time.Clock;

import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.index.Reindexer;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;

/**
 * {@code ./rinjo reindex [--config file] [--data dir]}: rebuilds the archive's index from every
 * sealed session's manifest in the evidence store (the one the configuration names: a folder or
 * S3), against the configured database. Safe to run while the system runs and as often as wanted.
 * Exit status 0 when every manifest was indexed, 1 when some were not (each named).
 */
public final class ReindexCommand {
    private ReindexCommand() {
    }

    public static void main(String[] args) throws Exception {
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args, System.getenv(), System.getProperties());
        } catch (RuntimeException e) {
            System.err.println("reindex: " + e.getMessage());
            System.exit(2);
            return;
        }
        MaintenanceSetup setup = MaintenanceSetup.from(options);
        RecordingConfig recording = setup.recording();
        DatabaseConfig dbConfig = setup.database();
        Reindexer.Report r;
        try (Database db = Database.open(dbConfig); EvidenceStore store = recording.openStore()) {
            Archive archive = Archive.create(db, store, ArchiveConfig.from(setup.paths(), recording.signingKeyFile()), Clock.systemUTC());
            System.out.println("reindexing " + store.capabilities().description() + " into " + dbConfig.url());
            r = archive.services().audit().reindexAsSystem("reindex command (" + System.getProperty("user.name") + ")");
        }
        System.out.printf("%d manifests: %d new, %d updated, %d failed; %d indexed recordings have no manifest in the store;"
                        + " %d sessions have segments but are not sealed%n",
                r.manifests(), r.inserted(), r.updated(), r.failed(), r.missingFromStore(), r.unsealed());
        r.problems().forEach(p -> System.out.println("  " + p));
        System.exit(r.failed() == 0 ? 0 : 1);
    }
}
