package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.archive.testing.RecordedSession;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;

/** The archive's REST API over real HTTPS, on a session the real recorder sealed. */
class ArchiveApiTest {
    @TempDir
    Path dir;
    ArchiveScenario sc;
    String inspector;

    @BeforeEach
    void setUp() throws Exception {
        sc = new ArchiveScenario(dir);
        inspector = sc.token("inspector1");
    }

    @AfterEach
    void tearDown() throws Exception {
        sc.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aSealedSessionIsFoundByPartialJapaneseTextAndShownWithItsTimelineParticipantsAndRetention() throws Exception {
        JsonObject page = sc.json("GET", "/api/archive/recordings?q=" + enc("舗装"), inspector, null, 200);
        JsonArray items = page.getJsonArray("items");
        assertThat(items).hasSize(1);
        JsonObject r = items.getJsonObject(0);
        assertThat(r.getString("sessionId")).isEqualTo(sc.sessionId.value());
        assertThat(r.getJsonObject("contract").getString("no")).isEqualTo(ArchiveScenario.CONTRACT);
        assertThat(r.getJsonObject("contract").getString("department")).isEqualTo("道路課");
        assertThat(r.getString("inspectionTypeLabel")).isEqualTo("段階確認");
        assertThat(r.getString("inspectorName")).isEqualTo("監督 太郎");
        assertThat(r.getJsonObject("recordedFrom").getString("display")).endsWith("JST");
        // the synthetic feed sends its packets within milliseconds of real time: a short recording
        assertThat(r.getLong("durationSeconds")).isBetween(0L, 3L);
        assertThat(r.getLong("sizeBytes")).isGreaterThan(RecordedSession.RENDITION_BYTES);
        assertThat(r.getJsonObject("integrity").getString("status")).isEqualTo("UNVERIFIED");
        assertThat(page.getBoolean("hasMore")).isFalse();
        // full-width digits and the number's own characters match too; words are ANDed
        assertThat(sc.json("GET", "/api/archive/recordings?q=" + enc("Ｒ８道路 補修"), inspector, null, 200).getJsonArray("items")).hasSize(1);
        assertThat(sc.json("GET", "/api/archive/recordings?q=" + enc("舗装 河川"), inspector, null, 200).getJsonArray("items")).isEmpty();
        assertThat(sc.json("GET", "/api/archive/recordings?type=WITNESS", inspector, null, 200).getJsonArray("items")).isEmpty();
        String today = java.time.LocalDate.now(jp.rinjo.common.time.Jst.ZONE).toString();
        assertThat(sc.json("GET", "/api/archive/recordings?from=" + today + "&to=" + today, inspector, null, 200).getJsonArray("items")).hasSize(1);

        JsonObject detail = sc.json("GET", sc.recordingPath(), inspector, null, 200);
        assertThat(detail.getJsonArray("participants").getJsonObject(0).getString("displayName")).isEqualTo("現場代理人 山田");
        JsonObject rendition = detail.getJsonArray("renditions").getJsonObject(0);
        assertThat(rendition.getString("url")).isEqualTo(sc.renditionPath());
        assertThat(rendition.getString("participantName")).isEqualTo("現場代理人 山田");
        JsonObject timeline = detail.getJsonObject("timeline");
        assertThat(timeline.getJsonArray("lanes")).hasSize(2);
        assertThat(timeline.getJsonArray("lanes").getJsonObject(0).getJsonArray("recorded")).hasSize(1);
        assertThat(timeline.getLong("endWallMicros") - timeline.getLong("startWallMicros")).isBetween(0L, 3_000_000L);
        assertThat(timeline.getJsonObject("start").getString("jst")).endsWith("+09:00");
        JsonObject retention = detail.getJsonObject("retention");
        assertThat(retention.getInteger("years")).isEqualTo(10);
        assertThat(retention.getBoolean("deletable")).isFalse();
        assertThat(detail.getJsonObject("evidence").getString("manifestSha256")).isEqualTo(sc.recorded.sealed.manifestSha256().hex());
    }

    @Test
    void theRenditionIsServedWithRangeRequestsSoPlayersCanSeek() throws Exception {
        byte[] all = sc.recorded.rendition;
        int size = all.length;
        HttpResponse<Buffer> whole = sc.get(sc.renditionPath(), inspector, Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.getHeader("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.getHeader("Content-Type")).isEqualTo("video/mp4");
        assertThat(whole.getHeader("Content-Length")).isEqualTo(Integer.toString(size));
        assertThat(whole.body().getBytes()).isEqualTo(all);

        // seeking into the middle: a player asks for the bytes from there on
        HttpResponse<Buffer> middle = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=150000-150999"));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.getHeader("Content-Range")).isEqualTo("bytes 150000-150999/" + size);
        assertThat(middle.getHeader("Content-Length")).isEqualTo("1000");
        assertThat(middle.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, 150_000, 151_000));

        HttpResponse<Buffer> open = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=299000-"));
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.getHeader("Content-Range")).isEqualTo("bytes 299000-299999/" + size);
        assertThat(open.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, 299_000, size));

        HttpResponse<Buffer> probe = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=0-1")); // Safari's first request
        assertThat(probe.statusCode()).isEqualTo(206);
        assertThat(probe.body().getBytes()).containsExactly(all[0], all[1]);

        HttpResponse<Buffer> suffix = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=-10"));
        assertThat(suffix.getHeader("Content-Range")).isEqualTo("bytes " + (size - 10) + "-" + (size - 1) + "/" + size);
        assertThat(suffix.body().getBytes()).isEqualTo(Arrays.copyOfRange(all, size - 10, size));

        HttpResponse<Buffer> beyond = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=" + size + "-"));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.getHeader("Content-Range")).isEqualTo("bytes */" + size);
        assertThat(beyond.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("range-not-satisfiable");

        // a stale copy (If-Range with another ETag) gets the whole file; several ranges too
        assertThat(sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=10-20", "If-Range", "\"other\"")).statusCode()).isEqualTo(200);
        assertThat(sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=0-1,5-6")).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> download = sc.get(sc.renditionPath() + "?download=1", inspector, Map.of());
        assertThat(download.getHeader("Content-Disposition")).startsWith("attachment;").contains("filename*=UTF-8''");

        var head = sc.node.http.head(sc.renditionPath()).putHeader("Authorization", "Bearer " + inspector)
                .send().toCompletionStage().toCompletableFuture().get();
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(size));

        // many range requests of one playback are one PLAY row in the audit log; the download is its own
        var plays = sc.archive.audit().list(sc.sessionId.value(), null, 100).stream().map(a -> a.event().action().name()).toList();
        assertThat(plays).containsOnlyOnce("PLAY").containsOnlyOnce("DOWNLOAD");
    }

    @Test
    void aPlayWhoseAuditRowCouldNotBeWrittenIsNotServedAndTheNextRequestIsAuditedAgain() throws Exception {
        try (Connection c = sc.archive.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE archive_audit_log RENAME TO archive_audit_log_away");
        }
        HttpResponse<Buffer> refused = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=0-1"));
        assertThat(refused.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(refused.getHeader("Content-Range")).isNull();
        try (Connection c = sc.archive.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE archive_audit_log_away RENAME TO archive_audit_log");
        }

        // the failed write opened no window: the next range request of the same playback writes its row
        HttpResponse<Buffer> served = sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=100-199"));
        assertThat(served.statusCode()).isEqualTo(206);
        var rows = sc.archive.audit().list(sc.sessionId.value(), null, 100).stream().map(a -> a.event().action() + ":" + a.event().outcome()).toList();
        assertThat(rows).containsOnlyOnce("PLAY:OK");
        // and that row does open the window
        assertThat(sc.get(sc.renditionPath(), inspector, Map.of("Range", "bytes=200-299")).statusCode()).isEqualTo(206);
        assertThat(sc.archive.audit().list(sc.sessionId.value(), null, 100).stream().filter(a -> a.event().action().name().equals("PLAY"))).hasSize(1);
    }

    @Test
    void verifyingFromTheApiUsesTheVerifierAndCatchesAFlippedByte() throws Exception {
        JsonObject ok = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        assertThat(ok.getString("status")).as(ok.encodePrettily()).isEqualTo("OK");
        assertThat(ok.getInteger("segmentsVerified")).isEqualTo(sc.recorded.sealed.segments());
        assertThat(ok.getJsonArray("findings").stream().map(JsonObject.class::cast).map(x -> x.getString("message")))
                .anyMatch(m -> m.contains("by the deployment key given to the verifier"));
        JsonObject listed = sc.json("GET", "/api/archive/recordings", inspector, null, 200).getJsonArray("items").getJsonObject(0);
        assertThat(listed.getJsonObject("integrity").getString("status")).isEqualTo("OK");

        Path segment;
        try (var files = Files.walk(sc.folder().resolve("tracks"))) {
            segment = files.filter(p -> p.toString().endsWith("/1.seg")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(segment);
        b[b.length / 2] ^= 1;
        Files.write(segment, b);
        JsonObject failed = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getJsonArray("findings").stream().map(JsonObject.class::cast).filter(x -> x.getString("severity").equals("ERROR"))
                .map(x -> x.getString("subject"))).anyMatch(s -> s.endsWith("/1.seg"));
        JsonObject detail = sc.json("GET", sc.recordingPath(), inspector, null, 200);
        assertThat(detail.getJsonObject("recording").getJsonObject("integrity").getString("status")).isEqualTo("FAILED");
        assertThat(detail.getJsonObject("recording").getJsonObject("integrity").getString("detail")).contains("1.seg");
    }

    @Test
    void aFailedVerificationsReasonComesWithItsCodeForThePageAndIsStillThereAfterAReload() throws Exception {
        Path segment;
        try (var files = Files.walk(sc.folder().resolve("tracks"))) {
            segment = files.filter(p -> p.toString().endsWith("/1.seg")).findFirst().orElseThrow();
        }
        String track = segment.getParent().getFileName().toString();
        byte[] b = Files.readAllBytes(segment);
        b[b.length / 2] ^= 1;
        Files.write(segment, b);
        JsonObject failed = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        JsonObject error = failed.getJsonArray("findings").stream().map(JsonObject.class::cast)
                .filter(x -> x.getString("severity").equals("ERROR")).findFirst().orElseThrow();
        assertThat(error.getString("code")).isEqualTo("segment-damaged");
        assertThat(error.getJsonObject("params").getMap()).containsEntry("track", track).containsEntry("sequence", "1")
                .containsEntry("participantName", "現場代理人 山田").containsKeys("fromMicros", "toMicros");
        assertThat(error.getString("message")).contains("SHA-256 mismatch"); // the technical detail stays

        // the page opened again (or by someone else) gets the same reason from the index
        JsonObject integrity = sc.json("GET", sc.recordingPath(), inspector, null, 200).getJsonObject("recording").getJsonObject("integrity");
        assertThat(integrity.getString("status")).isEqualTo("FAILED");
        assertThat(integrity.getJsonArray("findings")).hasSize(1).first().isEqualTo(error);
        assertThat(sc.json("GET", "/api/archive/recordings", inspector, null, 200).getJsonArray("items").getJsonObject(0)
                .getJsonObject("integrity").getJsonArray("findings").getJsonObject(0).getString("code")).isEqualTo("segment-damaged");
    }

    @Test
    void verifyingFromTheApiNamesARenditionReplacedInTheStoreEvenWithItsRenditionsJsonEntry() throws Exception {
        Path mp4 = sc.folder().resolve("renditions").resolve(sc.recorded.contractor.value() + ".mp4");
        byte[] replaced = Files.readAllBytes(mp4);
        replaced[100] ^= 1;
        Files.write(mp4, replaced);
        JsonObject failed = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        String subject = "renditions/" + sc.recorded.contractor.value() + ".mp4";
        assertThat(failed.getJsonArray("findings").stream().map(JsonObject.class::cast).filter(x -> x.getString("severity").equals("ERROR")))
                .singleElement().satisfies(x -> {
                    assertThat(x.getString("subject")).isEqualTo(subject);
                    assertThat(x.getString("message")).startsWith("not the playable copy made at seal").contains("is not affected");
                });
        assertThat(failed.getInteger("segmentsVerified")).isEqualTo(sc.recorded.sealed.segments());

        // the forger who also rewrites renditions.json is caught by the hash indexed at seal
        Path index = sc.folder().resolve("renditions/renditions.json");
        Files.writeString(index, Files.readString(index).replace(Sha256.digest(sc.recorded.rendition).hex(), Sha256.digest(replaced).hex()));
        JsonObject stillFailed = sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        assertThat(stillFailed.getString("status")).isEqualTo("FAILED");
        assertThat(stillFailed.getJsonArray("findings").stream().map(JsonObject.class::cast).filter(x -> x.getString("severity").equals("ERROR")))
                .singleElement().satisfies(x -> {
                    assertThat(x.getString("subject")).isEqualTo(subject);
                    assertThat(x.getString("message")).startsWith("not the rendition indexed when the session was sealed");
                });
    }

    @Test
    void anExportIsAZipThatVerifiesOfflineAfterUnzipping() throws Exception {
        String clerk = sc.token("clerk1");
        JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
        assertThat(job.getString("state")).isEqualTo("READY");
        assertThat(job.getLong("totalBytes")).isGreaterThan(RecordedSession.RENDITION_BYTES);
        // someone else cannot see or take another person's export
        assertThat(sc.call("GET", job.getString("statusUrl"), inspector, null).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> zip = sc.get(job.getString("downloadUrl"), clerk, Map.of());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.getHeader("Content-Type")).isEqualTo("application/zip");
        assertThat(zip.getHeader("Content-Disposition")).contains("filename*=UTF-8''rinjo-" + enc(ArchiveScenario.CONTRACT));
        Path out = dir.resolve("unzipped");
        unzip(zip.body().getBytes(), out);
        Path folder = out.resolve("rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value());
        assertThat(folder.resolve("README.txt")).content(StandardCharsets.UTF_8).contains("./rinjo verify").contains("オフラインでの検証")
                .contains(sc.recorded.sealed.manifestSha256().hex());
        assertThat(folder.resolve("renditions").resolve(sc.recorded.contractor.value() + ".mp4")).hasBinaryContent(sc.recorded.rendition);
        // the specifications travel with the evidence, as they are beside the code, and the README points to them there
        Path sources = Path.of("..", "media-recorder", "src", "main", "java", "jp", "rinjo", "media", "recording");
        assertThat(folder.resolve("EVIDENCE.md")).hasSameBinaryContentAs(sources.resolve("evidence/EVIDENCE.md"));
        assertThat(folder.resolve("FORMAT.md")).hasSameBinaryContentAs(sources.resolve("format/FORMAT.md"));
        assertThat(folder.resolve("README.txt")).content(StandardCharsets.UTF_8).contains("EVIDENCE.md and FORMAT.md, in this folder")
                .doesNotContain("media-recorder/.../");
        byte[] key = DeploymentKey.pemDecode(Files.readString(folder.resolve("deployment-key.pub.pem")), "PUBLIC KEY", "package");
        assertThat(key).isEqualTo(sc.recorder.key.publicKeySpki());
        VerificationReport report = new Verifier(new Verifier.Options(Optional.of(key), Optional.empty(), false)).verify(folder);
        assertThat(report.ok()).as("%s", report).isTrue();
        assertThat(report.segmentsVerified()).isEqualTo(sc.recorded.sealed.segments());

        JsonObject done = sc.json("GET", job.getString("statusUrl"), clerk, null, 200);
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getLong("bytesDone")).isEqualTo(done.getLong("totalBytes"));
        assertThat(sc.call("GET", job.getString("downloadUrl"), clerk, null).statusCode()).isEqualTo(409); // one download per export
        assertThat(sc.archive.audit().list(sc.sessionId.value(), null, 10)).anySatisfy(a -> {
            assertThat(a.event().action().name()).isEqualTo("EXPORT");
            assertThat(a.event().actorName()).isEqualTo("記録 花子");
        });
    }

    @Test
    void theExportedReadmesVerifyCommandWorksAsWrittenWithTheKeyTakenFromTheArchiveNotThePackage() throws Exception {
        String clerk = sc.token("clerk1");
        JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
        Path out = dir.resolve("unzipped");
        unzip(sc.get(job.getString("downloadUrl"), clerk, Map.of()).body().getBytes(), out);
        String folder = "rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value();
        String readme = Files.readString(out.resolve(folder).resolve("README.txt"));
        String args = folder + " --key <DEPLOYMENT-KEY.pem>";
        // the Japanese and the English part give the same command, and the JAR's line the same arguments
        assertThat(readme.lines().map(String::strip).filter(l -> l.startsWith("./rinjo verify ")))
                .containsExactly("./rinjo verify " + args, "./rinjo verify " + args);
        assertThat(readme.lines().map(String::strip).filter(l -> l.startsWith("java -jar ")))
                .hasSize(2).allSatisfy(l -> assertThat(l).isEqualTo("java -jar " + folder + "/verifier/rinjo-verify.jar " + args));
        assertThat(readme).contains("-in " + folder + "/manifest.json -sigfile " + folder + "/manifest.sig")
                .contains("GET /api/archive/deployment-key").doesNotContain("--key " + folder);

        // the key as the README says to get it: from the archive, compared by its id with what the recording's page shows
        JsonObject key = sc.json("GET", "/api/archive/deployment-key", clerk, null, 200);
        assertThat(key.getString("keyId")).isEqualTo(sc.recorder.key.keyId())
                .isEqualTo(sc.json("GET", sc.recordingPath(), clerk, null, 200).getJsonObject("evidence").getString("signingKeyId"));
        Files.writeString(out.resolve("DEPLOYMENT-KEY.pem"), key.getString("pem"));
        // the source's verify command, and the one the package carries (java -jar, no classpath of ours)
        List<List<String>> commands = List.of(readmeCommand(args), packagedCommand(readme));

        for (List<String> command : commands) {
            Run genuine = run(command, out);
            assertThat(genuine.exit()).as(genuine.output()).isZero();
            assertThat(genuine.output()).contains("by the key given with --key (key id " + sc.recorder.key.keyId() + ")").contains("VERIFIED: ");
        }

        // a forger alters the package, re-signs it and ships their own key and README: the genuine key does not verify it
        Path m = out.resolve(folder).resolve("manifest.json");
        DeploymentKey forger = DeploymentKey.generate();
        String forged = Files.readString(m).replace(Base64.getEncoder().encodeToString(sc.recorder.key.publicKeySpki()),
                Base64.getEncoder().encodeToString(forger.publicKeySpki())).replace(sc.recorder.key.keyId(), forger.keyId());
        String genuineSha = jp.rinjo.media.recording.format.Sha256.digest(Files.readAllBytes(m)).hex();
        Files.writeString(m, forged);
        Files.write(out.resolve(folder).resolve("manifest.sig"), forger.sign(Files.readAllBytes(m)));
        // a thorough forger also points the (unsigned) renditions.json at the new manifest
        Path renditionsJson = out.resolve(folder).resolve("renditions/renditions.json");
        if (Files.exists(renditionsJson)) {
            Files.writeString(renditionsJson, Files.readString(renditionsJson).replace(genuineSha,
                    jp.rinjo.media.recording.format.Sha256.digest(Files.readAllBytes(m)).hex()));
        }
        Files.writeString(out.resolve(folder).resolve("deployment-key.pub.pem"), forger.publicKeyPem());
        for (List<String> command : commands) {
            Run caught = run(command, out);
            assertThat(caught.exit()).as(caught.output()).isEqualTo(1);
            assertThat(caught.output()).contains("manifest signed by key " + forger.keyId()).contains("NOT VERIFIED")
                    .doesNotContainPattern("(?m)^VERIFIED");
        }
        // and without a key the verifier does not call it verified either
        Run unanchored = run(readmeCommand(folder), out);
        assertThat(unanchored.exit()).as(unanchored.output()).isEqualTo(3);
        assertThat(unanchored.output()).contains("CONSISTENT, NOT ANCHORED").doesNotContainPattern("(?m)^VERIFIED");
    }

    record Run(int exit, String output) {
    }

    /** The README's java line: the verifier's main class with those arguments. */
    static List<String> readmeCommand(String args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Verifier.class.getPackageName() + ".VerifyMain"));
        command.addAll(List.of(args.replace("<DEPLOYMENT-KEY.pem>", "DEPLOYMENT-KEY.pem").split(" ")));
        return command;
    }

    /** The README's {@code java -jar} line (the verifier inside the package), run with this JVM's java. */
    static List<String> packagedCommand(String readme) {
        List<String> lines = readme.lines().map(String::strip).filter(l -> l.startsWith("java -jar ")).distinct().toList();
        assertThat(lines).as("one java -jar command, the same in both languages").hasSize(1);
        List<String> command = new ArrayList<>(List.of(lines.get(0).replace("<DEPLOYMENT-KEY.pem>", "DEPLOYMENT-KEY.pem").split(" ")));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return command;
    }

    /** Runs it where the ZIP was unzipped. */
    static Run run(List<String> command, Path where) throws Exception {
        Process p = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    @Test
    void deletionIsRefusedWhileRetentionRunsAndUnderLegalHoldThenDeletesEverythingAndIsAudited() throws Exception {
        String admin = sc.token("admin");
        String policy = "/api/archive/contracts/" + enc(ArchiveScenario.CONTRACT) + "/policy";
        JsonObject refused = sc.json("DELETE", sc.recordingPath(), admin, null, 409);
        assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("retention-active");

        sc.json("PUT", policy, admin, new JsonObject().put("retentionYears", 1).put("legalHold", true).put("holdReason", "訴訟対応 2026-001"), 200);
        sc.f.clock.advance(Duration.ofDays(2 * 366));
        admin = sc.token("admin");
        assertThat(sc.json("DELETE", sc.recordingPath(), admin, null, 409).getJsonObject("error").getString("code")).isEqualTo("legal-hold");
        assertThat(sc.json("GET", policy, sc.token("inspector1"), null, 200).getBoolean("legalHold")).isTrue();

        sc.json("PUT", policy, admin, new JsonObject().put("retentionYears", 1).put("legalHold", false), 200);
        assertThat(sc.call("DELETE", sc.recordingPath(), admin, null).statusCode()).isEqualTo(204);
        assertThat(sc.archive.store().list(sc.recorded.sealed.objectPrefix() + "/")).isEmpty();
        assertThat(sc.call("GET", sc.recordingPath(), admin, null).statusCode()).isEqualTo(404);
        var actions = sc.archive.audit().list(sc.sessionId.value(), null, 50).stream()
                .map(a -> a.event().action() + ":" + a.event().outcome()).toList();
        assertThat(actions).contains("DELETE:OK", "DELETE:REFUSED");
        assertThat(sc.archive.audit().list(null, null, 50)).anySatisfy(a -> {
            assertThat(a.event().action().name()).isEqualTo("POLICY");
            assertThat(a.event().detail()).contains("訴訟対応");
        });
    }

    @Test
    void theAuditLogVerifiesAndAnEditedRowIsDetected() throws Exception {
        sc.json("GET", "/api/archive/recordings", inspector, null, 200);
        sc.json("GET", sc.recordingPath(), inspector, null, 200);
        String admin = sc.token("admin");
        JsonObject check = sc.json("GET", "/api/archive/audit/verify", admin, null, 200);
        assertThat(check.getBoolean("ok")).isTrue();
        assertThat(check.getLong("rows")).isGreaterThanOrEqualTo(2);
        JsonArray rows = new JsonArray(sc.call("GET", "/api/archive/audit?limit=10", admin, null).bodyAsString());
        assertThat(rows.getJsonObject(0).getString("action")).isEqualTo("AUDIT_VERIFY");

        long newest = rows.getJsonObject(0).getLong("seq");
        JsonArray above = new JsonArray(sc.call("GET", "/api/archive/audit?after=" + (newest - 3) + "&limit=2", admin, null).bodyAsString());
        assertThat(above.stream().map(o -> ((JsonObject) o).getLong("seq")).toList()).containsExactly(newest - 1, newest - 2);
        var both = sc.call("GET", "/api/archive/audit?after=1&before=5", admin, null);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.bodyAsString()).contains("before and after");
        JsonArray reads = new JsonArray(sc.call("GET", "/api/archive/audit?limit=3", admin, null).bodyAsString());
        // the refused pair is turned away before reading (like a bad limit); the read with after says so
        assertThat(reads.getJsonObject(0).getString("action")).isEqualTo("AUDIT_READ");
        assertThat(reads.getJsonObject(0).getValue("detail").toString()).contains("\"afterSeq\":" + (newest - 3));

        try (Connection c = sc.archive.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE archive_audit_log SET actor_name = '別人' WHERE seq = 2");
        }
        JsonObject broken = sc.json("GET", "/api/archive/audit/verify", admin, null, 200);
        assertThat(broken.getBoolean("ok")).isFalse();
        assertThat(broken.getLong("firstBadSeq")).isEqualTo(2);
        assertThat(broken.getString("problem")).contains("altered");
    }

    @Test
    void reindexingFromTheStoreRestoresTheIndexAndKeepsTheVerificationResult() throws Exception {
        sc.json("POST", sc.recordingPath() + "/verify", inspector, null, 200);
        String admin = sc.token("admin");
        JsonObject again = sc.json("POST", "/api/archive/reindex", admin, null, 200);
        assertThat(again.getInteger("manifests")).isEqualTo(1);
        assertThat(again.getInteger("updated")).isEqualTo(1);
        assertThat(sc.json("GET", sc.recordingPath(), admin, null, 200).getJsonObject("recording").getJsonObject("integrity")
                .getString("status")).isEqualTo("OK");

        sc.archive.index().delete(sc.sessionId);
        JsonObject rebuilt = sc.json("POST", "/api/archive/reindex", admin, null, 200);
        assertThat(rebuilt.getInteger("inserted")).isEqualTo(1);
        JsonObject detail = sc.json("GET", sc.recordingPath(), inspector, null, 200);
        assertThat(detail.getJsonObject("recording").getString("inspectorName")).isEqualTo("監督 太郎");
        assertThat(detail.getJsonArray("renditions")).hasSize(1);
        assertThat(rebuilt.getInteger("unsealed")).isZero();

        // a session whose node uploaded segments and never sealed (still recording, or the node is gone) is named, not indexed
        SessionId unsealed = SessionId.random();
        Path segment = dir.resolve("orphan.seg");
        Files.write(segment, new byte[] {1, 2, 3});
        sc.archive.store().put("sessions/" + unsealed.value() + "/tracks/trk_1/0.seg", segment, Sha256.digest(new byte[] {1, 2, 3}),
                PutOptions.of(PutOptions.SEGMENT_TYPE));
        JsonObject named = sc.json("POST", "/api/archive/reindex", admin, null, 200);
        assertThat(named.getInteger("unsealed")).isEqualTo(1);
        assertThat(named.getInteger("manifests")).isEqualTo(1);
        assertThat(named.getJsonArray("problems").encode()).contains("sessions/" + unsealed.value() + ": segments but no manifest")
                .contains("./rinjo seal-lost " + unsealed.value());
    }

    @Test
    void anAdminReMakesMissingRenditionsFromTheSegmentsButTheStoreRefusesToOverwriteOthers() throws Exception {
        String admin = sc.token("admin");
        assertThat(code(sc.call("POST", sc.recordingPath() + "/renditions", inspector, null))).isEqualTo("forbidden");
        // the stand-in rendition differs from what the segments render to: the store keeps it, the caller is told why
        JsonObject refused = sc.json("POST", sc.recordingPath() + "/renditions", admin, null, 409);
        assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("conflict");
        assertThat(refused.getJsonObject("error").getString("message")).contains("never overwrites");
        assertThat(sc.get(sc.renditionPath(), inspector, Map.of()).body().getBytes()).isEqualTo(sc.recorded.rendition);

        // rendering failed at seal: no renditions at all (removed here from the folder store)
        try (var files = Files.walk(sc.folder().resolve("renditions"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        sc.archive.indexer().index(sc.recorded.sealed.objectPrefix());
        assertThat(sc.json("GET", sc.recordingPath(), inspector, null, 200).getJsonArray("renditions")).isEmpty();
        JsonObject made = sc.json("POST", sc.recordingPath() + "/renditions", admin, null, 200);
        assertThat(made.getJsonArray("renditions")).hasSize(1);
        assertThat(made.getJsonArray("renditions").getJsonObject(0).getString("participantId")).isEqualTo(sc.recorded.contractor.value());
        assertThat(sc.folder().resolve("renditions").resolve("renditions.json")).exists();
        JsonObject detail = sc.json("GET", sc.recordingPath(), inspector, null, 200);
        assertThat(detail.getJsonArray("renditions")).hasSize(1);
        assertThat(sc.get(sc.renditionPath(), inspector, Map.of()).statusCode()).isEqualTo(200);
        var actions = sc.archive.audit().list(sc.sessionId.value(), null, 50).stream()
                .map(a -> a.event().action() + ":" + a.event().outcome()).toList();
        assertThat(actions).contains("RENDITIONS:OK", "RENDITIONS:REFUSED", "RENDITIONS:DENIED");
    }

    @Test
    void anEvidenceCopyOfAnUndecodableRenditionFailsClearlyAndIsNotDownloadable() throws Exception {
        // the stand-in rendition is random bytes: the encoder cannot read it
        JsonObject job = sc.json("POST", sc.renditionPath() + "/evidence-copy", inspector, null, 202);
        JsonObject s = job;
        for (int i = 0; i < 300 && !s.getString("state").equals("FAILED") && !s.getString("state").equals("DONE"); i++) {
            Thread.sleep(100);
            s = sc.json("GET", job.getString("statusUrl"), inspector, null, 200);
        }
        assertThat(s.getString("state")).isEqualTo("FAILED");
        assertThat(s.getString("error")).startsWith("making the copy failed");
        JsonObject refused = sc.json("GET", job.getString("downloadUrl"), inspector, null, 409);
        assertThat(refused.getJsonObject("error").getString("message")).contains("failed");
        assertThat(dir.resolve("archive-work").resolve("evidence-copies").resolve(job.getString("id"))).doesNotExist();
        var actions = sc.archive.audit().list(sc.sessionId.value(), null, 50).stream()
                .map(a -> a.event().action() + ":" + a.event().outcome()).toList();
        assertThat(actions).contains("EVIDENCE_COPY:OK", "EVIDENCE_COPY:FAILED", "DOWNLOAD:REFUSED");
    }

    @Test
    void badParametersGetClearErrors() throws Exception {
        assertThat(code(sc.call("GET", "/api/archive/recordings?from=yesterday", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings?sort=size", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings?type=BRIDGE", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings?limit=1000", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings?from=2026-12-01&to=2026-11-01", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings/not-an-id", inspector, null))).isEqualTo("validation-failed");
        assertThat(code(sc.call("GET", "/api/archive/recordings/ses_00000000000000000000", inspector, null))).isEqualTo("not-found");
        assertThat(code(sc.call("GET", sc.recordingPath() + "/renditions/par_00000000000000000000", inspector, null))).isEqualTo("not-found");
    }

    @Test
    void theOpenApiDocumentDescribesTheArchive() throws Exception {
        String openapi = sc.call("GET", "/api/openapi.yaml", null, null).bodyAsString();
        for (String path : new String[] {"/api/archive/recordings", "/api/archive/recordings/{id}", "/api/archive/recordings/{id}/renditions/{participant}",
                "/api/archive/recordings/{id}/verify", "/api/archive/recordings/{id}/timestamp", "/api/archive/recordings/{id}/exports", "/api/archive/exports/{job}/download",
                "/api/archive/contracts/{no}/policy", "/api/archive/reindex",
                "/api/archive/recordings/{id}/renditions/{participant}/evidence-copy", "/api/archive/evidence-copies/{job}",
                "/api/archive/evidence-copies/{job}/download", "/api/archive/recordings/{id}/renditions", "/api/archive/audit", "/api/archive/audit/verify"}) {
            assertThat(openapi).contains("  " + path + ":");
        }
        String auditList = openapi.substring(openapi.indexOf("  /api/archive/audit:"), openapi.indexOf("  /api/archive/audit/verify:"));
        assertThat(auditList).contains("{name: before, in: query").contains("{name: after, in: query").contains("\"400\"");
        java.util.regex.Matcher actions = java.util.regex.Pattern.compile("\n        action: \\{type: string, enum: \\[([A-Z_, ]+)]")
                .matcher(openapi.substring(openapi.indexOf("    AuditRow:")));
        assertThat(actions.find()).as("AuditRow's actions").isTrue();
        assertThat(List.of(actions.group(1).split(", "))).as("every action the audit log writes")
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(jp.rinjo.archive.audit.AuditAction.values()).map(Enum::name).toList());
    }

    static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    static void unzip(byte[] zip, Path out) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = out.resolve(e.getName()).normalize();
                assertThat(target.startsWith(out)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
    }
}
