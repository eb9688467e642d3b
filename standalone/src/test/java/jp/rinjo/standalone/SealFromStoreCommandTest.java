package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.archive.Archive;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.common.image.TestJpegs;
import jp.rinjo.media.recording.Events;
import jp.rinjo.media.recording.EvidenceRecorder;
import jp.rinjo.media.recording.Feed;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.media.recording.RecordingConfig;
import jp.rinjo.media.recording.StillUpload;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.recording.verify.VerifyMain;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.TestTracks;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.annotation.FramePoint;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;
import jp.rinjo.scheduling.jdbc.JdbcSessionAnnotations;
import jp.rinjo.scheduling.jdbc.JdbcSessionStills;
import jp.rinjo.scheduling.service.ContractService;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.still.SessionStill;

/**
 * {@code ./rinjo seal-lost} on a standalone's data folder, run as the operator runs it (its own
 * process): a session recorded by a node that was then lost with its spool gets sealed from the
 * store with what the database knows of it (the inspection, what was pointed at, the stills signaling
 * accepted), verifies, and appears in the archive; a session that may still be recording, and one
 * already sealed, are refused with a reason.
 */
class SealFromStoreCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    @Test
    void aLostNodesSessionIsSealedFromTheStoreAndIndexedAndTheUnsafeCasesAreRefused() throws Exception {
        Settings settings = Settings.load(null, Map.of(), new Properties(), StandaloneOptions.DEFAULTS)
                .with("media.udp-port", "0").with("data.dir", dir.toString()).with("http.port", "0");
        // a standalone that has run (its database and deployment key exist) and scheduled the inspection
        Main.Running standalone = Main.start(settings.with("admin.initial-password", "correct horse battery"), Clock.systemUTC());
        SessionId session;
        ParticipantId contractor = ParticipantId.random();
        ParticipantId inspector = ParticipantId.random();
        StillId notUploaded = StillId.random();
        byte[] photo = TestJpegs.of(1280, 960, 3);
        RecordedStill stored;
        try {
            var scheduling = standalone.scheduling();
            var admin = scheduling.auth().authenticate(scheduling.auth().login("admin", "correct horse battery").token());
            scheduling.contracts().register(admin, new ContractService.ContractDraft("R8道路第99号", "市道9号線舗装補修工事", "株式会社 臨場建設",
                    null, java.time.LocalDate.of(2026, 4, 1), java.time.LocalDate.of(2027, 3, 31), "臨場市本町9丁目"));
            java.time.Instant start = java.time.Instant.now().plus(java.time.Duration.ofHours(1));
            session = scheduling.sessions().schedule(admin, new SessionService.SessionDraft("R8道路第99号", InspectionType.STAGE_CHECK,
                    new TimeWindow(start, start.plus(java.time.Duration.ofHours(1))), "本町9丁目", null)).session().id();
        } finally {
            standalone.stop();
        }
        RecordingConfig recording = RecordingConfig.from(Main.underDataDir(settings, dir));
        Events events = new Events();
        try (EvidenceStore store = recording.openStore()) {
            EvidenceRecorder recorder = EvidenceRecorder.start(recording, store, DeploymentKey.loadOrCreate(recording.signingKeyFile()),
                    Optional.empty(), s -> Optional.empty(), events);
            PublishedTrack track = TestTracks.video(contractor);
            Feed video = new Feed(recorder.sinkFactory().sinkFor(session, track).orElseThrow(), track, 102, 21);
            video.rtp(300, 900, 10_000);
            // a still the node stored and uploaded before it was lost
            stored = recorder.stills().store(session, new StillUpload(StillId.random(), photo, micros(Instant.now()),
                    Optional.of("2026-05-28T10:13:19.500+09:00"), contractor.value(), "CONTRACTOR", Optional.empty()))
                    .get(10, TimeUnit.SECONDS);
            Path stillFile = recording.filesystemRoot().resolve("sessions").resolve(session.value()).resolve(stored.path());
            Poll.until("two segments and the still uploaded", () -> events.uploaded.size() >= 2 && Files.exists(stillFile));
            recorder.close();
        }
        deleteTree(recording.spool().dir()); // the node's machine is gone, and its spool with it
        // what signaling kept in the database during the call: what was pointed at (3 kept, 1 more counted), and the
        // stills it accepted: the one above, and one whose JPEG the node had not uploaded when it was lost
        Instant pointedAt = Instant.parse("2026-05-28T01:02:03.456789Z");
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            JdbcSessionAnnotations annotations = new JdbcSessionAnnotations(db, 3);
            annotations.keep(new SessionAnnotation(session, pointedAt, inspector, ParticipantRole.INSPECTOR, "pointer",
                    List.of(new FramePoint(3000, 6000)), "#ff3b30", null, contractor));
            annotations.keep(new SessionAnnotation(session, pointedAt.plusSeconds(2), inspector, ParticipantRole.INSPECTOR, "text",
                    List.of(new FramePoint(4123, 3000)), "#fff", "ここの配筋", contractor));
            annotations.keep(new SessionAnnotation(session, pointedAt.plusSeconds(5), inspector, ParticipantRole.INSPECTOR, "clear",
                    List.of(), null, null, null)); // kept before marks named their video
            annotations.keep(new SessionAnnotation(session, pointedAt.plusSeconds(6), inspector, ParticipantRole.INSPECTOR, "pointer",
                    List.of(new FramePoint(1, 2)), null, null, contractor));
            JdbcSessionStills stills = new JdbcSessionStills(db);
            stills.keep(new SessionStill(stored.id(), session, stored.sha256().hex(), stored.bytes(), instant(stored.receivedWallMicros()),
                    "2026-05-28T10:13:19.500+09:00", contractor, "現場代理人 佐藤", ParticipantRole.CONTRACTOR, 1280, 960, null));
            stills.keep(new SessionStill(notUploaded, session, stored.sha256().hex(), stored.bytes(),
                    instant(stored.receivedWallMicros()).plusSeconds(30), null, contractor, "現場代理人 佐藤", ParticipantRole.CONTRACTOR,
                    1280, 960, null));
        }

        Run tooSoon = sealLost(session.value(), "--why", "media node disk failed", "--data", dir.toString());
        assertThat(tooSoon.exit()).as(tooSoon.output()).isEqualTo(1);
        assertThat(tooSoon.output()).contains("refused").contains("may still be recording");

        Run sealed = sealLost(session.value(), "--why", "media node disk failed", "--min-idle", "0s", "--data", dir.toString());
        assertThat(sealed.exit()).as(sealed.output()).isZero();
        assertThat(sealed.output()).contains("sealed sessions/" + session.value() + " from the store").contains("media node disk failed")
                .contains("1 more annotations were made than the 3 kept for the session")
                .contains("1 remote stills the scheduling database describes are not in the evidence store").contains(notUploaded.value())
                .doesNotContain("not listed in this manifest");

        Path folder = recording.filesystemRoot().resolve("sessions").resolve(session.value());
        try (FilesystemEvidenceStore store = new FilesystemEvidenceStore(recording.filesystemRoot())) {
            DeploymentKey key = DeploymentKey.loadOrCreate(recording.signingKeyFile());
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(key.publicKeySpki()), Optional.empty(), false))
                    .verify(folder);
            assertThat(report.errors()).isEmpty();
            // which inspection it is, signed as a node's own seal signs it
            com.fasterxml.jackson.databind.JsonNode inspection = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(folder.resolve("manifest.json").toFile()).path("inspection");
            assertThat(inspection.path("contractNo").asText()).isEqualTo("R8道路第99号");
            assertThat(inspection.path("contractName").asText()).isEqualTo("市道9号線舗装補修工事");
            assertThat(inspection.path("typeLabel").asText()).isEqualTo("段階確認");
            assertThat(inspection.path("place").asText()).isEqualTo("本町9丁目");
            // what was pointed at and the stored still, signed as the node's own seal would have signed them
            com.fasterxml.jackson.databind.JsonNode manifest = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(folder.resolve("manifest.json").toFile());
            com.fasterxml.jackson.databind.JsonNode pointed = manifest.path("annotations");
            assertThat(pointed.findValuesAsText("shape")).containsExactly("pointer", "text", "clear");
            assertThat(pointed.get(0).toString()).isEqualTo("{\"at\":\"2026-05-28T01:02:03.456789Z\",\"by\":\"" + inspector.value()
                    + "\",\"color\":\"#ff3b30\",\"label\":null,\"points\":[[3000,6000]],\"role\":\"INSPECTOR\",\"shape\":\"pointer\",\"target\":\""
                    + contractor.value() + "\"}");
            assertThat(pointed.get(2).path("target").isNull()).as("a mark kept before marks named their video").isTrue();
            assertThat(pointed.get(1).path("label").asText()).isEqualTo("ここの配筋");
            com.fasterxml.jackson.databind.JsonNode still = manifest.path("stills");
            assertThat(still).hasSize(1);
            assertThat(still.get(0).path("id").asText()).isEqualTo(stored.id().value());
            assertThat(still.get(0).path("sha256").asText()).isEqualTo(stored.sha256().hex());
            assertThat(still.get(0).path("takenAt").path("wallMicros").asLong()).isEqualTo(stored.receivedWallMicros());
            assertThat(still.get(0).path("by").path("participant").asText()).isEqualTo(contractor.value());
            assertThat(still.get(0).path("phoneCapturedAt").asText()).isEqualTo("2026-05-28T10:13:19.500+09:00");
            Run verified = run(VerifyMain.class, folder.toString(), "--key", DeploymentKey.publicKeyFile(recording.signingKeyFile()).toString());
            assertThat(verified.exit()).as(verified.output()).isZero();
            assertThat(verified.output()).contains("signed: annotations 3").contains("signed: stills 1 (1 verified)");
            try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
                Archive archive = Archive.create(db, store, ArchiveConfig.from(Main.underDataDir(settings, dir), recording.signingKeyFile()),
                        Clock.systemUTC());
                RecordingEntry entry = archive.index().find(session).orElseThrow();
                assertThat(entry.evidence().tracks()).isEqualTo(1);
            }
        }

        Run again = sealLost(session.value(), "--why", "twice", "--min-idle", "0s", "--data", dir.toString());
        assertThat(again.exit()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("already sealed");

        Run usage = sealLost("--why", "no session given", "--data", dir.toString());
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("usage: rinjo seal-lost");
    }

    private static Run sealLost(String... args) throws Exception {
        return run(SealFromStoreCommand.class, args);
    }

    private static Run run(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
