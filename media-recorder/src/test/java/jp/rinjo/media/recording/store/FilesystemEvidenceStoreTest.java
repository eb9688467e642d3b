package jp.rinjo.media.recording.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemEvidenceStoreTest extends EvidenceStoreContract {
    @TempDir
    Path root;
    FilesystemEvidenceStore store;

    @BeforeEach
    void open() throws Exception {
        store = new FilesystemEvidenceStore(root);
    }

    @Override
    EvidenceStore store() {
        return store;
    }

    @Test
    void objectsAreFilesAtTheirKeyAndNoTemporaryFileIsLeft() throws Exception {
        Path f = file("a", "bytes");
        store.put("sessions/s/tracks/t/0.seg", f, sha(f), SEG);
        assertThat(root.resolve("sessions/s/tracks/t/0.seg")).hasContent("bytes");
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("0.seg");
        }
    }

    @Test
    void deletingTheLastObjectOfASessionRemovesItsEmptyFoldersButNotTheRoot() throws Exception {
        Path f = file("a", "bytes");
        store.put("contracts/C1/sessions/s/tracks/t/0.seg", f, sha(f), SEG);
        store.delete("contracts/C1/sessions/s/tracks/t/0.seg");
        assertThat(root).exists().isEmptyDirectory();
    }

    @Test
    void aFileAlteredInTheDirectoryIsSeenByStat() throws Exception {
        Path f = file("a", "original");
        store.put("sessions/s/manifest.json", f, sha(f), SEG);
        Files.writeString(root.resolve("sessions/s/manifest.json"), "altered");
        assertThat(store.stat("sessions/s/manifest.json").orElseThrow().sha256()).isNotEqualTo(java.util.Optional.of(sha(f)));
    }

    /**
     * A seal lists a session's tracks while another node's uploads rename their temporary files into place
     * (and a sealed session's files are deleted): the listing sees each file or not, and never fails.
     */
    @Test
    void listingWhileOtherThreadsPutAndDeleteNeverFails() throws Exception {
        Path f = file("a", "bytes");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    String key = "sessions/s/tracks/t" + (i % 3) + "/" + i + ".seg";
                    store.put(key, f, sha(f), SEG);
                    store.delete(key); // the last of its track: its folder goes too
                    changes.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        try {
            int lists = 0;
            while (changes.get() < 300 && writer.isAlive()) {
                assertThat(store.list("sessions/s/tracks/")).allSatisfy(o -> assertThat(o.key()).endsWith(".seg"));
                lists++;
            }
            assertThat(writer.isAlive()).as("the writer kept going").isTrue();
            assertThat(lists).isPositive();
        } finally {
            stop.set(true);
            writer.join();
        }
    }
}
