package jp.rinjo.media.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Feed;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.sfu.TestTracks;

/**
 * Tampering with an exported, sealed session — each kind detected and named exactly — and a
 * session with an interruption that still verifies.
 */
class VerifierTest {
    @TempDir
    static Path recorded;
    static TestTsa tsa;
    static Path pristine;
    static DeploymentKey key;
    static String video;
    static ParticipantId contractor;

    @TempDir
    Path work;
    Path folder;

    @BeforeAll
    static void recordASession() throws Exception {
        tsa = new TestTsa();
        SessionId session = SessionId.random();
        contractor = ParticipantId.random();
        try (RecorderHarness h = RecorderHarness.start(recorded, c -> c, Optional.of(tsa.client()))) {
            Feed v = h.feed(session, TestTracks.video(contractor), 102, 1);
            Feed a = h.feed(session, TestTracks.audio(contractor), 111, 2);
            v.rtp(1150, 200, 10_000); // 11.5 s: segments 0 (0.5 s), 1–5 (2 s each), 6 (closed by the seal)
            a.rtp(50, 80, 20_000).interrupted("republished").advance(2_000_000).rtp(50, 80, 20_000);
            h.awaitWritten(1250);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "contractor"))))
                    .get(30, TimeUnit.SECONDS);
            pristine = h.folder(r);
            key = h.key;
        }
        try (Stream<Path> s = Files.list(pristine.resolve("tracks"))) {
            for (Path t : s.toList()) {
                try (SegmentReader reader = SegmentReader.open(t.resolve("0.seg"))) {
                    if (reader.header().kind().equals("video")) {
                        video = t.getFileName().toString();
                    }
                }
            }
        }
    }

    @AfterAll
    static void stopTsa() throws Exception {
        tsa.close();
    }

    @BeforeEach
    void copy() throws Exception {
        folder = work.resolve("export");
        try (Stream<Path> s = Files.walk(pristine)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = folder.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    VerificationReport verify() throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(key.publicKeySpki()), Optional.of(tsa.certificate()), true)).verify(folder);
    }

    Path seg(int n) {
        return folder.resolve("tracks").resolve(video).resolve(n + ".seg");
    }

    String segPath(int n) {
        return "tracks/" + video + "/" + n + ".seg";
    }

    static List<String> errors(VerificationReport r) {
        return r.errors().stream().map(Finding::message).toList();
    }

    @Test
    void anUntouchedSessionVerifiesAndItsInterruptionIsReportedAsEvidence() throws Exception {
        VerificationReport r = verify();
        assertThat(r.errors()).isEmpty();
        assertThat(r.segmentsVerified()).isEqualTo(r.segmentsListed()).isGreaterThanOrEqualTo(9);
        assertThat(r.of(Finding.Severity.INFO)).anySatisfy(f -> assertThat(f.message()).startsWith("INTERRUPTION").endsWith("republished"));
        assertThat(r.of(Finding.Severity.INFO)).anySatisfy(f -> assertThat(f.message()).startsWith("time-stamped"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString(), "--tsa-cert", tsaFile().toString()},
                new PrintStream(out), new PrintStream(out));
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERIFIED: ").contains("by the key given with --key (key id " + key.keyId() + ")")
                .contains("time-stamp valid (TSA anchored with --tsa-cert)");
    }

    @Test
    void aTimeStampWhoseTsaWasNotGivenIsCalledConsistentNotValid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString()}, new PrintStream(out), new PrintStream(out));
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("WARNING manifest.tsr: TSA NOT ANCHORED")
                .contains("time-stamp consistent, TSA not anchored").doesNotContain("time-stamp valid");
    }

    @Test
    void aReSignedForgeryIsOnlyConsistentWithoutTheKeyAndNotVerifiedWithTheGenuineOne() throws Exception {
        DeploymentKey forger = DeploymentKey.generate();
        reSign(forger, "現場代理人 佐藤", "現場代理人 鈴木"); // who attended, changed: only the signing key can tell

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString()}, new PrintStream(out), new PrintStream(out));
        String withoutKey = out.toString(StandardCharsets.UTF_8);
        assertThat(withoutKey).contains("signature valid for the key the manifest names (key id " + forger.keyId() + ")")
                .contains("WARNING manifest.sig: NOT ANCHORED").contains("CONSISTENT, NOT ANCHORED: ").doesNotContain("VERIFIED:")
                .doesNotContain("trusted");
        assertThat(exit).as(withoutKey).isEqualTo(3);

        out.reset();
        exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString()}, new PrintStream(out), new PrintStream(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("manifest signed by key " + forger.keyId()
                + ", not by the deployment key given to the verifier (--key, key id " + key.keyId() + ")").contains("NOT VERIFIED");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void aTsaCertificateGivenMakesAMissingTimeStampAnError() throws Exception {
        reSign(DeploymentKey.generate(), "現場代理人 佐藤", "現場代理人 鈴木"); // dropping the token is the forger's way around the TSA
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString(), "--tsa-cert", tsaFile().toString()}, new PrintStream(out), new PrintStream(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ERROR   manifest.tsr: manifest.tsr missing").contains("NOT VERIFIED");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void everyCertificateOfTheTsaCertFileIsTrusted() throws Exception {
        try (TestTsa other = new TestTsa("Some Other TSA")) {
            Path both = Files.writeString(work.resolve("both.pem"), TestTsa.pem(other.certificate()) + TestTsa.pem(tsa.certificate()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString(), "--tsa-cert", both.toString()},
                    new PrintStream(out), new PrintStream(out));
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("time-stamp valid (TSA anchored with --tsa-cert)");
        }
    }

    @Test
    void aTimeStampFromATsaUnderACaVerifiesWithItsRootAndTheIntermediatesGivenWithTsaChain() throws Exception {
        try (TestTsa issued = new TestTsa("Accredited TSA Unit", true)) {
            Files.write(folder.resolve("manifest.tsr"), issued.client().stamp(Files.readAllBytes(folder.resolve("manifest.json"))));
            Path root = Files.writeString(work.resolve("root.pem"), TestTsa.pem(issued.root()));
            Path chain = Files.writeString(work.resolve("chain.pem"), TestTsa.pem(issued.intermediate()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString(), "--tsa-cert", root.toString()},
                    new PrintStream(out), new PrintStream(out));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("no certification path from the TSA certificate CN=Accredited TSA Unit")
                    .contains("--tsa-chain");
            assertThat(exit).isEqualTo(1);
            out.reset();
            exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString(), "--tsa-cert", root.toString(),
                    "--tsa-chain", chain.toString()}, new PrintStream(out), new PrintStream(out));
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("by CN=Accredited TSA Unit").contains("time-stamp valid");
        }
    }

    /** What a forger does: edit the manifest, drop the time-stamp, sign with a key of their own and name it in the manifest. */
    void reSign(DeploymentKey forger, String from, String to) throws Exception {
        Path m = folder.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace(from, to));
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(m.toFile());
        root.putNull("timestamp");
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("signature")).put("publicKey",
                java.util.Base64.getEncoder().encodeToString(forger.publicKeySpki())).put("keyId", forger.keyId());
        Files.write(m, jp.rinjo.media.recording.evidence.CanonicalJson.bytes(new ObjectMapper().convertValue(root, Object.class)));
        Files.write(folder.resolve("manifest.sig"), forger.sign(Files.readAllBytes(m)));
        Files.delete(folder.resolve("manifest.tsr"));
    }

    @Test
    void interruptionAndTimeStampTimesAreShownInJstWithTheZone() throws Exception {
        JsonNode gap = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile()).path("gaps").get(0);
        assertThat(gap.path("type").asText()).isEqualTo("interruption");
        DateTimeFormatter jst = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneId.of("Asia/Tokyo"));
        String from = jst.format(Instant.EPOCH.plus(gap.path("fromWallMicros").asLong(), ChronoUnit.MICROS));
        String to = jst.format(Instant.EPOCH.plus(gap.path("toWallMicros").asLong(), ChronoUnit.MICROS));
        assertThat(verify().of(Finding.Severity.INFO)).map(Finding::message).filteredOn(m -> m.startsWith("INTERRUPTION"))
                .containsExactly("INTERRUPTION " + from + " JST – " + to + " JST: republished");
        assertThat(verify().of(Finding.Severity.INFO)).map(Finding::message).filteredOn(m -> m.startsWith("time-stamped"))
                .singleElement().asString().matches("time-stamped \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST by .*");
    }

    @Test
    void aFlippedByteIsASha256MismatchOnThatSegmentAndNothingElse() throws Exception {
        byte[] b = Files.readAllBytes(seg(3));
        String expected = new jp.rinjo.media.recording.format.Sha256(
                jp.rinjo.media.recording.format.Sha256.digest(b).hex()).hex();
        b[b.length / 2] ^= 0x01;
        Files.write(seg(3), b);
        String found = jp.rinjo.media.recording.format.Sha256.digest(b).hex();
        VerificationReport r = verify();
        assertThat(errors(r)).singleElement().asString()
                .startsWith("segment " + segPath(3) + ": SHA-256 mismatch (expected " + expected + ", found " + found + ")")
                .contains("damaged").contains("CRC-32C mismatch");
        assertThat(runMain()).isEqualTo(1);
    }

    @Test
    void aFlippedByteIsCodedSegmentDamagedWithWhoseTrackWhichSegmentAndTheTimeItCovers() throws Exception {
        RecordedSegment listed;
        try (SegmentReader reader = SegmentReader.open(seg(3))) {
            listed = RecordedSegment.of(reader.readToEnd());
        }
        byte[] b = Files.readAllBytes(seg(3));
        b[b.length / 2] ^= 0x01;
        Files.write(seg(3), b);
        assertThat(verify().errors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("segment-damaged");
            assertThat(f.params()).containsEntry("track", video).containsEntry("sequence", "3").containsEntry("path", segPath(3))
                    .containsEntry("kind", "video").containsEntry("participant", contractor.value())
                    .containsEntry("participantName", "現場代理人 佐藤")
                    .containsEntry("fromMicros", String.valueOf(listed.startWallMicros()))
                    .containsEntry("toMicros", String.valueOf(listed.endWallMicros()));
            assertThat(f.toString()).as("the command's line is the English one it always was")
                    .startsWith("ERROR   " + segPath(3) + ": segment " + segPath(3) + ": SHA-256 mismatch");
        });
    }

    @Test
    void everyFindingOfAnUntouchedSessionHasACodeAndTheInterruptionSaysItsTimesAndReason() throws Exception {
        JsonNode gap = new ObjectMapper().readTree(folder.resolve("manifest.json").toFile()).path("gaps").get(0);
        VerificationReport r = verify();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.code()).as("%s", f).isNotNull());
        assertThat(r.findings()).filteredOn(f -> "interruption".equals(f.code())).singleElement().satisfies(f -> assertThat(f.params())
                .containsEntry("fromMicros", gap.path("fromWallMicros").asText()).containsEntry("toMicros", gap.path("toWallMicros").asText())
                .containsEntry("reason", "republished").containsEntry("kind", "audio").containsEntry("participantName", "現場代理人 佐藤"));
        assertThat(r.findings()).map(Finding::code).contains("timestamped", "signature-valid").doesNotContain("tsa-not-anchored");
    }

    @Test
    void aTimeStampCheckedWithoutTheTsasCertificateIsCodedTsaNotAnchoredAWarningNotAnError() throws Exception {
        VerificationReport r = new Verifier(new Verifier.Options(Optional.of(key.publicKeySpki()), Optional.empty(), false)).verify(folder);
        assertThat(r.ok()).isTrue();
        assertThat(r.of(Finding.Severity.WARNING)).map(Finding::code).containsExactly("tsa-not-anchored");
        assertThat(r.of(Finding.Severity.INFO)).filteredOn(f -> "timestamped".equals(f.code())).singleElement()
                .satisfies(f -> assertThat(f.params()).containsKeys("atMicros", "tsa", "serial"));
    }

    @Test
    void aRemovedSegmentIsNamedMissing() throws Exception {
        Files.delete(seg(4));
        VerificationReport r = verify();
        assertThat(errors(r)).singleElement().asString().contains("segment 4 missing").contains(segPath(4));
        assertThat(r.errors()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("segment-missing"))
                .satisfies(f -> assertThat(f.params()).containsEntry("sequence", "4").containsEntry("participantName", "現場代理人 佐藤"));
    }

    @Test
    void swappedSegmentsAreNamedSwapped() throws Exception {
        Path tmp = work.resolve("tmp");
        Files.move(seg(5), tmp);
        Files.move(seg(6), seg(5));
        Files.move(tmp, seg(6));
        VerificationReport r = verify();
        assertThat(errors(r)).singleElement().asString().contains("segments 5 and 6 swapped");
        assertThat(r.errors()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("segments-swapped"))
                .satisfies(f -> assertThat(f.params()).containsEntry("first", "5").containsEntry("second", "6").containsEntry("track", video));
    }

    @Test
    void reorderedSegmentsAreNamedByWhatEachHolds() throws Exception {
        Path tmp = work.resolve("tmp");
        Files.move(seg(1), tmp);
        Files.move(seg(2), seg(1));
        Files.move(seg(3), seg(2));
        Files.move(tmp, seg(3));
        assertThat(errors(verify())).containsExactly(
                "segment " + segPath(1) + " holds the content of segment 2 of track " + video + " (segments reordered)",
                "segment " + segPath(2) + " holds the content of segment 3 of track " + video + " (segments reordered)",
                "segment " + segPath(3) + " holds the content of segment 1 of track " + video + " (segments reordered)");
    }

    @Test
    void aReplacedWellFormedSegmentIsNamedReplaced() throws Exception {
        SegmentHeader header;
        long end;
        try (SegmentReader r = SegmentReader.open(seg(2))) {
            header = r.header();
            end = r.readToEnd().end().endWallMicros();
        }
        Path forged = work.resolve("forged.seg");
        try (SegmentWriter w = SegmentWriter.create(forged, header)) {
            byte[] p = new byte[212];
            p[0] = (byte) 0x80;
            p[1] = 102;
            for (int i = 0; i < 200; i++) {
                w.packet(false, header.startWallMicros() + i * 10_000L, header.startMonoNanos() + i * 10_000_000L, p, 0, p.length);
            }
            w.finish(new SegmentRecord.End(end, header.startMonoNanos() + 2_000_000_000L, "rolled"));
            w.syncAndClose();
        }
        Files.move(forged, seg(2), StandardCopyOption.REPLACE_EXISTING);
        VerificationReport r = verify();
        assertThat(errors(r)).singleElement().asString().startsWith("segment " + segPath(2) + ": SHA-256 mismatch")
                .contains("well-formed segment (track " + video + ", segment 2) with other content: it was replaced");
        assertThat(r.errors()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("segment-replaced"))
                .satisfies(f -> assertThat(f.params()).containsEntry("sequence", "2").containsEntry("track", video));
    }

    @Test
    void anEditedManifestHasAnInvalidSignatureAndATimeStampForOtherBytes() throws Exception {
        Path m = folder.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("現場代理人 佐藤", "現場代理人 鈴木"));
        List<String> errors = errors(verify());
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("manifest.sig does not verify over manifest.json (either was altered or replaced)"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("manifest.tsr: the token's imprint"));
        assertThat(errors).hasSize(2);
    }

    @Test
    void aSignatureReplacedOverAnUntouchedManifestIsNotCalledAnEditedManifest() throws Exception {
        Files.write(folder.resolve("manifest.sig"), DeploymentKey.generate().sign(Files.readAllBytes(folder.resolve("manifest.json"))));
        assertThat(errors(verify())).containsExactly("manifest.sig does not verify over manifest.json (either was altered or replaced) "
                + "with the key the manifest names (key id " + key.keyId() + ")");
    }

    @Test
    void aManifestWithoutATimeStampIsReportedAsWhatTheManifestSays() throws Exception {
        reSign(DeploymentKey.generate(), "現場代理人 佐藤", "現場代理人 佐藤");
        assertThat(new Verifier(Verifier.Options.defaults()).verify(folder).of(Finding.Severity.INFO)).map(Finding::message)
                .contains("not time-stamped: the manifest says no TSA was configured when it was sealed");
    }

    @Test
    void aMissingSignatureIsNamed() throws Exception {
        Files.delete(folder.resolve("manifest.sig"));
        assertThat(errors(verify())).containsExactly("manifest.sig missing: the manifest is not signed");
    }

    @Test
    void aMissingTimeStampIsNamedWhenTheManifestSaysItWasStamped() throws Exception {
        Files.delete(folder.resolve("manifest.tsr"));
        VerificationReport r = new Verifier(Verifier.Options.defaults()).verify(folder);
        assertThat(errors(r)).singleElement().asString().startsWith("manifest.tsr missing although the manifest names the TSA http://127.0.0.1:");
    }

    @Test
    void aManifestReSignedWithAnotherKeyIsCaughtByTheDeploymentKey() throws Exception {
        DeploymentKey forger = DeploymentKey.generate();
        Path m = folder.resolve("manifest.json");
        String text = Files.readString(m);
        String ownKey = java.util.Base64.getEncoder().encodeToString(key.publicKeySpki());
        text = text.replace(ownKey, java.util.Base64.getEncoder().encodeToString(forger.publicKeySpki())).replace(key.keyId(), forger.keyId());
        Files.writeString(m, text);
        Files.write(folder.resolve("manifest.sig"), forger.sign(Files.readAllBytes(m)));
        Files.delete(folder.resolve("manifest.tsr"));
        VerificationReport withKey = new Verifier(new Verifier.Options(Optional.of(key.publicKeySpki()), Optional.empty(), false)).verify(folder);
        assertThat(errors(withKey)).anySatisfy(e -> assertThat(e).contains("not by the deployment key given to the verifier (--key, key id "
                + key.keyId() + ")"));
    }

    @Test
    void aKeyRotatedOutStillVerifiesWhatItSignedWhenTheCommandIsGivenEveryKeyOfTheRing() throws Exception {
        // after a rotation: the current key first, the one that signed this session later in the same file
        Path ring = work.resolve("ring.pem");
        Files.writeString(ring, DeploymentKey.generate().publicKeyPem() + Files.readString(keyFile()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(VerifyMain.run(new String[] {folder.toString(), "--key", ring.toString()}, new PrintStream(out), new PrintStream(err)))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("signature valid, by the deployment key given to the verifier (--key, key id " + key.keyId() + ")")
                .contains("signature by one of the 2 keys given with --key");

        // a ring without it names the keys it holds
        Path other = Files.writeString(work.resolve("other.pem"), DeploymentKey.generate().publicKeyPem());
        err.reset();
        assertThat(VerifyMain.run(new String[] {folder.toString(), "--key", other.toString(), "--key", other.toString()}, new PrintStream(out),
                new PrintStream(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("manifest signed by key " + key.keyId() + ", not by the deployment key given to the verifier");
    }

    @Test
    void aRenditionAlteredSinceItWasMadeIsAnErrorOnTheDerivedCopyAndRenditionsAreSaidToBeUnsigned() throws Exception {
        Path renditions = Files.createDirectories(folder.resolve("renditions"));
        byte[] mp4 = "an mp4 remuxed from the segments".getBytes(StandardCharsets.UTF_8);
        Files.write(renditions.resolve("p1.mp4"), mp4);
        String manifestSha = jp.rinjo.media.recording.format.Sha256.digest(Files.readAllBytes(folder.resolve("manifest.json"))).hex();
        Files.writeString(renditions.resolve("renditions.json"), "{\"derivedFromManifestSha256\":\"" + manifestSha + "\",\"renditions\":["
                + "{\"participantId\":\"p1\",\"key\":\"sessions/x/renditions/p1.mp4\",\"sha256\":\""
                + jp.rinjo.media.recording.format.Sha256.digest(mp4).hex() + "\",\"size\":" + mp4.length + "}]}");
        VerificationReport untouched = verify();
        assertThat(untouched.ok()).as("%s", untouched).isTrue();
        assertThat(untouched.findings()).anySatisfy(x -> assertThat(x.toString()).startsWith("INFO").contains("renditions are derived")
                .contains("not signed"));

        mp4[3] ^= 1;
        Files.write(renditions.resolve("p1.mp4"), mp4);
        VerificationReport altered = verify();
        assertThat(altered.errors()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("renditions/p1.mp4");
            assertThat(e.message()).startsWith("not the playable copy made at seal").contains("altered or replaced")
                    .contains("The signed evidence (manifest and segments) is not affected");
        });
        assertThat(altered.segmentsVerified()).isEqualTo(untouched.segmentsVerified());
    }

    @Test
    void aSegmentNotInTheManifestIsNamed() throws Exception {
        Files.copy(seg(0), seg(99));
        assertThat(errors(verify())).containsExactly("segment " + segPath(99) + " is not listed in the manifest");
    }

    @Test
    void theCommandSaysWhatIsWrongAndExitsNonZero() throws Exception {
        Files.delete(seg(4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString()}, new PrintStream(out), new PrintStream(err));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR").contains("segment 4 missing").contains("NOT VERIFIED: 1 problem found");
        assertThat(VerifyMain.run(new String[] {work.resolve("nowhere").toString()}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    }

    @Test
    void aForgedTrackIdWithANulIsReportedWithTheBadSignatureNotACrash() throws Exception {
        Path m = folder.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace(video, "t\\u0000x"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile().toString()}, new PrintStream(out), new PrintStream(err));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("manifest.sig does not verify over manifest.json (either was altered or replaced)")
                .contains("track id 't\\u0000x' is not a track id").doesNotContain("\u0000").contains("NOT VERIFIED");
    }

    @Test
    void aForgedTrackIdThatIsAPathIsNotReadOutsideTheFolder() throws Exception {
        // the forger puts segments beside the folder and names them by a path from the manifest
        Path outside = work.resolve("beside").resolve(video);
        Files.createDirectories(outside);
        try (Stream<Path> s = Files.list(folder.resolve("tracks").resolve(video))) {
            for (Path p : s.toList()) {
                Files.copy(p, outside.resolve(p.getFileName()));
            }
        }
        for (String forged : new String[] {"../../beside/" + video, "..\\\\..\\\\beside\\\\" + video, video + "/.."}) {
            copyPristine();
            Path m = folder.resolve("manifest.json");
            Files.writeString(m, Files.readString(m).replace(video, forged));
            VerificationReport r = verify();
            assertThat(r.findings()).as(forged).noneSatisfy(f -> assertThat(f.subject()).contains(".."));
            assertThat(errors(r)).as(forged).anySatisfy(e -> assertThat(e).startsWith("track id '").contains("is not a track id"))
                    .anySatisfy(e -> assertThat(e).startsWith("manifest.sig does not verify over manifest.json (either was altered or replaced)"));
            assertThat(r.segmentsVerified()).as("only the audio track's segments are read").isLessThan(r.segmentsListed());
        }
    }

    void copyPristine() throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        copy();
    }

    int runMain() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return VerifyMain.run(new String[] {folder.toString(), "--quiet"}, new PrintStream(out), new PrintStream(out));
    }

    Path tsaFile() throws Exception {
        return Files.writeString(work.resolve("tsa.pem"), TestTsa.pem(tsa.certificate()));
    }

    Path keyFile() throws Exception {
        return Files.writeString(work.resolve("deployment.pub.pem"), key.publicKeyPem());
    }
}
