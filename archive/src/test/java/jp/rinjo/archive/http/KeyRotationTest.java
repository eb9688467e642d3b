package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.common.config.Settings;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;

/**
 * A deployment that rotated its signing key: the recording was signed by the old key, now kept in
 * the trusted keys folder ({@code archive.trusted-keys-dir}, by default {@code retired-keys/} beside
 * the key file), while the current key is another. The recording still verifies, and its export
 * carries the key that signed it, not the current one.
 */
class KeyRotationTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingSignedByARotatedOutKeyVerifiesAndItsExportCarriesThatKey() throws Exception {
        // the key the recording is signed with (the scenario's recorder loads it from here)
        DeploymentKey old = DeploymentKey.loadOrCreate(dir.resolve("rec/keys/evidence.pem"));
        // the rotation as the README tells it: the old public key moved to retired-keys/, then a new key made
        Path keyFile = dir.resolve("deploy/keys/evidence.pem");
        Files.createDirectories(DeploymentKey.retiredKeysDir(keyFile));
        Files.writeString(DeploymentKey.retiredKeysDir(keyFile).resolve("evidence-until-2027-04-01.pub.pem"),
                DeploymentKey.generate().publicKeyPem() + old.publicKeyPem()); // a file may hold several keys
        DeploymentKey current = DeploymentKey.loadOrCreate(keyFile);
        Settings s = ArchiveTestSettings.required(dir);
        ArchiveConfig config = ArchiveConfig.from(s, keyFile);
        assertThat(config.trustedKeys().keyIds()).hasSize(3).contains(current.keyId(), old.keyId());
        assertThat(config.trustedKeys().currentKeyId()).contains(current.keyId());

        try (ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(config.trustedKeys()))) {
            assertThat(sc.recorder.key.keyId()).isEqualTo(old.keyId());
            JsonObject verified = sc.json("POST", sc.recordingPath() + "/verify", sc.token("inspector1"), null, 200);
            assertThat(verified.getString("status")).as(verified.encodePrettily()).isEqualTo("OK");

            String clerk = sc.token("clerk1");
            JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
            HttpResponse<Buffer> zip = sc.get(job.getString("downloadUrl"), clerk, Map.of());
            Path out = dir.resolve("unzipped");
            ArchiveApiTest.unzip(zip.body().getBytes(), out);
            Path folder = out.resolve("rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value());
            assertThat(Files.readString(folder.resolve("deployment-key.pub.pem"), StandardCharsets.US_ASCII)).isEqualTo(old.publicKeyPem());
        }
    }

    @Test
    void aRecordingOfAKeyRetiredSinceIsWarnedAboutAndNotTimeStampedAfterTheRetirement() throws Exception {
        DeploymentKey old = DeploymentKey.loadOrCreate(dir.resolve("rec/keys/evidence.pem"));
        Path keyFile = dir.resolve("deploy/keys/evidence.pem");
        Files.createDirectories(DeploymentKey.retiredKeysDir(keyFile));
        // retired a minute ago; the recording below is sealed now, with no TSA reachable at its seal
        java.time.Instant retiredAt = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.writeString(DeploymentKey.retiredKeysDir(keyFile).resolve("evidence-retired.pub.pem"),
                "Retired: " + retiredAt.atOffset(java.time.ZoneOffset.ofHours(9)) + "\n" + old.publicKeyPem());
        DeploymentKey.loadOrCreate(keyFile);
        Settings s = ArchiveTestSettings.required(dir);
        ArchiveConfig config = ArchiveConfig.from(s, keyFile);
        assertThat(config.trustedKeys().retiredAt(old.keyId())).contains(retiredAt);

        try (jp.rinjo.media.recording.evidence.TestTsa tsa = new jp.rinjo.media.recording.evidence.TestTsa();
             ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.empty(),
                     Optional.of(tsa.client()), Optional.empty(), Optional.of(config.trustedKeys()))) {
            String admin = sc.token("admin");
            JsonObject verified = sc.json("POST", sc.recordingPath() + "/verify", admin, null, 200);
            assertThat(verified.encode()).as(verified.encodePrettily()).contains("key-retired-not-stamped");
            // a stamp made now would date the signing after the retirement: verification would call it a thief's
            JsonObject refused = sc.json("POST", sc.recordingPath() + "/timestamp", admin, null, 409);
            assertThat(refused.getJsonObject("error").getString("message")).contains("retired").contains("nothing was stored");
            assertThat(tsa.requests()).isZero();
            assertThat(sc.folder().resolve("manifest.tsr")).doesNotExist();

            // the export carries the key with its retirement, so the offline verifier warns the same
            String clerk = sc.token("clerk1");
            JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
            Path out = dir.resolve("unzipped");
            ArchiveApiTest.unzip(sc.get(job.getString("downloadUrl"), clerk, Map.of()).body().getBytes(), out);
            Path folder = out.resolve("rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value());
            assertThat(Files.readString(folder.resolve("deployment-key.pub.pem"), StandardCharsets.US_ASCII))
                    .startsWith("Retired: " + retiredAt + "\n").endsWith(old.publicKeyPem());
        }
    }

    @Test
    void anArchiveWithRetiredKeysButNoCurrentOneVerifiesWithThemButNamesNoneAsTheDeploymentKey() throws Exception {
        Path keyFile = dir.resolve("archive-only/keys/evidence.pem"); // an archive host: the signing key lives on the nodes
        DeploymentKey retired = DeploymentKey.generate();
        Files.createDirectories(DeploymentKey.retiredKeysDir(keyFile));
        Files.writeString(DeploymentKey.retiredKeysDir(keyFile).resolve("evidence-until-2027-04-01.pub.pem"), retired.publicKeyPem());
        Settings s = ArchiveTestSettings.required(dir);
        ArchiveConfig config = ArchiveConfig.from(s, keyFile);
        assertThat(config.trustedKeys().keyIds()).containsExactly(retired.keyId());
        assertThat(config.trustedKeys().currentKeyId()).isEmpty();

        try (ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(config.trustedKeys()))) {
            JsonObject none = sc.json("GET", "/api/archive/deployment-key", sc.token("clerk1"), null, 404);
            assertThat(none.getJsonObject("error").getString("message")).contains("archive.trusted-key-file");
        }
    }

    @Test
    void aKeyFolderThatDoesNotExistAddsNothing() {
        Settings s = ArchiveTestSettings.required(dir).with("archive.trusted-keys-dir", dir.resolve("nowhere").toString());
        assertThat(ArchiveConfig.from(s, dir.resolve("keys/evidence.pem")).trustedKeys().isEmpty()).isTrue();
    }
}
