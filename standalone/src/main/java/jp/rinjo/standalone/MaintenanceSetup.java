package jp.rinjo.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import jp.rinjo.common.config.Settings;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;

/**
 * What a maintenance command ({@code reindex}, {@code seal-lost}) works on, read from the same
 * configuration and data folder as the running system: its evidence store and signing key, and its
 * database (a small pool: the command is one thread).
 *
 * @param paths the settings with the data folder's defaults applied (spool, store, keys)
 */
record MaintenanceSetup(Settings settings, Path dataDir, Settings paths, RecordingConfig recording, DatabaseConfig database) {
    /** H2's "Database may be already in use": another process holds the embedded database file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /**
     * The embedded database cannot be used: a running standalone holds it (one process at a time may open
     * it), or the data folder holds none (a mistyped --data would otherwise get a new, empty one).
     */
    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(String message) {
            super(message);
        }
    }

    /**
     * Opens the database.
     *
     * @param whileRunning what to do instead while the standalone runs, or null when nothing can
     * @throws DatabaseUnavailable when a running standalone holds the embedded database, or there is none
     */
    Database openDatabase(String whileRunning) {
        if (settings.optional("db.url").isEmpty() && !Files.exists(dataDir.resolve("db").resolve("rinjo.mv.db"))) {
            throw new DatabaseUnavailable("no Rinjo database in " + dataDir + " (db/rinjo.mv.db): is this the data folder the "
                    + "standalone runs with? give it with --data (or --config with its data.dir)");
        }
        try {
            return Database.open(database);
        } catch (RuntimeException e) {
            if (heldByAnotherProcess(e)) {
                throw new DatabaseUnavailable("the embedded database in " + dataDir + " is in use by the running standalone: stop it first"
                        + (whileRunning == null ? "" : ", or while it runs " + whileRunning));
            }
            throw e;
        }
    }

    /** Whether opening the database failed because another process holds the embedded database file. */
    static boolean heldByAnotherProcess(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    static MaintenanceSetup from(StandaloneOptions options) {
        Settings settings = options.settings();
        Path dataDir = settings.path("data.dir").toAbsolutePath();
        Settings paths = Main.underDataDir(settings, dataDir);
        DatabaseConfig database = settings.optional("db.url")
                .map(url -> new DatabaseConfig(url, settings.optional("db.user").orElse(""), settings.optional("db.password").orElse(""), 2))
                .orElseGet(() -> DatabaseConfig.embedded(dataDir));
        return new MaintenanceSetup(settings, dataDir, paths, RecordingConfig.from(paths), database);
    }
}
