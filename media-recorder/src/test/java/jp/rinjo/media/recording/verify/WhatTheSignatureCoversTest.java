package jp.rinjo.media.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Feed;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.evidence.CanonicalJson;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.InspectionInfo;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.sfu.TestTracks;

/**
 * The verifier tells the auditor what the signature covers (contract, inspection, session, recorded
 * period, participants, annotations, manifest hash), flags a package that describes another recording, and checks
 * the signed lists against the segments themselves: a manifest re-signed with the deployment key but
 * saying otherwise than its segments is caught.
 */
class WhatTheSignatureCoversTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path recorded;
    static Path pristine;
    static DeploymentKey key;
    static SessionId session = SessionId.random();

    @TempDir
    Path work;
    Path folder;

    @BeforeAll
    static void recordASession() throws Exception {
        ParticipantId contractor = ParticipantId.random();
        try (RecorderHarness h = RecorderHarness.start(recorded, c -> c, Optional.empty())) {
            Feed v = h.feed(session, TestTracks.video(contractor), 102, 1);
            Feed a = h.feed(session, TestTracks.audio(contractor), 111, 2);
            v.rtp(300, 200, 10_000);
            a.rtp(50, 80, 20_000).interrupted("republished").advance(2_000_000).rtp(50, 80, 20_000);
            h.awaitWritten(400);
            SealResult r = h.recorder.seal(session, new SealRequest(List.of(new ParticipantInfo(contractor.value(), "現場代理人 佐藤", "CONTRACTOR")),
                    Optional.of(new InspectionInfo("R8道路第12号", "国道8号舗装補修工事", "北陸建設株式会社", "道路課", "STAGE_CHECK", "段階確認",
                            "2026-11-27T14:00:00+09:00", "2026-11-27T15:00:00+09:00", "第3工区", "監督員 山田", "ENDED", "INSTRUCTION", "指示事項",
                            "鉄筋かぶりを再確認のこと", "2026-11-27T15:12:30+09:00")),
                    Map.of("annotations", List.of(annotation("pointer", List.of(List.of(3000L, 6000L)), contractor.value()),
                            annotation("clear", List.of(), contractor.value()))))).get(30, TimeUnit.SECONDS);
            pristine = h.folder(r);
            key = h.key;
        }
    }

    /** An annotation as the manifest signs it (EVIDENCE.md), drawn on the video of {@code target}. */
    static Map<String, Object> annotation(String shape, List<Object> points, String target) {
        return Map.of("at", "2026-11-27T05:03:00.123Z", "by", "par_inspector0000000000", "role", "INSPECTOR", "shape", shape,
                "points", points, "color", "#ff3b30", "target", target);
    }

    @BeforeEach
    void copy() throws Exception {
        folder = work.resolve("export");
        copyTo(folder);
    }

    void copyTo(Path target) throws Exception {
        try (Stream<Path> s = Files.walk(pristine)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    VerificationReport verify(Path f) throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(key.publicKeySpki()), Optional.empty(), false)).verify(f);
    }

    /** Edits the manifest and signs it again with the deployment's own key, as someone holding it could. */
    void resign(Consumer<ObjectNode> edit) throws Exception {
        Path m = folder.resolve("manifest.json");
        ObjectNode root = (ObjectNode) JSON.readTree(m.toFile());
        edit.accept(root);
        byte[] bytes = CanonicalJson.bytes(JSON.convertValue(root, Map.class));
        Files.write(m, bytes);
        Files.write(folder.resolve("manifest.sig"), key.sign(bytes));
    }

    String main(Path f, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of(f.toString()), Stream.of(more)).toArray(String[]::new);
        VerifyMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSummaryNamesContractInspectionSessionRecordedPeriodParticipantsAndManifestHash() throws Exception {
        Path deploymentKey = Files.writeString(Files.createTempFile("deployment", ".pub.pem"), key.publicKeyPem());
        String out = main(folder, "--quiet", "--key", deploymentKey.toString());
        String sha = Sha256.digest(Files.readAllBytes(folder.resolve("manifest.json"))).hex();
        assertThat(out).contains("signed: contract 'R8道路第12号' '国道8号舗装補修工事' (受注者 '北陸建設株式会社', 担当課 '道路課')")
                .contains("signed: inspection '段階確認' ('STAGE_CHECK'), scheduled 2026-11-27 14:00 JST – 2026-11-27 15:00 JST, "
                        + "place '第3工区', inspector '監督員 山田'")
                .contains("signed: outcome 'ENDED', result '指示事項' ('INSTRUCTION'), note '鉄筋かぶりを再確認のこと', ended 2026-11-27 15:12 JST")
                .containsPattern("signed: session '" + session.value() + "', recorded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST – "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST")
                .contains("signed: participants '現場代理人 佐藤' ('CONTRACTOR')")
                .contains("signed: annotations 2 (what was pointed at on the live video, by whom and when)")
                .contains("signed: manifest.json SHA-256 " + sha)
                .contains("VERIFIED");
    }

    @Test
    void aManifestSealedBeforeMarksNamedTheirVideoStillVerifies() throws Exception {
        resign(root -> root.withArray("annotations").forEach(a -> ((ObjectNode) a).remove("target")));
        assertThat(Files.readString(folder.resolve("manifest.json"))).contains("\"shape\":\"pointer\"").doesNotContain("\"target\"");
        Path deploymentKey = Files.writeString(Files.createTempFile("deployment", ".pub.pem"), key.publicKeyPem());
        assertThat(main(folder, "--quiet", "--key", deploymentKey.toString()))
                .contains("signed: annotations 2 (what was pointed at on the live video, by whom and when)").contains("VERIFIED");
    }

    @Test
    void aManifestSealedBeforeItNamedTheInspectionStillVerifiesAndSaysSo() throws Exception {
        resign(root -> root.remove("inspection"));
        VerificationReport r = verify(folder);
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.INFO)).map(Finding::message)
                .contains("the manifest does not name the inspection (it was sealed before manifests named it); nothing signed names its contract");
    }

    @Test
    void aPackageWhoseFolderAndReadmeNameAnotherRecordingIsFlaggedNamingBoth() throws Exception {
        Path other = work.resolve("rinjo-R7河川第3号-ses_0000000000000000000a");
        copyTo(other);
        Files.writeString(other.resolve("README.txt"), """
                契約番号 / Contract no.      : R7河川第3号
                工事名 / Project             : 一級河川護岸工事
                セッション / Session         : ses_0000000000000000000a
                """);
        VerificationReport r = verify(other);
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.WARNING)).map(Finding::toString)
                .anySatisfy(w -> assertThat(w).contains("folder 'rinjo-R7河川第3号-ses_0000000000000000000a': names contract 'R7河川第3号', "
                        + "session 'ses_0000000000000000000a'; the signed manifest is of contract 'R8道路第12号', session '" + session.value() + "'"))
                .anySatisfy(w -> assertThat(w).contains("README.txt: names contract 'R7河川第3号', session 'ses_0000000000000000000a'; "
                        + "the signed manifest is of contract 'R8道路第12号'"));

        Path same = work.resolve("rinjo-R8道路第12号-" + session.value());
        copyTo(same);
        Files.writeString(same.resolve("README.txt"), "契約番号 / Contract no.      : R8道路第12号\nセッション / Session         : "
                + session.value() + "\n");
        assertThat(verify(same).of(Finding.Severity.WARNING)).noneSatisfy(w -> assertThat(w.message()).contains("names contract"));
    }

    @Test
    void aGapListWithTheRightCountButOtherContentIsCaught() throws Exception {
        resign(root -> ((ObjectNode) root.withArray("gaps").get(0)).put("reason", "network"));
        assertThat(verify(folder).errors()).map(Finding::message)
                .anySatisfy(e -> assertThat(e).contains("gaps").contains("'network'").contains("'republished'"));
    }

    @Test
    void aTrackEntryNamingAnotherParticipantThanItsSegmentsIsCaught() throws Exception {
        String[] trackId = new String[1];
        resign(root -> {
            ObjectNode track = (ObjectNode) root.withArray("tracks").get(0);
            trackId[0] = track.path("id").asText();
            track.put("participant", "par_someoneelse0000000000");
        });
        assertThat(verify(folder).errors()).map(Finding::message)
                .anySatisfy(e -> assertThat(e).startsWith("track " + trackId[0] + ": the manifest says participant 'par_someoneelse0000000000'")
                        .contains("its segment 0 says"));
    }
}
