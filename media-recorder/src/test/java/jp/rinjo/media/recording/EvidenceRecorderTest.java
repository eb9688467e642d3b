package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.TestTracks;

/** The recorder end to end on real files: sinks → segments → spool → store → seal → verifier. */
class EvidenceRecorderTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();

    static VerificationReport verify(RecorderHarness h, Path folder) throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.of(tsa.certificate()), h.tsa.isPresent()))
                .verify(folder);
    }

    @Test
    void everyPacketIsRecordedInChainedSegmentsThenSealedSignedAndTimeStamped() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.of(tsa.client()))) {
            PublishedTrack videoTrack = TestTracks.video(contractor);
            PublishedTrack audioTrack = TestTracks.audio(contractor);
            Feed video = h.feed(session, videoTrack, 102, 1);
            Feed audio = h.feed(session, audioTrack, 111, 2);
            video.rtp(200, 1100, 10_000).senderReport().rtp(200, 1100, 10_000);
            audio.rtp(150, 120, 20_000).senderReport();
            h.awaitWritten(552);

            SealResult result = h.recorder.seal(session, SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "contractor"))))
                    .get(30, TimeUnit.SECONDS);

            assertThat(result.tracks()).isEqualTo(2);
            assertThat(result.timestampTime()).isPresent();
            assertThat(result.problems()).isEmpty();
            assertThat(result.objectPrefix()).isEqualTo("sessions/" + session.value());
            Path folder = h.folder(result);
            VerificationReport report = verify(h, folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.of(Finding.Severity.WARNING)).isEmpty();
            assertThat(report.segmentsVerified()).isEqualTo(result.segments());

            String videoTrackId = trackId(folder, "video");
            Recorded v = Recorded.track(folder, videoTrackId);
            assertThat(v.rtp()).containsExactlyElementsOf(video.sentRtp);
            assertThat(v.rtcp()).containsExactlyElementsOf(video.sentRtcp);
            // 10 ms apart: the first segment closes after 0.5 s (50 packets), the next after 2 s (200), the seal closes the last
            assertThat(v.segments).extracting(s -> s.footer().rtpPackets()).containsExactly(50L, 200L, 150L);
            assertThat(v.segments).extracting(s -> s.end().reason()).containsExactly("rolled", "rolled", "sealed");
            assertThat(v.segments.get(1).header().previousLink()).isNotEqualTo(v.segments.get(0).header().previousLink());
            Recorded a = Recorded.track(folder, trackId(folder, "audio"));
            assertThat(a.rtp()).containsExactlyElementsOf(audio.sentRtp);
            assertThat(a.segments.get(0).header().codec().name()).isEqualTo("opus");

            String manifest = Files.readString(folder.resolve("manifest.json"));
            assertThat(manifest).contains("現場代理人 佐藤").contains("\"chain\":{\"algorithm\":\"SHA-256\",\"head\":\"" + result.chainHead().hex());
            assertThat(h.events.started).containsExactly(session);
            assertThat(h.events.uploaded).hasSize(result.segments());
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
            assertThat(runVerifyMain(folder, h.key)).isZero();
        }
    }

    @Test
    void recordingIsAnnouncedOnlyOnceTheFirstSegmentIsDurablyStored() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 3);
            video.rtp(49, 500, 10_000);
            h.awaitWritten(49);
            // 0.49 s of media: the first segment (0.5 s) is still open, nothing is stored yet
            assertThat(h.events.started).isEmpty();
            assertThat(h.events.stored).isEmpty();
            video.rtp(2, 500, 10_000);
            Poll.until("recording announced", () -> !h.events.started.isEmpty());
            assertThat(h.events.stored).hasSize(1);
            String track = h.events.stored.get(0).split("/")[0];
            Path seg = h.spoolDir.resolve(session.value()).resolve("tracks").resolve(track).resolve("0.seg");
            Poll.until("uploaded", () -> h.events.uploaded.size() == 1);
            assertThat(seg).doesNotExist(); // deleted from the spool only after the store confirmed it
            h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullQueueBecomesAGapInPlaceAndTheEventLoopNeverWaits() throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the writer calls the contract lookup when it creates the session: holding it there holds the writer
        java.util.function.Function<SessionId, Optional<ContractNo>> slowLookup = s -> {
            writerHeld.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(ContractNo.of("R8土木第123号"));
        };
        try (RecorderHarness h = RecorderHarness.start(dir, new FilesystemEvidenceStore(dir.resolve("store")),
                c -> c.withQueue(100, 64L * 1024 * 1024), Optional.empty(), slowLookup)) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 4);
            video.rtp(1, 300, 10_000);
            assertThat(writerHeld.await(10, TimeUnit.SECONDS)).isTrue();
            video.rtp(500, 300, 10_000); // 100 fit in the queue, 400 do not: counted, not waited for
            assertThat(h.recorder.spool().stats().get("packetsDropped")).isEqualTo(400);
            release.countDown();
            h.awaitWritten(101);
            video.rtp(10, 300, 10_000);
            h.awaitWritten(111);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            assertThat(r.objectPrefix()).startsWith("contracts/R8土木第123号/sessions/");
            Path folder = h.folder(r);
            assertThat(verify(h, folder).errors()).isEmpty();
            Recorded rec = Recorded.track(folder, trackId(folder, "video"));
            List<SegmentRecord.Gap> gaps = rec.of(SegmentRecord.Gap.class);
            assertThat(gaps).hasSize(1);
            SegmentRecord.Gap gap = gaps.get(0);
            assertThat(gap.packetsLost()).isEqualTo(400);
            assertThat(gap.bytesLost()).isEqualTo(400L * 312);
            assertThat(gap.reason()).isEqualTo("recorder queue full");
            // exactly where the hole is: after packet 101, before packet 502
            int gapIndex = rec.records.indexOf(gap);
            List<SegmentRecord> upToGap = rec.records.subList(0, gapIndex);
            List<SegmentRecord> afterGap = rec.records.subList(gapIndex + 1, rec.records.size());
            byte[] before = upToGap.stream().filter(SegmentRecord.Packet.class::isInstance).reduce((x, y) -> y)
                    .map(x -> ((SegmentRecord.Packet) x).bytes()).orElseThrow();
            byte[] after = afterGap.stream().filter(SegmentRecord.Packet.class::isInstance).findFirst()
                    .map(x -> ((SegmentRecord.Packet) x).bytes()).orElseThrow();
            assertThat(before).isEqualTo(video.sentRtp.get(100));
            assertThat(after).isEqualTo(video.sentRtp.get(501));
            assertThat(rec.rtp()).hasSize(111);
            assertThat(h.events.gaps).containsExactly("400 recorder queue full");
        }
    }

    @Test
    void interruptionsAndRenegotiatedCodecsAreRecordedAndStillVerify() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.of(tsa.client()))) {
            PublishedTrack track = TestTracks.video(contractor);
            Feed video = h.feed(session, track, 102, 5);
            video.rtp(30, 400, 10_000).interrupted("ice-failed").advance(3_000_000);
            long resumedAt = video.wallMicros();
            TestTracks.renegotiate(track, TestTracks.h264(104));
            video.rtp(30, 400, 10_000);
            h.awaitWritten(60);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            Path folder = h.folder(r);
            VerificationReport report = verify(h, folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.of(Finding.Severity.INFO)).anySatisfy(f -> assertThat(f.message()).startsWith("INTERRUPTION").endsWith("ice-failed"));
            Recorded rec = Recorded.track(folder, trackId(folder, "video"));
            assertThat(rec.segments).extracting(s -> s.end().reason()).containsExactly("source-interrupted: ice-failed", "sealed");
            SegmentRecord.Interruption i = rec.of(SegmentRecord.Interruption.class).get(0);
            assertThat(i.toWallMicros()).isEqualTo(resumedAt);
            assertThat(i.toWallMicros() - i.fromWallMicros()).isEqualTo(3_000_000);
            assertThat(rec.segments.get(1).header().codec().payloadType()).isEqualTo(104);
            assertThat(rec.rtp()).containsExactlyElementsOf(video.sentRtp);
            assertThat(Files.readString(folder.resolve("manifest.json"))).contains("\"type\":\"interruption\"");
        }
    }

    @Test
    void aRestartClosesEachOpenChainWithAnInterruptionAndTheSessionStillSealsAndVerifies() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.of(tsa.client()))) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 6);
            video.rtp(120, 400, 10_000);
            h.awaitWritten(120);
            h.restart();
            assertThat(h.recorder.spool().recoveryReport()).containsEntry("interruptionsAdded", 1L).containsEntry("sessions", 1L);
            // after the restart the publisher's track is recorded anew, under a new track id
            Feed again = h.feed(session, TestTracks.video(contractor), 102, 7);
            again.rtp(20, 400, 10_000);
            h.awaitWritten(20);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            assertThat(r.tracks()).isEqualTo(2);
            Path folder = h.folder(r);
            assertThat(verify(h, folder).errors()).isEmpty();
            String first = trackIds(folder).stream().filter(t -> {
                try {
                    return Recorded.track(folder, t).rtp().size() == 120;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
            Recorded rec = Recorded.track(folder, first);
            assertThat(rec.rtp()).containsExactlyElementsOf(video.sentRtp);
            SegmentSummary last = rec.segments.get(rec.segments.size() - 1);
            assertThat(last.footer().rtpPackets()).isZero();
            assertThat(last.interruptions()).singleElement().satisfies(i -> assertThat(i.reason()).startsWith("recorder restarted"));
            assertThat(last.end().reason()).isEqualTo("recovered");
        }
    }

    @Test
    void aSessionIsSealedOnceAndTracksStartingAfterTheSealAreNotRecorded() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 8).rtp(10, 300, 10_000);
            h.awaitWritten(10);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            h.feed(session, TestTracks.audio(contractor), 111, 9).rtp(10, 80, 20_000);
            assertThat(h.recorder.seal(session, SealRequest.of(List.of()))).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat().withMessageContaining("already sealed");
            h.recorder.close(); // drains the writer: the late track had its chance to be written
            assertThat(verify(h, h.folder(r)).errors()).isEmpty();
            assertThat(trackIds(h.folder(r))).hasSize(1);
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
        }
    }

    @Test
    void askedToSealAgainAfterARestartTheRecorderRefusesAndLeavesTheSealedSessionAsItIs() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 10).rtp(10, 300, 10_000);
            h.awaitWritten(10);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            byte[] manifest = Files.readAllBytes(h.folder(r).resolve("manifest.json"));
            h.restart(); // the new process has never heard of the session, but the store has its manifest

            assertThat(h.recorder.seal(session, SealRequest.of(List.of()))).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat().havingRootCause().isInstanceOf(jp.rinjo.common.error.RinjoException.class)
                    .withMessageContaining("already sealed: its manifest is in the evidence store");
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
            assertThat(Files.readAllBytes(h.folder(r).resolve("manifest.json"))).isEqualTo(manifest);
            // a session that went live without media is still sealed, as an empty one (its manifest says who took part)
            SessionId quiet = SessionId.random();
            assertThat(h.recorder.seal(quiet, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS).tracks()).isZero();
        }
    }

    @Test
    void askedAgainWhileItsSealIsUploadingTheRecorderAnswersWithThatSeal() throws Exception {
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(dir.resolve("store")), false);
        try (RecorderHarness h = RecorderHarness.start(dir, store, c -> c.withUploadBackoffMax(java.time.Duration.ofSeconds(1)),
                Optional.empty(), s -> Optional.empty(), java.time.Duration.ofSeconds(1), RecorderHarness.SHORT_OTHER_NODES_BACKOFF)) {
            h.feed(session, TestTracks.video(contractor), 102, 11).rtp(10, 300, 10_000);
            h.awaitWritten(10);
            CompletableFuture<SealResult> first = h.recorder.seal(session, SealRequest.of(List.of()));
            Poll.until("manifest spooled", () -> Files.exists(h.spoolDir.resolve(session.value()).resolve("manifest.json")));
            CompletableFuture<SealResult> again = h.recorder.seal(session, SealRequest.of(List.of()));
            store.up = true;
            SealResult r = first.get(30, TimeUnit.SECONDS);
            assertThat(again.get(30, TimeUnit.SECONDS)).isEqualTo(r);
            assertThat(verify(h, h.folder(r)).errors()).isEmpty();
        }
    }

    @Test
    void aWriteFailureIsReportedLoudlyAndWhatItCostIsRecordedAsAGapWhenWritingResumes() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 10);
            video.rtp(10, 300, 10_000);
            h.awaitWritten(10);
            Path trackDir;
            try (var s = Files.list(h.spoolDir.resolve(session.value()).resolve("tracks"))) {
                trackDir = s.findFirst().orElseThrow();
            }
            // a directory where segment 1 must be created: a real I/O error from the file system
            Path obstacle = Files.createDirectory(trackDir.resolve("1.part"));
            video.rtp(60, 300, 10_000); // packet 50 closes segment 0; segment 1 cannot be created
            Poll.until("the failure reported", () -> !h.events.failures.isEmpty());
            assertThat(h.events.failures.get(0)).contains("writing the recording FAILED").contains("1.part");
            Files.delete(obstacle);
            long before = h.recorder.spool().stats().get("packetsWritten");
            Poll.until("writing resumes", () -> {
                video.rtp(1, 300, 10_000);
                return h.recorder.spool().stats().get("packetsWritten") > before;
            });
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("FAILED"));
            Path folder = h.folder(r);
            assertThat(verify(h, folder).errors()).isEmpty();
            Recorded rec = Recorded.track(folder, trackIds(folder).get(0));
            List<SegmentRecord.Gap> gaps = rec.of(SegmentRecord.Gap.class);
            assertThat(gaps).singleElement().satisfies(g -> assertThat(g.reason()).isEqualTo("write failed"));
            assertThat(rec.rtp().size() + gaps.get(0).packetsLost()).isEqualTo(video.sentRtp.size());
            assertThat(gaps.get(0).packetsLost()).isGreaterThanOrEqualTo(20);
            assertThat(Files.readString(folder.resolve("manifest.json"))).contains("writing the recording FAILED");
        }
    }

    @Test
    void aSegmentTheSpoolCouldNotMakeDurableIsNeverDeletedByTheSealAndItsManifestSaysSo() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 12);
            video.rtp(60, 300, 10_000);
            Poll.until("segment 0 stored", () -> h.events.stored.size() == 1);
            Path trackDir;
            try (var s = Files.list(h.spoolDir.resolve(session.value()).resolve("tracks"))) {
                trackDir = s.findFirst().orElseThrow();
            }
            // something in the way of 1.seg: renaming segment 1 into place fails, a real I/O error, three times
            Files.createDirectories(trackDir.resolve("1.seg").resolve("in-the-way"));
            video.rtp(200, 300, 10_000); // packet 250 closes segment 1
            Poll.until("the failure reported", () -> !h.events.failures.isEmpty());
            assertThat(h.events.failures.get(0)).contains("segment 1 could not be made durable");
            byte[] segment1 = Files.readAllBytes(trackDir.resolve("1.part"));

            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(30, TimeUnit.SECONDS);
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("segment 1 could not be made durable"));
            assertThat(Files.readString(h.folder(r).resolve("manifest.json"))).contains("segment 1 could not be made durable");
            assertThat(keptInSpool(h, "1.part")).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(segment1));

            // a crash between the seal's "sealed" marker and setting the files aside: the next start keeps them too
            Path kept = keptInSpool(h, "1.part").get(0);
            Path setAside = h.spoolDir.relativize(kept).getName(0);
            h.recorder.close();
            Files.move(h.spoolDir.resolve(setAside), h.spoolDir.resolve(session.value()));
            h.restart();
            assertThat(keptInSpool(h, "1.part")).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(segment1));
            h.restart(); // and a set-aside directory stays as it is, start after start
            assertThat(keptInSpool(h, "1.part")).singleElement().satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(segment1));
        }
    }

    static List<Path> keptInSpool(RecorderHarness h, String name) throws java.io.IOException {
        try (var s = Files.walk(h.spoolDir)) {
            return s.filter(f -> f.getFileName().toString().equals(name)).toList();
        }
    }

    static int runVerifyMain(Path folder, jp.rinjo.media.recording.evidence.DeploymentKey key) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path pem = Files.writeString(Files.createTempFile("deployment", ".pub.pem"), key.publicKeyPem());
        return jp.rinjo.media.recording.verify.VerifyMainAccess.run(new String[] {folder.toString(), "--quiet", "--key", pem.toString()},
                new PrintStream(out), new PrintStream(out));
    }

    static List<String> trackIds(Path folder) throws java.io.IOException {
        try (var s = Files.list(folder.resolve("tracks"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String trackId(Path folder, String kind) throws java.io.IOException {
        for (String t : trackIds(folder)) {
            if (Recorded.track(folder, t).segments.get(0).header().kind().equals(kind)) {
                return t;
            }
        }
        throw new AssertionError("no " + kind + " track in " + folder);
    }
}
