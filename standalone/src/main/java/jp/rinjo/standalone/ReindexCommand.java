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
 * S3), against the configured database. Safe to run as often as wanted, and while the system runs
 * on PostgreSQL; the embedded database is held by the running standalone, so there it needs the
 * standalone stopped (or POST /api/archive/reindex instead). Exit status 0 when every manifest was
 * indexed, 1 when some were not (each named) or the database is in use.
 */
public final class ReindexCommand {
    private ReindexCommand() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** @return the exit status */
    static int run(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println("usage: rinjo reindex [--config rinjo.properties] [--data DIR]");
            return 0;
        }
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args, System.getenv(), System.getProperties());
        } catch (RuntimeException e) {
            System.err.println("reindex: " + e.getMessage());
            return 2;
        }
        MaintenanceSetup setup = MaintenanceSetup.from(options);
        RecordingConfig recording = setup.recording();
        DatabaseConfig dbConfig = setup.database();
        Reindexer.Report r;
        try (Database db = setup.openDatabase("use POST /api/archive/reindex as an admin");
             EvidenceStore store = recording.openStore()) {
            Archive archive = Archive.create(db, store, ArchiveConfig.from(setup.paths(), recording.signingKeyFile()), Clock.systemUTC());
            System.out.println("reindexing " + store.capabilities().description() + " into " + dbConfig.url());
            r = archive.services().audit().reindexAsSystem("reindex command (" + System.getProperty("user.name") + ")");
        } catch (MaintenanceSetup.DatabaseUnavailable e) {
            System.err.println("reindex: " + e.getMessage());
            return 1;
        }
        System.out.printf("%d manifests: %d new, %d updated, %d failed; %d indexed recordings have no manifest in the store;"
                        + " %d sessions have segments but are not sealed%n",
                r.manifests(), r.inserted(), r.updated(), r.failed(), r.missingFromStore(), r.unsealed());
        r.problems().forEach(p -> System.out.println("  " + p));
        return r.failed() == 0 ? 0 : 1;
    }
}
