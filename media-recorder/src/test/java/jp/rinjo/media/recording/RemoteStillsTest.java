package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.common.image.TestJpegs;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.verify.Finding;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.recording.verify.VerifyMainAccess;
import jp.rinjo.media.sfu.TestTracks;

/** Remote stills as evidence: spooled, uploaded, listed in the signed manifest, verified (DESIGN §9, EVIDENCE.md). */
class RemoteStillsTest {
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();
    final byte[] photo = TestJpegs.of(1280, 960, 3);

    StillUpload upload(StillId id, byte[] jpeg) {
        return new StillUpload(id, jpeg, 1_780_000_000_123_456L, Optional.of("2026-05-28T10:13:19.500+09:00"), contractor.value(),
                "contractor", Optional.of("req-7"));
    }

    SealResult seal(RecorderHarness h) throws Exception {
        return h.recorder.seal(session, SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "contractor"))))
                .get(30, TimeUnit.SECONDS);
    }

    static VerificationReport verify(RecorderHarness h, Path folder) throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false)).verify(folder);
    }

    @Test
    void aStillIsStoredAsReceivedListedInTheSignedManifestAndVerified() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 1);
            video.rtp(60, 800, 10_000);
            h.awaitWritten(60);
            StillId id = StillId.random();
            RecordedStill stored = h.recorder.stills().store(session, upload(id, photo)).get(10, TimeUnit.SECONDS);
            assertThat(stored.sha256()).isEqualTo(Sha256.digest(photo));
            assertThat(stored.width()).contains(1280);
            assertThat(stored.height()).contains(960);
            // readable for the inspector's page while the session goes on
            assertThat(h.recorder.stills().read(session, id).get(10, TimeUnit.SECONDS)).hasValueSatisfying(b -> assertThat(b).isEqualTo(photo));

            SealResult r = seal(h);

            Path folder = h.folder(r);
            assertThat(folder.resolve("stills/" + id.value() + ".jpg")).hasBinaryContent(photo);
            JsonNode still = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile()).path("stills").get(0);
            assertThat(still.path("id").asText()).isEqualTo(id.value());
            assertThat(still.path("path").asText()).isEqualTo("stills/" + id.value() + ".jpg");
            assertThat(still.path("sha256").asText()).isEqualTo(Sha256.digest(photo).hex());
            assertThat(still.path("bytes").asLong()).isEqualTo(photo.length);
            assertThat(still.path("takenAt").path("utc").asText()).isEqualTo("2026-05-28T20:26:40.123456Z");
            assertThat(still.path("phoneCapturedAt").asText()).isEqualTo("2026-05-28T10:13:19.500+09:00");
            assertThat(still.path("by").path("participant").asText()).isEqualTo(contractor.value());
            assertThat(still.path("by").path("role").asText()).isEqualTo("contractor");
            assertThat(still.path("width").asInt()).isEqualTo(1280);
            assertThat(still.path("request").asText()).isEqualTo("req-7");
            VerificationReport report = verify(h, folder);
            assertThat(report.errors()).isEmpty();
            assertThat(report.findings()).filteredOn(f -> Finding.Code.SIGNED_STILLS.id().equals(f.code()))
                    .singleElement().satisfies(f -> assertThat(f.params()).containsEntry("count", "1").containsEntry("verified", "1"));
            assertThat(verifyCommand(folder, h)).contains("signed: stills 1 (1 verified)");
            // after the seal the still comes from the store
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
            assertThat(h.recorder.stills().read(session, id).get(10, TimeUnit.SECONDS)).hasValueSatisfying(b -> assertThat(b).isEqualTo(photo));
        }
    }

    @Test
    void anAlteredStillIsAnError() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            StillId id = StillId.random();
            h.recorder.stills().store(session, upload(id, photo)).get(10, TimeUnit.SECONDS);
            Path folder = h.folder(seal(h));
            Files.write(folder.resolve("stills/" + id.value() + ".jpg"), TestJpegs.of(1280, 960, 4));

            VerificationReport report = verify(h, folder);

            assertThat(report.errors()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo(Finding.Code.STILL_ALTERED.id());
                assertThat(f.subject()).isEqualTo("stills/" + id.value() + ".jpg");
                assertThat(f.params()).containsEntry("still", id.value()).containsEntry("participant", contractor.value())
                        .containsEntry("participantName", "現場代理人 佐藤");
            });
        }
    }

    @Test
    void aMissingStillIsAnError() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            StillId id = StillId.random();
            h.recorder.stills().store(session, upload(id, photo)).get(10, TimeUnit.SECONDS);
            Path folder = h.folder(seal(h));
            Files.delete(folder.resolve("stills/" + id.value() + ".jpg"));

            VerificationReport report = verify(h, folder);

            assertThat(report.errors()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo(Finding.Code.STILL_MISSING.id()));
            assertThat(verifyCommand(folder, h)).contains("signed: stills 1 (0 verified)");
        }
    }

    @Test
    void aStillSentAfterTheSealOrNotAJpegIsRefused() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            assertThatThrownBy(() -> h.recorder.stills().store(session, upload(StillId.random(),
                    "<html>not a photo</html>".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RinjoException.class)
                    .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
            SealResult r = seal(h);
            StillId late = StillId.random();

            assertThatThrownBy(() -> h.recorder.stills().store(session, upload(late, photo)).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RinjoException.class)
                    .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.CONFLICT));
            assertThat(h.folder(r).resolve("stills")).doesNotExist();
            assertThat(h.spoolDir.resolve(session.value())).doesNotExist();
        }
    }

    @Test
    void aStillTheStoreHadNotReceivedBeforeARestartIsUploadedAfterItAndSealed() throws Exception {
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(dir.resolve("store")), false);
        try (RecorderHarness h = RecorderHarness.start(dir, store, c -> c, Optional.empty(), s -> Optional.empty())) {
            StillId id = StillId.random();
            h.recorder.stills().store(session, upload(id, photo)).get(10, TimeUnit.SECONDS);
            Path spooled = h.spoolDir.resolve(session.value()).resolve("stills").resolve(id.value() + ".jpg");
            assertThat(spooled).hasBinaryContent(photo); // durable in the spool while the store is down

            h.restart();
            assertThat(h.recorder.spool().recoveryReport()).containsEntry("sessions", 1L).containsEntry("queued", 1L);
            store.up = true;
            SealResult r = seal(h);

            Path folder = h.folder(r);
            assertThat(folder.resolve("stills/" + id.value() + ".jpg")).hasBinaryContent(photo);
            assertThat(verify(h, folder).errors()).isEmpty();
            assertThat(verifyCommand(folder, h)).contains("signed: stills 1 (1 verified)");
        }
    }

    @Test
    void aStillIsRefusedWhileTheSpoolIsFullAndTheSessionStillSeals() throws Exception {
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(dir.resolve("store")), false);
        try (RecorderHarness h = RecorderHarness.start(dir, store, c -> c.withSegmentMaxBytes(64 * 1024).withSpoolLimits(70_000, 0),
                Optional.empty(), s -> Optional.empty())) {
            // the store is down: what is stored stays in the spool until it is full
            int stored = 0;
            Throwable refused = null;
            while (refused == null && stored < 1000) {
                try {
                    h.recorder.stills().store(session, upload(StillId.random(), photo)).get(10, TimeUnit.SECONDS);
                    stored++;
                } catch (ExecutionException e) {
                    refused = e.getCause();
                }
            }

            assertThat(stored).isGreaterThan(0);
            assertThat(refused).isInstanceOf(RinjoException.class)
                    .satisfies(e -> assertThat(((RinjoException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
            store.up = true;
            SealResult r = seal(h);
            assertThat(new ObjectMapper().readTree(h.folder(r).resolve("manifest.json").toFile()).path("stills").size()).isEqualTo(stored);
            assertThat(verify(h, h.folder(r)).errors()).isEmpty();
        }
    }

    @Test
    void aSealFromTheStoreListsTheStillsTheDatabaseDescribesAsStoredAndSaysWhatItCannotList() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            h.feed(session, TestTracks.video(contractor), 102, 5).rtp(120, 800, 10_000);
            h.awaitWritten(120);
            Poll.until("a segment uploaded", () -> !h.events.uploaded.isEmpty());
            byte[] other = TestJpegs.of(640, 480, 5);
            RecordedStill kept = h.recorder.stills().store(session, upload(StillId.random(), photo)).get(10, TimeUnit.SECONDS);
            RecordedStill replaced = h.recorder.stills().store(session, upload(StillId.random(), other)).get(10, TimeUnit.SECONDS);
            RecordedStill undescribed = h.recorder.stills().store(session, upload(StillId.random(), photo)).get(10, TimeUnit.SECONDS);
            Path stored = ((FilesystemEvidenceStore) h.store).root().resolve("sessions/" + session.value());
            for (RecordedStill s : List.of(kept, replaced, undescribed)) {
                Poll.until("still " + s.id() + " uploaded", () -> Files.exists(stored.resolve(s.path())));
            }
            h.recorder.close(); // the node is lost, and its spool with it
            try (var files = Files.walk(h.spoolDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            // what the database describes: the first as stored; the second with another photo's hash (as if the store's
            // bytes had been replaced); a third whose JPEG the node never uploaded; nothing of the fourth
            RecordedStill described = new RecordedStill(replaced.id(), Sha256.digest(photo), photo.length, replaced.receivedWallMicros(),
                    replaced.phoneCapturedAt(), replaced.participant(), replaced.role(), replaced.width(), replaced.height(),
                    replaced.request());
            RecordedStill neverUploaded = new RecordedStill(StillId.random(), Sha256.digest(photo), photo.length, 1_780_000_001_000_000L,
                    Optional.empty(), contractor.value(), "CONTRACTOR", Optional.empty(), Optional.empty(), Optional.empty());
            StoreSealer sealer = new StoreSealer(h.store, h.key, Optional.empty(), java.time.Clock.systemUTC(), "seal-from-store@test");

            SealResult r = sealer.seal(session, "sessions/" + session.value(),
                    SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "contractor"))),
                    List.of(kept, described, neverUploaded), java.time.Duration.ZERO, "node lost");

            JsonNode listed = new ObjectMapper().readTree(h.folder(r).resolve("manifest.json").toFile()).path("stills");
            assertThat(listed).hasSize(2);
            assertThat(listed.get(0).path("id").asText()).isEqualTo(kept.id().value());
            assertThat(listed.get(0).path("sha256").asText()).isEqualTo(Sha256.digest(photo).hex());
            assertThat(listed.get(0).path("takenAt").path("wallMicros").asLong()).isEqualTo(kept.receivedWallMicros());
            assertThat(listed.get(0).path("by").path("participant").asText()).isEqualTo(contractor.value());
            assertThat(listed.get(1).path("id").asText()).isEqualTo(replaced.id().value());
            assertThat(listed.get(1).path("sha256").asText()).as("the stored bytes' hash").isEqualTo(Sha256.digest(other).hex());
            assertThat(listed.get(1).path("width").asInt()).isEqualTo(640);
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("still " + replaced.id() + " in the evidence store (")
                    .contains(Sha256.digest(other).hex()).contains("is not the one the scheduling database describes")
                    .contains(Sha256.digest(photo).hex()));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("1 remote stills the scheduling database describes are not in the evidence store")
                    .contains(neverUploaded.id().value()).contains("2026-05-29 05:26:41.000 JST"));
            assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("1 remote stills are in the evidence store but not listed")
                    .contains("stills/" + undescribed.id().value() + ".jpg"));
            VerificationReport report = verify(h, h.folder(r));
            assertThat(report.errors()).isEmpty();
            assertThat(verifyCommand(h.folder(r), h)).contains("signed: stills 2 (2 verified)");
            assertThat(stored.resolve(undescribed.path())).hasBinaryContent(photo);
        }
    }

    private static String verifyCommand(Path folder, RecorderHarness h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path pem = Files.writeString(dirOf(folder).resolve("deployment.pub.pem"), h.key.publicKeyPem());
        VerifyMainAccess.run(new String[] {folder.toString(), "--key", pem.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path dirOf(Path folder) {
        return folder.getParent();
    }
}
