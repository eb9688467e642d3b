package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.spool.SpoolConfig;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.TestTracks;

/**
 * In a cluster, a live session whose media node stops answering is placed on another node and goes
 * on there; signaling then asks that second node to seal it. The seal must hold the whole session:
 * the first node's part that reached the store too, or the archive would show half an inspection
 * and find the other half's segments unlisted (a failed verification of an honest recording).
 */
class SessionMovedBetweenNodesTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();
    final ParticipantId inspector = ParticipantId.random();
    final ContractNo contract = ContractNo.of("R8-道路-0077");

    @Test
    void theSecondNodesSealHoldsTheFirstNodesStoredPartAndTheFirstNodeBackLaterUploadsNothingMore() throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        SeverableStore firstNodesView = new SeverableStore(store);
        Feed firstVideo;
        String firstNode;
        try (RecorderHarness first = RecorderHarness.start(dir.resolve("node-1"), firstNodesView, c -> c, Optional.of(tsa.client()),
                s -> Optional.of(contract))) {
            firstNode = first.recorder.spool().node();
            firstVideo = first.feed(session, TestTracks.video(contractor), 102, 21);
            Feed firstAudio = first.feed(session, TestTracks.audio(contractor), 111, 22);
            firstVideo.rtp(300, 900, 10_000);
            firstAudio.rtp(300, 120, 10_000);
            first.awaitWritten(600);
            Poll.until("two video and two audio segments of the first node stored", () -> first.events.uploaded.size() >= 4);
            // the node's machine stops answering: what it still held never reaches the store
            firstNodesView.sever();
            first.recorder.close();
        }

        SealResult sealed;
        byte[] deploymentKey;
        try (RecorderHarness second = RecorderHarness.start(dir.resolve("node-2"), new SeverableStore(store), c -> c, Optional.of(tsa.client()),
                s -> Optional.of(contract))) {
            // the contractor's phone and the inspector reconnect through the second node: new tracks
            second.feed(session, TestTracks.video(contractor), 102, 23).rtp(100, 900, 10_000);
            second.feed(session, TestTracks.audio(inspector), 111, 24).rtp(100, 120, 10_000);
            second.awaitWritten(200);
            sealed = second.recorder.seal(session, SealRequest.of(List.of(
                    new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "CONTRACTOR"),
                    new ParticipantInfo(inspector.value(), "監督員 山田", "INSPECTOR")))).get(30, TimeUnit.SECONDS);

            assertThat(sealed.tracks()).as("both nodes' tracks").isEqualTo(4);
            Path folder = store.root().resolve(sealed.objectPrefix());
            deploymentKey = second.key.publicKeySpki();
            VerificationReport report = verifier(deploymentKey).verify(folder);
            assertThat(report.errors()).as("the whole store verifies: nothing unlisted").isEmpty();
            assertThat(report.segmentsVerified()).isEqualTo(sealed.segments());
            assertThat(sealed.problems()).anySatisfy(p -> assertThat(p).contains("was recorded by media node " + firstNode)
                    .contains("before the session moved to this node").contains("JST"));
            assertThat(report.of(Finding.Severity.INFO)).anySatisfy(f -> assertThat(f.message()).contains(firstNode));

            Recorded firstNodesVideo = EvidenceRecorderTest.trackIds(folder).stream().map(t -> recorded(folder, t))
                    .filter(r -> r.segments.get(0).header().writerNodeId().equals(firstNode))
                    .filter(r -> r.segments.get(0).header().kind().equals("video")).findFirst().orElseThrow();
            // what the first node stored is all there, in order; what it still held is not
            assertThat(firstNodesVideo.rtp()).isNotEmpty().hasSizeLessThan(firstVideo.sentRtp.size());
            assertThat(firstNodesVideo.rtp()).containsExactlyElementsOf(firstVideo.sentRtp.subList(0, firstNodesVideo.rtp().size()));
        }

        Path folder = store.root().resolve(sealed.objectPrefix());
        List<Path> storedBefore = files(folder);
        // the first node's machine comes back with its spool: the session is sealed, so nothing of it is uploaded now
        try (RecorderHarness back = RecorderHarness.start(dir.resolve("node-1"), new SeverableStore(store), c -> c, Optional.of(tsa.client()),
                s -> Optional.of(contract))) {
            assertThat(back.recorder.spool().holds(session)).isFalse();
            assertThat(files(folder)).isEqualTo(storedBefore);
            assertThat(verifier(deploymentKey).verify(folder).errors()).isEmpty();
            try (Stream<Path> spool = Files.list(back.spoolDir)) {
                Path aside = spool.filter(p -> p.getFileName().toString().startsWith(session.value() + ".set-aside-")).findFirst()
                        .orElseThrow(() -> new AssertionError("the segments it never stored are set aside, not deleted"));
                assertThat(Files.readString(aside.resolve("SET-ASIDE.txt"))).contains("sealed by another media node");
            }
        }
    }

    @Test
    void aNodeAskedToSealASessionThatMovedToItButNeverPublishedThereSealsWhatTheFirstNodeStored() throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        SeverableStore firstNodesView = new SeverableStore(store);
        String firstNode;
        try (RecorderHarness first = RecorderHarness.start(dir.resolve("node-1"), firstNodesView, c -> c, Optional.empty(),
                s -> Optional.of(contract))) {
            firstNode = first.recorder.spool().node();
            first.feed(session, TestTracks.video(contractor), 102, 31).rtp(300, 900, 10_000);
            first.awaitWritten(300);
            Poll.until("two video segments of the first node stored", () -> first.events.uploaded.size() >= 2);
            firstNodesView.sever();
            first.recorder.close();
        }
        try (RecorderHarness second = RecorderHarness.start(dir.resolve("node-2"), new SeverableStore(store), c -> c, Optional.of(tsa.client()),
                s -> Optional.of(contract))) {
            // the contractor never came back; the inspector ended the session, and signaling asks the node it was moved to
            SealResult sealed = second.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);

            assertThat(sealed.tracks()).isEqualTo(1);
            Path folder = store.root().resolve(sealed.objectPrefix());
            VerificationReport report = verifier(second.key.publicKeySpki()).verify(folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.segmentsVerified()).isEqualTo(sealed.segments()).isGreaterThanOrEqualTo(2);
            assertThat(sealed.problems()).anySatisfy(p -> assertThat(p).contains("was recorded by media node " + firstNode));
        }
    }

    /**
     * The first node comes back while the session goes on on the second node, so it recovers the
     * session as unsealed and queues its backlog; its link to the store is back only after the second
     * node sealed the session. Anything it uploaded then would be a segment of a sealed session its
     * manifest does not list (an honest recording reported as tampered), and nothing would ever ask it
     * to let the session go.
     */
    @Test
    void aFirstNodeBackBeforeTheSealUploadsNothingOfTheSessionOnceItIsSealedElsewhereAndLetsItGo() throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        String firstNode = firstNodeStopsAnsweringWithABacklog(store);
        SeverableStore backView = new SeverableStore(store);
        backView.sever();
        try (RecorderHarness back = RecorderHarness.start(dir.resolve("node-1"), backView, SessionMovedBetweenNodesTest::checksOften,
                Optional.empty(), s -> Optional.of(contract));
             RecorderHarness second = RecorderHarness.start(dir.resolve("node-2"), new SeverableStore(store), c -> c,
                     Optional.of(tsa.client()), s -> Optional.of(contract))) {
            assertThat(back.recorder.spool().holds(session)).as("recovered: the session is not sealed yet").isTrue();
            second.feed(session, TestTracks.video(contractor), 102, 41).rtp(100, 900, 10_000);
            second.awaitWritten(100);
            SealResult sealed = second.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            Path folder = store.root().resolve(sealed.objectPrefix());
            List<Path> storedAtSeal = files(folder);

            backView.reconnect();
            Poll.until("the first node lets the sealed session go", () -> !back.recorder.spool().holds(session));
            assertThat(files(folder)).as("nothing of the session uploaded after its seal").isEqualTo(storedAtSeal);
            assertThat(verifier(second.key.publicKeySpki()).verify(folder).errors()).isEmpty();
            assertThat(sealed.problems()).filteredOn(p -> p.contains("was recorded by media node " + firstNode)).hasSize(2)
                    .allSatisfy(p -> assertThat(p).contains("was not closed in the evidence store when this node sealed the session"));
            assertThat(Files.readString(setAside(back.spoolDir).resolve("SET-ASIDE.txt")))
                    .contains("sealed by another media node while this node still held it");
        }
    }

    /**
     * The same, with the first node's link back while the second node seals: the seal waits for the
     * first node's chains to be closed in the store, so its manifest lists them whole (the first
     * node's backlog and the interruption closing each chain), and the first node, with nothing left
     * to upload, lets the session go without a restart.
     */
    @Test
    void theSealWaitsForTheTracksAFirstNodeBackAfterARestartClosesSoTheyAreListedWhole() throws Exception {
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        String firstNode = firstNodeStopsAnsweringWithABacklog(store);
        SeverableStore backView = new SeverableStore(store);
        backView.sever();
        // the first node's link comes back just after the second node first looked for its tracks
        ListedOnce secondsView = new ListedOnce(store, backView::reconnect);
        try (RecorderHarness back = RecorderHarness.start(dir.resolve("node-1"), backView, SessionMovedBetweenNodesTest::checksOften,
                Optional.empty(), s -> Optional.of(contract));
             RecorderHarness second = RecorderHarness.start(dir.resolve("node-2"), secondsView, c -> c, Optional.of(tsa.client()),
                     s -> Optional.of(contract), Duration.ofSeconds(20))) {
            second.feed(session, TestTracks.video(contractor), 102, 51).rtp(100, 900, 10_000);
            second.awaitWritten(100);
            SealResult sealed = second.recorder.seal(session, SealRequest.of(List.of())).get(60, TimeUnit.SECONDS);
            Path folder = store.root().resolve(sealed.objectPrefix());

            assertThat(sealed.problems()).filteredOn(p -> p.contains("was recorded by media node " + firstNode)).hasSize(2)
                    .allSatisfy(p -> assertThat(p).contains("its chain was closed by that node (" + SegmentRepair.END_REASON + ")"));
            Poll.until("the first node lets the sealed session go", () -> !back.recorder.spool().holds(session));
            VerificationReport report = verifier(second.key.publicKeySpki()).verify(folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.segmentsVerified()).isEqualTo(sealed.segments());
            try (Stream<Path> spool = Files.list(back.spoolDir)) {
                assertThat(spool.map(p -> p.getFileName().toString())).as("everything it had is in the seal: nothing kept")
                        .noneMatch(n -> n.startsWith(session.value()));
            }
        }
    }

    /** The first node records video and audio, stores some of it, then stops answering with the rest still in its spool. */
    private String firstNodeStopsAnsweringWithABacklog(FilesystemEvidenceStore store) throws Exception {
        SeverableStore firstNodesView = new SeverableStore(store);
        try (RecorderHarness first = RecorderHarness.start(dir.resolve("node-1"), firstNodesView, c -> c, Optional.empty(),
                s -> Optional.of(contract))) {
            first.feed(session, TestTracks.video(contractor), 102, 61).rtp(300, 900, 10_000);
            first.feed(session, TestTracks.audio(contractor), 111, 62).rtp(300, 120, 10_000);
            first.awaitWritten(600);
            Poll.until("two video and two audio segments of the first node stored", () -> first.events.uploaded.size() >= 4);
            firstNodesView.sever();
            first.recorder.close();
            return first.recorder.spool().node();
        }
    }

    private static SpoolConfig checksOften(SpoolConfig c) {
        return c.withUploadBackoffMax(Duration.ofMillis(200)).withSealedElsewhereCheck(Duration.ofMillis(200));
    }

    private Path setAside(Path spoolDir) throws IOException {
        try (Stream<Path> spool = Files.list(spoolDir)) {
            return spool.filter(p -> p.getFileName().toString().startsWith(session.value() + ".set-aside-")).findFirst()
                    .orElseThrow(() -> new AssertionError("the segments it never stored are set aside, not deleted"));
        }
    }

    /** A node's view of the store that runs {@code then} once, right after its first listing. */
    private static final class ListedOnce extends ForwardingEvidenceStore {
        private final Runnable then;
        private final AtomicBoolean listed = new AtomicBoolean();

        ListedOnce(EvidenceStore store, Runnable then) {
            super(store);
            this.then = then;
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            List<StoredObject> found = super.list(prefix);
            if (listed.compareAndSet(false, true)) {
                then.run();
            }
            return found;
        }

        @Override
        public void close() {
        }
    }

    private static Recorded recorded(Path folder, String trackId) {
        try {
            return Recorded.track(folder, trackId);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Trusting the deployment key as the sealing node holds it. */
    private static Verifier verifier(byte[] deploymentKey) {
        return new Verifier(new Verifier.Options(Optional.of(deploymentKey), Optional.of(tsa.certificate()), true));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
