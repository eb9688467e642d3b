package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ForwardingEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.StoredObject;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.TestTracks;

/**
 * A media node that records part of a session and is then lost with its spool: the session is sealed
 * from what reached the store, and the result verifies, says what happened, and keeps every packet
 * that was uploaded.
 */
class StoreSealerTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();

    @Test
    void aLostNodesSessionIsSealedFromTheStoreAndVerifiesWithTheLossRecorded() throws Exception {
        ContractNo contract = ContractNo.of("R8-道路-0042");
        FilesystemEvidenceStore store = new FilesystemEvidenceStore(dir.resolve("store"));
        SeverableStore nodesView = new SeverableStore(store);
        try (RecorderHarness h = RecorderHarness.start(dir, nodesView, c -> c, Optional.of(tsa.client()), s -> Optional.of(contract))) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 11);
            Feed audio = h.feed(session, TestTracks.audio(contractor), 111, 12);
            // 10 ms apart: video segments close after 0.5 s and 2.5 s; the third stays open in the spool
            video.rtp(300, 900, 10_000);
            audio.rtp(300, 120, 10_000);
            h.awaitWritten(600);
            Poll.until("two video and two audio segments uploaded", () -> h.events.uploaded.size() >= 4);
            loseTheNode(h, nodesView);

            StoreSealer sealer = new StoreSealer(store, h.key, h.tsa, Clock.systemUTC(), "seal-from-store@test");
            String prefix = sealer.findPrefix(session, Optional.empty()).orElseThrow();
            assertThat(prefix).isEqualTo("contracts/R8-道路-0042/sessions/" + session.value());
            assertThat(sealer.findPrefix(session, Optional.of(contract))).contains(prefix);
            SealResult result = sealer.seal(session, prefix, List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "CONTRACTOR")),
                    Duration.ZERO, "node media-2 destroyed by fire");

            Path folder = store.root().resolve(result.objectPrefix());
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()),
                    Optional.of(tsa.certificate()), true)).verify(folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.of(Finding.Severity.INFO)).anySatisfy(f -> assertThat(f.message())
                    .startsWith("stated when sealed: sealed from the evidence store, not by the node that recorded it"));
            assertThat(report.segmentsVerified()).isEqualTo(result.segments());
            assertThat(result.timestampTime()).isPresent();
            assertThat(result.tracks()).isEqualTo(2);
            assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("sealed from the evidence store")
                    .contains("node media-2 destroyed by fire"));
            String manifest = Files.readString(folder.resolve("manifest.json"));
            assertThat(manifest).contains("現場代理人 佐藤").contains("media node lost (node media-2 destroyed by fire)");

            for (String trackId : EvidenceRecorderTest.trackIds(folder)) {
                Recorded track = Recorded.track(folder, trackId);
                Feed sent = track.segments.get(0).header().kind().equals("video") ? video : audio;
                // what was uploaded is all there, in order; what the node still held is not
                assertThat(track.rtp()).isNotEmpty().hasSizeLessThan(sent.sentRtp.size());
                assertThat(track.rtp()).containsExactlyElementsOf(sent.sentRtp.subList(0, track.rtp().size()));
                SegmentSummary last = track.segments.get(track.segments.size() - 1);
                assertThat(last.footer().rtpPackets()).isZero();
                assertThat(last.header().writerNodeId()).isEqualTo("seal-from-store@test");
                assertThat(last.interruptions()).singleElement().satisfies(i -> {
                    assertThat(i.reason()).startsWith("media node lost");
                    assertThat(i.fromWallMicros()).isEqualTo(track.segments.get(track.segments.size() - 2).end().endWallMicros());
                });
            }

            assertThatThrownBy(() -> sealer.seal(session, prefix, List.of(), Duration.ZERO, "again"))
                    .isInstanceOf(StoreSealer.Refused.class).hasMessageContaining("already sealed");
        }
    }


    @Test
    void aSessionWhoseNodeMayStillBeRecordingOrThatHasNothingStoredIsRefusedAndNothingIsWritten() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 13);
            video.rtp(100, 900, 10_000);
            h.awaitWritten(100);
            Poll.until("a segment uploaded", () -> !h.events.uploaded.isEmpty());
            StoreSealer sealer = new StoreSealer(h.store, h.key, Optional.empty(), Clock.systemUTC(), "seal-from-store@test");
            String prefix = sealer.findPrefix(session, Optional.empty()).orElseThrow();
            int objects = h.store.list(prefix + "/").size();

            assertThatThrownBy(() -> sealer.seal(session, prefix, List.of(), Duration.ofDays(365), "operator error"))
                    .isInstanceOf(StoreSealer.Refused.class).hasMessageContaining("may still be recording");
            assertThat(h.store.list(prefix + "/")).hasSize(objects);

            SessionId unknown = SessionId.random();
            assertThat(sealer.findPrefix(unknown, Optional.of(ContractNo.of("R8-道路-0042")))).isEmpty();
            assertThatThrownBy(() -> sealer.seal(unknown, "sessions/" + unknown.value(), List.of(), Duration.ZERO, "typo"))
                    .isInstanceOf(StoreSealer.Refused.class).hasMessageContaining("no segments");
            // an object that only looks like a segment (a sequence no recorder writes) is not taken for one
            Path junk = dir.resolve("junk.seg");
            Files.write(junk, new byte[] {1});
            h.store.put("sessions/" + unknown.value() + "/tracks/trk_x/123456789012345678901.seg", junk, Sha256.digest(new byte[] {1}),
                    PutOptions.of(PutOptions.SEGMENT_TYPE));
            assertThatThrownBy(() -> sealer.seal(unknown, "sessions/" + unknown.value(), List.of(), Duration.ZERO, "junk"))
                    .isInstanceOf(StoreSealer.Refused.class).hasMessageContaining("no segments");
        }
    }

    @Test
    void aSessionFiledUnderAContractNobodyNamedIsFoundWithoutListingTheContractsObjects() throws Exception {
        List<String> listed = new java.util.concurrent.CopyOnWriteArrayList<>();
        EvidenceStore store = new ForwardingEvidenceStore(new FilesystemEvidenceStore(dir.resolve("store"))) {
            @Override
            public List<StoredObject> list(String prefix) throws IOException {
                listed.add(prefix);
                return super.list(prefix);
            }
        };
        Path segment = Files.write(dir.resolve("0.seg"), new byte[] {1});
        for (String contract : List.of("R8-道路-0001", "R8-道路-0002", "R8-河川-0003")) {
            SessionId other = SessionId.random();
            store.put("contracts/" + contract + "/sessions/" + other.value() + "/tracks/trk_x/0.seg", segment, Sha256.digest(new byte[] {1}),
                    PutOptions.of(PutOptions.SEGMENT_TYPE));
        }
        store.put("contracts/R8-道路-0002/sessions/" + session.value() + "/tracks/trk_x/0.seg", segment, Sha256.digest(new byte[] {1}),
                PutOptions.of(PutOptions.SEGMENT_TYPE));
        StoreSealer sealer = new StoreSealer(store, jp.rinjo.media.recording.evidence.DeploymentKey.generate(), Optional.empty(), Clock.systemUTC(),
                "seal-from-store@test");

        assertThat(sealer.findPrefix(session, Optional.empty())).contains("contracts/R8-道路-0002/sessions/" + session.value());
        assertThat(sealer.findPrefix(SessionId.random(), Optional.empty())).isEmpty();
        assertThat(listed).as("whole listings").isEmpty();
    }

    /**
     * The node is cut off from the store, stops without sealing, and its spool (what it had not
     * uploaded: the open segments it closes on the way down) is gone with its machine.
     */
    private static void loseTheNode(RecorderHarness h, SeverableStore nodesView) throws Exception {
        nodesView.sever();
        h.recorder.close();
        try (Stream<Path> files = Files.walk(h.spoolDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
