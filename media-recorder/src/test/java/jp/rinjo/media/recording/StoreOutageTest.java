package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.store.MinioEvidenceStore;
import jp.rinjo.media.recording.store.S3ProxyServer;
import jp.rinjo.media.recording.store.SessionExport;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.TestTracks;

/**
 * The S3 server goes down in the middle of a session (s3proxy, stopped and started again on the same
 * port): nothing is dropped while the spool has room, a full spool becomes a GAP and is reported,
 * and once the server is back the backlog and the seal are uploaded and the session verifies.
 */
class StoreOutageTest {
    @TempDir
    Path dir;

    @Test
    void nothingIsDroppedWhileTheSpoolHasRoomAndAFullSpoolBecomesAReportedGap() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SessionId session = SessionId.random();
        S3ProxyServer s3 = new S3ProxyServer(dir.resolve("s3"), port);
        MinioEvidenceStore store = new MinioEvidenceStore(s3.config("rinjo-evidence"));
        try (RecorderHarness h = RecorderHarness.start(dir, store,
                c -> c.withSegmentDuration(Duration.ofMillis(500), Duration.ofSeconds(2)).withSegmentMaxBytes(256 * 1024)
                        .withSpoolLimits(400_000, 0)
                        .withUploadBackoffMax(Duration.ofSeconds(1)), Optional.empty(), x -> Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(ParticipantId.random()), 102, 9);
            video.rtp(100, 1000, 10_000);
            Poll.until("first segment uploaded", () -> h.events.uploaded.size() >= 1);

            s3.close();
            // 5 s of video while the store is down: two closed segments of 2 s (~210 KB each) fill the 400 kB spool
            video.rtp(500, 1000, 10_000);
            Poll.until("the uploader notices", () -> h.events.storeUnavailable.get() > 0);
            Poll.until("the spool fills", () -> h.events.spoolFull.get() > 0);
            video.rtp(300, 1000, 10_000); // no room: counted, recorded as a GAP later
            h.awaitWritten(h.recorder.spool().stats().get("packetsWritten"));

            s3 = new S3ProxyServer(dir.resolve("s3"), port);
            Poll.until("backlog uploaded", Duration.ofSeconds(30), () -> h.events.spoolAvailable.get() > 0);
            assertThat(h.events.storeAvailable.get()).isPositive();
            video.rtp(50, 1000, 10_000);
            CompletableFuture<SealResult> sealed = h.recorder.seal(session, SealRequest.of(List.of()));
            SealResult r = sealed.get(30, TimeUnit.SECONDS);

            Path folder = dir.resolve("export");
            SessionExport.toFolder(store, r.objectPrefix(), folder);
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false))
                    .verify(folder);
            assertThat(report.errors()).isEmpty();
            Recorded rec = Recorded.track(folder, EvidenceRecorderTest.trackIds(folder).get(0));
            List<SegmentRecord.Gap> gaps = rec.of(SegmentRecord.Gap.class);
            assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g.reason()).isEqualTo("spool full"));
            // every packet received is either recorded or counted in a GAP: none vanished
            long lost = gaps.stream().mapToLong(SegmentRecord.Gap::packetsLost).sum();
            assertThat(rec.rtp().size() + lost).isEqualTo(video.sentRtp.size());
            assertThat(lost).isPositive();
            // and what was recorded is exactly what was sent, in order, the lost ones left out
            assertThat(video.sentRtp).containsSubsequence(rec.rtp());
            assertThat(Files.exists(h.spoolDir.resolve(session.value()))).isFalse();
        } finally {
            s3.close();
        }
    }

    @Test
    void aMinuteWithoutTheStoreLosesNoSegment() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SessionId session = SessionId.random();
        S3ProxyServer s3 = new S3ProxyServer(dir.resolve("s3"), port);
        MinioEvidenceStore store = new MinioEvidenceStore(s3.config("rinjo-evidence"));
        try (RecorderHarness h = RecorderHarness.start(dir, store,
                c -> c.withUploadBackoffMax(Duration.ofSeconds(1)), Optional.empty(), x -> Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(ParticipantId.random()), 102, 11);
            video.rtp(100, 1000, 10_000);
            Poll.until("first segment uploaded", () -> h.events.uploaded.size() >= 1);

            s3.close();
            // 60 s of ~0.8 Mbit/s video recorded while the store is down (media time: packets 10 ms apart)
            video.rtp(6000, 1000, 10_000);
            Poll.until("the uploader notices", () -> h.events.storeUnavailable.get() > 0);
            h.awaitWritten(h.recorder.spool().stats().get("packetsWritten"));
            int uploadedBefore = h.events.uploaded.size();

            s3 = new S3ProxyServer(dir.resolve("s3"), port);
            Poll.until("storage back", Duration.ofSeconds(30), () -> h.events.storeAvailable.get() > 0);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(60, TimeUnit.SECONDS);
            assertThat(h.events.uploaded.size() - uploadedBefore).as("segments of the outage uploaded afterwards")
                    .isGreaterThanOrEqualTo(25);

            Path folder = dir.resolve("export-minute");
            SessionExport.toFolder(store, r.objectPrefix(), folder);
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false))
                    .verify(folder);
            assertThat(report.errors()).isEmpty();
            Recorded rec = Recorded.track(folder, EvidenceRecorderTest.trackIds(folder).get(0));
            assertThat(rec.of(SegmentRecord.Gap.class)).as("nothing dropped").isEmpty();
            assertThat(rec.rtp()).hasSize(video.sentRtp.size());
            assertThat(h.events.spoolFull.get()).isZero();
        } finally {
            s3.close();
        }
    }
}
