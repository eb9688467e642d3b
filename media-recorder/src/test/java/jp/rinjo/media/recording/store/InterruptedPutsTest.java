package jp.rinjo.media.recording.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Opening the folder store removes what puts of a killed process left (their hidden temporary
 * files, over an hour old) and nothing else: not a put that may still be under way, not another
 * hidden file, not an object, however old.
 */
class InterruptedPutsTest {
    private static final String TRACK = "sessions/ses_0123456789abcdefghjk/tracks/trk_0123456789abcdefghjk/";

    @TempDir
    Path root;
    @TempDir
    Path local;

    @Test
    void openingTheStoreRemovesTheOldTemporaryFilesOfInterruptedPutsOnly() throws Exception {
        FilesystemEvidenceStore first = new FilesystemEvidenceStore(root);
        assertThat(first.swept().get(10, TimeUnit.SECONDS)).isEqualTo(new InterruptedPuts.Removed(0, 0));
        Path segment = local.resolve("0.seg");
        Files.writeString(segment, "segment bytes", StandardCharsets.UTF_8);
        Sha256 sha = Sha256.digest(Files.readAllBytes(segment));
        first.put(TRACK + "0.seg", segment, sha, PutOptions.of(PutOptions.SEGMENT_TYPE));
        Path trackDir = first.pathOf(TRACK + "0.seg").getParent();

        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        Path killedMidPut = write(trackDir.resolve(".1.seg.tmp-" + UUID.randomUUID()), 1000, twoHoursAgo);
        Path killedInOtherSession = write(root.resolve("sessions/ses_abcdefghjk0123456789/.manifest.json.tmp-" + UUID.randomUUID()), 20,
                twoHoursAgo);
        Path underWay = write(trackDir.resolve(".2.seg.tmp-" + UUID.randomUUID()), 500, Instant.now().minusSeconds(30));
        Path notOurs = write(trackDir.resolve(".1.seg.tmp-notauuid"), 7, twoHoursAgo);
        Path hidden = write(root.resolve(".operator-notes"), 7, twoHoursAgo);
        Files.setLastModifiedTime(first.pathOf(TRACK + "0.seg"), FileTime.from(twoHoursAgo));

        FilesystemEvidenceStore reopened = new FilesystemEvidenceStore(root);
        assertThat(reopened.swept().get(10, TimeUnit.SECONDS)).isEqualTo(new InterruptedPuts.Removed(2, 1020));

        assertThat(killedMidPut).doesNotExist();
        assertThat(killedInOtherSession).doesNotExist();
        assertThat(underWay).as("a put of another process may still be writing it").exists();
        assertThat(notOurs).exists();
        assertThat(hidden).exists();
        assertThat(reopened.stat(TRACK + "0.seg").orElseThrow().sha256()).contains(sha);
        assertThat(reopened.list("sessions/")).extracting(StoredObject::key).containsExactly(TRACK + "0.seg");
    }

    private static Path write(Path file, int bytes, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
