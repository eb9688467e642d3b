package jp.rinjo.media.recording.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the spool's folder names tell about set-aside sessions, also for a folder an operator renamed
 * or whose note is missing: it is at risk all the same. Everything else in the spool is not listed.
 */
class SetAsideWatchTest {
    @TempDir
    Path spool;
    @TempDir
    Path kept;

    @Test
    void everySetAsideFolderIsListedOldestFirstAndNothingElse() throws Exception {
        Path set = Files.createDirectories(spool.resolve("ses_0123456789abcdefghjk.set-aside-20260105T013000250Z"));
        Files.writeString(set.resolve(SetAside.NOTE), "  the store refused 0.seg\n");
        Path renamed = Files.createDirectories(spool.resolve("ses_abcdefghjk0123456789.set-aside-copy"));
        Instant copied = Instant.parse("2025-12-24T03:00:00Z");
        Files.setLastModifiedTime(renamed, FileTime.from(copied));
        Files.createDirectories(spool.resolve("ses_zzzzzzzzzz0123456789/tracks")); // a session being recorded
        Files.writeString(spool.resolve("node-id"), "node_x\n");
        Files.writeString(spool.resolve("ses_yyyyyyyyyy0123456789.set-aside-notes.txt"), "an operator's file, not a folder");

        try (SetAsideWatch watch = new SetAsideWatch(spool)) {
            watch.refresh();
            assertThat(watch.current()).containsExactly(
                    new SetAsideSession("ses_abcdefghjk0123456789", renamed.toAbsolutePath(), copied, "no SET-ASIDE.txt in it"),
                    new SetAsideSession("ses_0123456789abcdefghjk", set.toAbsolutePath(), Instant.parse("2026-01-05T01:30:00.250Z"),
                            "the store refused 0.seg"));

            Files.move(set, kept.resolve(set.getFileName())); // the operator keeps it where evidence is kept
            watch.refresh();
            assertThat(watch.current()).extracting(SetAsideSession::session).containsExactly("ses_abcdefghjk0123456789");
        }
    }
}
