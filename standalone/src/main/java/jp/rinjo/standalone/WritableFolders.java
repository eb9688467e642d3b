package jp.rinjo.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jp.rinjo.common.config.Settings;

/**
 * The folders a standalone writes to, checked by writing in each before anything starts. A folder the
 * service user cannot write to would otherwise let it start and say it runs (the embedded database
 * opens read-only), and fail only at the first inspection: recording into the spool, or sealing.
 */
final class WritableFolders {
    private WritableFolders() {
    }

    /** @param settings with the recorder's and archive's paths already under the data folder */
    static void require(Path dataDir, Settings settings) {
        Map<Path, String> folders = new LinkedHashMap<>();
        folders.put(dataDir, "the data folder (--data, data.dir)");
        folders.putIfAbsent(settings.path("recording.spool-dir").toAbsolutePath(), "recording.spool-dir");
        if ("filesystem".equals(settings.string("recording.store"))) {
            folders.putIfAbsent(settings.path("recording.store.filesystem.root").toAbsolutePath(), "recording.store.filesystem.root");
        }
        folders.putIfAbsent(settings.path("archive.work-dir").toAbsolutePath(), "archive.work-dir");
        folders.forEach(WritableFolders::requireWritable);
    }

    private static void requireWritable(Path folder, String setting) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartFailure("cannot write in " + folder + " (" + setting + "): " + e
                    + "; give the user running Rinjo (" + System.getProperty("user.name") + ") write access to it, or choose another folder", e);
        }
    }
}
