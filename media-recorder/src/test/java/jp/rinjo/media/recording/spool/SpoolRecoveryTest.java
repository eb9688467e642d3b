package jp.rinjo.media.recording.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Feed;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.Recorded;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.SwitchableStore;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoreCapabilities;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.TestTracks;

/**
 * What a start does with spools a crash left in particular states. Each state is made by recording
 * for real, copying the spool as it is on disk at that moment (what a power cut would leave), and
 * shaping the copy; a new recorder then starts on the copy.
 */
class SpoolRecoveryTest {
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();

    /** Records {@code packets}, waits until the open segment holds them on disk, and returns a copy of the spool. */
    Path recordAndSnapshot(int packets) throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 1).rtp(packets, 300, 10_000);
            h.awaitWritten(packets);
            Poll.until("flushed", () -> packetsIn(openPart(h.spoolDir)) == packets);
            return snapshot(h);
        }
    }

    RecorderHarness restartOn(Path crashed) throws Exception {
        return RecorderHarness.start(crashed, c -> c, Optional.empty());
    }

    @Test
    void aSegmentWithATornTailKeepsItsIntactPacketsAndSaysWhatWasCut() throws Exception {
        Path crashed = recordAndSnapshot(30);
        Path part = openPart(crashed.resolve("spool"));
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x10, 0, 0, 4, 0, 1, 2, 3})); // a record cut short
        }
        try (RecorderHarness h = restartOn(crashed)) {
            assertThat(h.recorder.spool().recoveryReport()).containsEntry("repaired", 1L).containsEntry("discardedBytes", 8L);
            Recorded rec = sealAndRead(h);
            assertThat(rec.rtp()).containsExactlyElementsOf(Feed.packets(TestTracks.video(contractor), 102, 1, 30, 300));
            SegmentRecord.Interruption i = rec.of(SegmentRecord.Interruption.class).get(0);
            assertThat(i.reason()).contains("kept 30 packets").contains("discarded 8 bytes");
        }
    }

    @Test
    void aSegmentWhoseHeaderNeverReachedTheDiskBecomesAnInterruption() throws Exception {
        Path crashed = recordAndSnapshot(10);
        try (FileChannel ch = FileChannel.open(openPart(crashed.resolve("spool")), StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        try (RecorderHarness h = restartOn(crashed)) {
            Recorded rec = sealAndRead(h);
            assertThat(rec.rtp()).isEmpty();
            assertThat(rec.segments).singleElement().satisfies(s -> {
                assertThat(s.header().sequence()).isZero();
                assertThat(s.interruptions()).singleElement().satisfies(i -> assertThat(i.reason()).contains("lost before its header"));
            });
        }
    }

    @Test
    void aSegmentJournaledButNotRenamedIsTakenAsItIsNotTwice() throws Exception {
        Path crashed;
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 2).rtp(60, 300, 10_000); // segment 0 closes at packet 50
            h.awaitWritten(60);
            Poll.until("segment 0 stored", () -> h.events.stored.size() == 1);
            crashed = snapshot(h);
        }
        // put the copy back to the moment between the journal append and the rename
        Path trackDir = trackDir(crashed.resolve("spool"));
        Path seg0 = trackDir.resolve("0.seg");
        if (Files.exists(seg0)) {
            Files.move(seg0, trackDir.resolve("0.part"));
        } else {
            // already uploaded by the live recorder: fetch it back as the unrenamed file
            Files.copy(dir.resolve("live/store/sessions").resolve(session.value()).resolve("tracks")
                    .resolve(trackDir.getFileName().toString()).resolve("0.seg"), trackDir.resolve("0.part"));
        }
        try (RecorderHarness h = restartOn(crashed)) {
            Recorded rec = sealAndRead(h);
            assertThat(rec.segments).extracting(s -> s.header().sequence()).containsExactly(0L, 1L);
            assertThat(rec.segments.get(0).end().reason()).isEqualTo("rolled");
        }
    }

    @Test
    void aSealInterruptedAfterItsManifestWasSpooledIsFinishedByTheNextStart() throws Exception {
        Path crashed;
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), UnavailableStore.FAKE, c -> c, Optional.empty(),
                s -> Optional.empty(), Duration.ofSeconds(1), RecorderHarness.SHORT_OTHER_NODES_BACKOFF)) {
            h.feed(session, TestTracks.video(contractor), 102, 3).rtp(20, 300, 10_000);
            h.awaitWritten(20);
            h.recorder.seal(session, SealRequest.of(List.of()));
            Path manifest = h.spoolDir.resolve(session.value()).resolve("manifest.json");
            Poll.until("manifest spooled", () -> Files.exists(manifest));
            crashed = snapshot(h);
        }
        try (RecorderHarness h = restartOn(crashed)) {
            Path sessionSpool = h.spoolDir.resolve(session.value());
            Poll.until("seal finished", () -> !Files.exists(sessionSpool));
            Path folder = ((FilesystemEvidenceStore) h.store).root().resolve("sessions").resolve(session.value());
            assertThat(new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder)
                    .errors()).isEmpty();
            // the live node signed after every attempt at looking for other nodes' tracks had failed, and said so
            assertThat(Files.readString(folder.resolve("manifest.json"))).contains("could not be looked for in the evidence store");
            assertThat(Recorded.track(folder, trackDir(folder).getFileName().toString()).rtp()).hasSize(20);
        }
    }

    @Test
    void aSealInterruptedAfterItsManifestWasSpooledAddsNothingToATrackThatEndedBeforeTheSeal() throws Exception {
        Path crashed;
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), UnavailableStore.FAKE, c -> c, Optional.empty(),
                s -> Optional.empty(), Duration.ofSeconds(1), RecorderHarness.SHORT_OTHER_NODES_BACKOFF)) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 3).rtp(20, 300, 10_000);
            h.awaitWritten(20);
            video.interrupted("left"); // the contractor left before the session ended: the chain ends "source-interrupted: left"
            Poll.until("segment closed", () -> h.events.stored.size() == 1);
            h.recorder.seal(session, SealRequest.of(List.of()));
            Path manifest = h.spoolDir.resolve(session.value()).resolve("manifest.json");
            Poll.until("manifest spooled", () -> Files.exists(manifest));
            crashed = snapshot(h);
        }
        try (RecorderHarness h = restartOn(crashed)) {
            assertThat(h.recorder.spool().recoveryReport()).containsEntry("interruptionsAdded", 0L).containsEntry("repaired", 0L);
            Poll.until("seal finished", () -> !Files.exists(h.spoolDir.resolve(session.value())));
            Path folder = ((FilesystemEvidenceStore) h.store).root().resolve("sessions").resolve(session.value());
            assertThat(new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder)
                    .errors()).isEmpty();
            try (Stream<Path> files = Files.list(trackDir(folder))) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("0.seg");
            }
            Recorded rec = Recorded.track(folder, trackDir(folder).getFileName().toString());
            assertThat(rec.rtp()).hasSize(20);
            assertThat(rec.segments.get(0).end().reason()).isEqualTo("source-interrupted: left");
        }
    }

    @Test
    void askedToSealAgainWhileTheRecoveredSealIsUploadingTheRecorderAnswersWithThatSealAndSignsNoOther() throws Exception {
        Path crashed;
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), UnavailableStore.FAKE, c -> c, Optional.empty(),
                s -> Optional.empty(), Duration.ofSeconds(1), RecorderHarness.SHORT_OTHER_NODES_BACKOFF)) {
            h.feed(session, TestTracks.video(contractor), 102, 3).rtp(20, 300, 10_000);
            h.awaitWritten(20);
            h.recorder.seal(session, SealRequest.of(List.of()));
            Path manifest = h.spoolDir.resolve(session.value()).resolve("manifest.json");
            Poll.until("manifest spooled", () -> Files.exists(manifest));
            crashed = snapshot(h);
        }
        byte[] signed = Files.readAllBytes(crashed.resolve("spool").resolve(session.value()).resolve("manifest.json"));
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(crashed.resolve("store")), false);
        try (RecorderHarness h = RecorderHarness.start(crashed, store, c -> c.withUploadBackoffMax(Duration.ofSeconds(1)),
                Optional.empty(), s -> Optional.empty())) {
            // signaling asks again (SessionEndDelivery.resume): it never heard the answer to its first request
            CompletableFuture<SealResult> again = h.recorder.seal(session, SealRequest.of(List.of()));
            store.up = true;
            SealResult r = again.get(30, TimeUnit.SECONDS);

            assertThat(r.manifestSha256()).isEqualTo(Sha256.digest(signed));
            assertThat(r.segments()).isEqualTo(1);
            Path folder = h.folder(r);
            assertThat(Files.readAllBytes(folder.resolve("manifest.json"))).isEqualTo(signed);
            assertThat(new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder)
                    .errors()).isEmpty();
            assertThat(Recorded.track(folder, trackDir(folder).getFileName().toString()).rtp()).hasSize(20);
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
            // the node's uploads go on: a session recorded now reaches the store
            SessionId next = SessionId.random();
            h.feed(next, TestTracks.video(contractor), 102, 4).rtp(60, 300, 10_000);
            Poll.until("the next session's first segment uploaded", () -> h.events.uploaded.stream().anyMatch(k -> k.contains(next.value())));
        }
    }

    @Test
    void aCrashAfterTheManifestReachedTheStoreButBeforeTheSealWasMarkedDoneSignsNoSecondManifest() throws Exception {
        Path crashed;
        byte[] stored;
        try (RecorderHarness h = RecorderHarness.start(dir.resolve("live"), c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 3).rtp(20, 300, 10_000);
            h.awaitWritten(20);
            // a directory where the "sealed" marker goes: the seal stops right where a crash would stop it
            Files.createDirectory(h.spoolDir.resolve(session.value()).resolve("sealed"));
            assertThat(h.recorder.seal(session, SealRequest.of(List.of()))).failsWithin(30, TimeUnit.SECONDS);
            stored = Files.readAllBytes(dir.resolve("live/store/sessions").resolve(session.value()).resolve("manifest.json"));
            crashed = snapshot(h);
            copyTree(dir.resolve("live/store"), crashed.resolve("store"));
        }
        Files.delete(crashed.resolve("spool").resolve(session.value()).resolve("sealed"));
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(crashed.resolve("store")), false);
        try (RecorderHarness h = RecorderHarness.start(crashed, store, c -> c.withUploadBackoffMax(Duration.ofSeconds(1)),
                Optional.empty(), s -> Optional.empty())) {
            CompletableFuture<SealResult> again = h.recorder.seal(session, SealRequest.of(List.of()));
            store.up = true;
            SealResult r = again.get(30, TimeUnit.SECONDS);

            assertThat(r.manifestSha256()).isEqualTo(Sha256.digest(stored));
            Path folder = h.folder(r);
            assertThat(Files.readAllBytes(folder.resolve("manifest.json"))).isEqualTo(stored);
            assertThat(new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder)
                    .errors()).isEmpty();
            assertThat(h.events.failures).isEmpty();
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
        }
    }

    @Test
    void aSessionWhoseJournalCannotBeReadIsSetAsideAndEveryOtherSessionIsRecovered() throws Exception {
        Path crashed = recordAndSnapshot(10);
        Path spool = crashed.resolve("spool");
        // killed between creating a journal and writing its first line
        SessionId emptyJournal = SessionId.random();
        Files.createDirectories(spool.resolve(emptyJournal.value()));
        Files.createFile(spool.resolve(emptyJournal.value()).resolve("journal.jsonl"));
        // a journal with a line no reader understands, beside a segment file
        SessionId unreadable = SessionId.random();
        Path unreadableDir = Files.createDirectories(spool.resolve(unreadable.value()).resolve("tracks").resolve("trk_x"));
        byte[] journal = "{\"type\":\"session\"\n{not json\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(spool.resolve(unreadable.value()).resolve("journal.jsonl"), journal);
        Files.write(unreadableDir.resolve("0.seg"), new byte[] {1, 2, 3});

        try (RecorderHarness h = restartOn(crashed)) {
            assertThat(h.recorder.spool().recoveryReport()).containsEntry("sessions", 1L).containsEntry("setAside", 2L);
            for (SessionId id : List.of(emptyJournal, unreadable)) {
                assertThat(h.spoolDir.resolve(id.value())).doesNotExist();
                assertThat(setAside(h.spoolDir, id)).singleElement();
            }
            Path aside = setAside(h.spoolDir, unreadable).get(0);
            assertThat(Files.readAllBytes(aside.resolve("journal.jsonl"))).isEqualTo(journal);
            assertThat(Files.readAllBytes(aside.resolve("tracks/trk_x/0.seg"))).containsExactly(1, 2, 3);
            assertThat(Files.readString(aside.resolve("SET-ASIDE.txt"))).contains("journal");
            // the session recorded before the crash is recovered and seals as usual
            assertThat(sealAndRead(h).rtp()).hasSize(10);
            // a seal of a session set aside says so in its manifest
            SealResult r = h.recorder.seal(emptyJournal, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p).contains("set aside").contains(aside.getParent()
                    .relativize(setAside(h.spoolDir, emptyJournal).get(0)).toString()));
        }
    }

    static List<Path> setAside(Path spool, SessionId id) throws IOException {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().startsWith(id.value() + ".set-aside-")).toList();
        }
    }

    Recorded sealAndRead(RecorderHarness h) throws Exception {
        SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
        Path folder = h.folder(r);
        assertThat(new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder).errors())
                .isEmpty();
        return Recorded.track(folder, trackDir(folder).getFileName().toString());
    }

    Path trackDir(Path spoolOrFolder) throws IOException {
        Path tracks = Files.exists(spoolOrFolder.resolve("tracks")) ? spoolOrFolder.resolve("tracks")
                : spoolOrFolder.resolve(session.value()).resolve("tracks");
        try (Stream<Path> s = Files.list(tracks)) {
            return s.findFirst().orElseThrow();
        }
    }

    Path openPart(Path spool) {
        try (Stream<Path> s = Files.walk(spool.resolve(session.value()))) {
            return s.filter(p -> p.toString().endsWith(".part")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long packetsIn(Path f) {
        try (SegmentReader r = SegmentReader.open(f)) {
            try {
                while (r.next() != null) {
                    // counting
                }
            } catch (SegmentFormatException e) {
                // open: no footer yet
            }
            return r.packets();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The spool as it is on disk now, and the deployment key (the same deployment restarts). */
    Path snapshot(RecorderHarness h) throws IOException {
        Path copy = dir.resolve("crashed");
        copyTree(h.spoolDir, copy.resolve("spool"));
        copyTree(h.base.resolve("keys"), copy.resolve("keys"));
        return copy;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(p, target);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // uploaded and removed by the live uploader between the listing and the copy: as if copied a moment later
                    }
                }
            }
        }
    }

    /** Fake: a store that is always down (the uploader retries; nothing leaves the spool). */
    static final class UnavailableStore implements EvidenceStore {
        static final UnavailableStore FAKE = new UnavailableStore();

        @Override
        public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }

        @Override
        public InputStream open(String key) throws IOException {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }

        @Override
        public Optional<StoredObject> stat(String key) throws IOException {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }

        @Override
        public void delete(String key) throws IOException {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "down (fake)");
        }

        @Override
        public StoreCapabilities capabilities() {
            return new StoreCapabilities("fake", false, "always down");
        }

        @Override
        public void close() {
        }
    }
}
