package jp.rinjo.standalone;

import java.nio.file.Path;

import jp.rinjo.common.config.Settings;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;

/**
 * What a maintenance command ({@code reindex}, {@code seal-lost}) works on, read from the same
 * configuration and data folder as the running system: its evidence store and signing key, and its
 * database (a small pool: the command is one thread).
 *
 * @param paths the settings with the data folder's defaults applied (spool, store, keys)
 */
record MaintenanceSetup(Settings settings, Path dataDir, Settings paths, RecordingConfig recording, DatabaseConfig database) {

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
