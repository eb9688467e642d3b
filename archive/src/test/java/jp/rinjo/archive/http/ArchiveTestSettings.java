package jp.rinjo.archive.http;

import java.nio.file.Path;
import java.util.Map;

import jp.rinjo.common.config.Settings;

/** Every setting ArchiveConfig.from requires, with the values of archive-defaults.properties where it has one. */
final class ArchiveTestSettings {
    private ArchiveTestSettings() {
    }

    static Settings required(Path dir) {
        return Settings.of(Map.of("archive.retention-years", "10", "archive.play-audit-window", "30m", "archive.export-job-ttl", "1h",
                "archive.threads", "2", "archive.stream-threads", "2", "archive.work-dir", dir.resolve("work").toString(),
                "archive.thumbnail-cache-mb", "32"));
    }
}
