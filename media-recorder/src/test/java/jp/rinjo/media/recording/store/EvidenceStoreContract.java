package jp.rinjo.media.recording.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.format.Sha256;

/** What every {@link EvidenceStore} promises; run against the filesystem store and against S3 (s3proxy). */
abstract class EvidenceStoreContract {
    @TempDir
    Path local;

    /** A fresh, empty store. */
    abstract EvidenceStore store();

    Path file(String name, String content) throws Exception {
        Path p = local.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static Sha256 sha(Path p) throws Exception {
        return Sha256.digest(Files.readAllBytes(p));
    }

    static final PutOptions SEG = PutOptions.of(PutOptions.SEGMENT_TYPE);

    @Test
    void anObjectPutIsReadBackWithItsSizeAndHash() throws Exception {
        Path f = file("a", "segment bytes 0123456789");
        String key = "sessions/ses_0123456789abcdefghjk/tracks/trk_0123456789abcdefghjk/0.seg";
        StoredObject put = store().put(key, f, sha(f), SEG);
        assertThat(put.key()).isEqualTo(key);
        assertThat(put.size()).isEqualTo(Files.size(f));
        assertThat(put.sha256()).contains(sha(f));
        try (InputStream in = store().open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
        }
        assertThat(store().stat(key)).get().extracting(StoredObject::sha256).isEqualTo(Optional.of(sha(f)));
        assertThat(store().exists(key)).isTrue();
    }

    @Test
    void putIsIdempotentForTheSameBytesAndRefusesOtherBytes() throws Exception {
        Path f = file("a", "first");
        Path g = file("b", "second");
        String key = "sessions/ses_0123456789abcdefghjk/manifest.json";
        store().put(key, f, sha(f), PutOptions.of("application/json"));
        assertThat(store().put(key, f, sha(f), PutOptions.of("application/json")).sha256()).contains(sha(f));
        assertThatThrownBy(() -> store().put(key, g, sha(g), PutOptions.of("application/json")))
                .isInstanceOfSatisfying(EvidenceStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EvidenceStoreException.Kind.CONFLICT);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("never overwritten");
        try (InputStream in = store().open(key)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void aFileThatDoesNotMatchItsDeclaredHashIsNotStored() throws Exception {
        Path f = file("a", "bytes on disk");
        Sha256 wrong = Sha256.digest("other bytes".getBytes(StandardCharsets.UTF_8));
        String key = "sessions/ses_0123456789abcdefghjk/tracks/t/1.seg";
        assertThatThrownBy(() -> store().put(key, f, wrong, SEG))
                .isInstanceOfSatisfying(EvidenceStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(EvidenceStoreException.Kind.CORRUPT_SOURCE));
        assertThat(store().exists(key)).isFalse();
    }

    @Test
    void listingByPrefixIsRecursiveSortedAndExact() throws Exception {
        Path f = file("a", "x");
        String s1 = "contracts/R8土木第123号/sessions/ses_0123456789abcdefghjk/";
        for (String k : List.of(s1 + "tracks/trk_b/1.seg", s1 + "tracks/trk_a/0.seg", s1 + "manifest.json",
                s1 + "tracks/trk_a/10.seg", "contracts/R8土木第124号/sessions/ses_x/manifest.json")) {
            store().put(k, f, sha(f), SEG);
        }
        assertThat(store().list(s1).stream().map(StoredObject::key)).containsExactly(
                s1 + "manifest.json", s1 + "tracks/trk_a/0.seg", s1 + "tracks/trk_a/10.seg", s1 + "tracks/trk_b/1.seg");
        assertThat(store().list(s1 + "tracks/trk_a/")).hasSize(2).allSatisfy(o -> assertThat(o.size()).isEqualTo(1));
        assertThat(store().list("contracts/R8土木第12")).hasSize(5);
        assertThat(store().list("sessions/")).isEmpty();
    }

    @Test
    void oneLevelIsListedWithTheLevelsBelowAsPrefixesAndNothingUnderThem() throws Exception {
        Path f = file("a", "x");
        String s1 = "contracts/R8土木第123号/sessions/ses_0123456789abcdefghjk/";
        for (String k : List.of(s1 + "tracks/trk_b/1.seg", s1 + "tracks/trk_a/0.seg", s1 + "manifest.json", s1 + "manifest.sig",
                "contracts/R8土木第124号/sessions/ses_x/manifest.json", "sessions/ses_y/tracks/trk_c/0.seg")) {
            store().put(k, f, sha(f), SEG);
        }
        assertThat(children("")).containsExactlyInAnyOrder("contracts/", "sessions/");
        assertThat(children("contracts/")).containsExactlyInAnyOrder("contracts/R8土木第123号/", "contracts/R8土木第124号/");
        assertThat(children(s1)).containsExactlyInAnyOrder(s1 + "manifest.json", s1 + "manifest.sig", s1 + "tracks/");
        assertThat(children(s1 + "tracks/trk_a/")).containsExactly(s1 + "tracks/trk_a/0.seg");
        assertThat(children("sessions/ses_z/")).isEmpty();
        assertThatThrownBy(() -> children("contracts")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> children("../")).isInstanceOf(IllegalArgumentException.class);
    }

    List<String> children(String prefix) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        store().forEachChild(prefix, out::add);
        return out;
    }

    @Test
    void missingObjectsAreReportedAsSuch() throws Exception {
        assertThat(store().stat("sessions/none/manifest.json")).isEmpty();
        assertThat(store().exists("sessions/none/manifest.json")).isFalse();
        assertThatThrownBy(() -> store().open("sessions/none/manifest.json"))
                .isInstanceOfSatisfying(EvidenceStoreException.class, e -> assertThat(e.kind()).isEqualTo(EvidenceStoreException.Kind.NOT_FOUND));
    }

    @Test
    void unsafeKeysAreRefused() throws Exception {
        Path f = file("a", "x");
        for (String bad : List.of("../escape", "/abs", "a//b", "a/./b", "a/../b", "a\\b", "a/.hidden", "")) {
            assertThatThrownBy(() -> store().put(bad, f, sha(f), SEG)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void capabilitiesSayWhetherObjectsAreLocked() throws Exception {
        StoreCapabilities c = store().capabilities();
        assertThat(c.kind()).isIn("filesystem", "s3");
        assertThat(c.description()).isNotBlank();
        assertThat(c.objectLock()).isEqualTo(expectsObjectLock());
    }

    /** Neither the filesystem store nor s3proxy has object lock; real MinIO does. */
    boolean expectsObjectLock() {
        return false;
    }

    @Test
    void aRangeReadsExactlyThoseBytesAndStopsAtTheEnd() throws Exception {
        Path f = local.resolve("r");
        byte[] data = new byte[200_000];
        new java.util.Random(5).nextBytes(data);
        Files.write(f, data);
        String key = "contracts/R8道路第1号/sessions/ses_0123456789abcdefghjk/renditions/par_a.mp4";
        store().put(key, f, sha(f), PutOptions.of("video/mp4"));
        try (InputStream in = store().open(key, 100_000, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 100_000, 101_000));
        }
        try (InputStream in = store().open(key, 0, 1)) {
            assertThat(in.readAllBytes()).containsExactly(data[0]);
        }
        try (InputStream in = store().open(key, 199_990, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 199_990, 200_000));
        }
        try (InputStream in = store().open(key, 200_000, 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> store().open("sessions/none/x.mp4", 0, 10))
                .isInstanceOfSatisfying(EvidenceStoreException.class, e -> assertThat(e.kind()).isEqualTo(EvidenceStoreException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> store().open(key, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletingRemovesTheObjectAndOnlyIt() throws Exception {
        Path f = file("a", "x");
        String s1 = "contracts/R8土木第123号/sessions/ses_0123456789abcdefghjk/";
        String s2 = "contracts/R8土木第123号/sessions/ses_1123456789abcdefghjk/";
        for (String k : List.of(s1 + "manifest.json", s1 + "tracks/trk_a/0.seg", s2 + "manifest.json")) {
            store().put(k, f, sha(f), SEG);
        }
        store().delete(s1 + "tracks/trk_a/0.seg");
        store().delete(s1 + "manifest.json");
        store().delete(s1 + "manifest.json"); // again: nothing there, no error
        assertThat(store().list(s1)).isEmpty();
        assertThat(store().exists(s1 + "manifest.json")).isFalse();
        assertThat(store().list("contracts/")).extracting(StoredObject::key).containsExactly(s2 + "manifest.json");
        // the key is free again (a deleted session's objects never come back by themselves)
        store().put(s1 + "manifest.json", f, sha(f), SEG);
        assertThat(store().exists(s1 + "manifest.json")).isTrue();
    }

    @Test
    void aLargeObjectRoundTrips() throws Exception {
        Path f = local.resolve("big");
        byte[] data = new byte[6 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(data);
        Files.write(f, data);
        String key = "sessions/ses_0123456789abcdefghjk/tracks/trk_a/2.seg";
        StoredObject o = store().put(key, f, sha(f), SEG);
        assertThat(o.size()).isEqualTo(data.length);
        try (InputStream in = store().open(key)) {
            assertThat(Sha256.digest(in.readAllBytes())).isEqualTo(sha(f));
        }
    }
}
