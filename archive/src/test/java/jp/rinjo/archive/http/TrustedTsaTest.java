package jp.rinjo.archive.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;
import jp.rinjo.archive.ArchiveConfig;
import jp.rinjo.archive.testing.ArchiveScenario;
import jp.rinjo.common.config.Settings;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;

/**
 * {@code archive.trusted-tsa-cert}: with the authority's certificate set, the archive's verification
 * checks each time-stamp token against it: the recorder's authority verifies without a warning, a
 * token from any other authority fails the recording. Without it, any token verifies with a warning.
 */
class TrustedTsaTest {
    @TempDir
    Path dir;

    static Stream<String> messages(JsonObject verified, String severity) {
        return verified.getJsonArray("findings").stream().map(JsonObject.class::cast).filter(f -> f.getString("severity").equals(severity))
                .map(f -> f.getString("message"));
    }

    @Test
    void aTokenFromTheTrustedAuthorityVerifiesAndOneFromAnyOtherFails() throws Exception {
        try (TestTsa tsa = new TestTsa(); TestTsa other = new TestTsa("Someone Else TSA")) {
            try (ArchiveScenario sc = new ArchiveScenario(dir.resolve("trusted"), new FilesystemEvidenceStore(dir.resolve("trusted-store")), 0,
                    Optional.of(tsa.client()), Optional.empty(), Optional.of(tsa.certificate()))) {
                JsonObject ok = sc.json("POST", sc.recordingPath() + "/verify", sc.token("inspector1"), null, 200);
                assertThat(ok.getString("status")).as(ok.encodePrettily()).isEqualTo("OK");
                assertThat(messages(ok, "WARNING")).noneMatch(m -> m.contains("TSA certificate"));
            }
            try (ArchiveScenario sc = new ArchiveScenario(dir.resolve("other"), new FilesystemEvidenceStore(dir.resolve("other-store")), 0,
                    Optional.of(tsa.client()), Optional.empty(), Optional.of(other.certificate()))) {
                JsonObject failed = sc.json("POST", sc.recordingPath() + "/verify", sc.token("inspector1"), null, 200);
                assertThat(failed.getString("status")).isEqualTo("FAILED");
                assertThat(messages(failed, "ERROR")).singleElement().asString()
                        .startsWith("manifest.tsr: no certification path from the TSA certificate CN=Rinjo Test TSA")
                        .contains("to the trusted certificate CN=Someone Else TSA");
            }
        }
    }

    @Test
    void anExportCarriesTheTrustedTsaCertificateAndItsReadmeCommandChecksTheTimeStampAgainstIt() throws Exception {
        try (TestTsa tsa = new TestTsa(); TestTsa other = new TestTsa("Someone Else TSA")) {
            for (TestTsa trusted : new TestTsa[] {tsa, other}) {
                Path d = dir.resolve(trusted == tsa ? "same" : "other");
                try (ArchiveScenario sc = new ArchiveScenario(d, new FilesystemEvidenceStore(d.resolve("store")), 0,
                        Optional.of(tsa.client()), Optional.empty(), Optional.of(trusted.certificate()))) {
                    String clerk = sc.token("clerk1");
                    JsonObject job = sc.json("POST", sc.recordingPath() + "/exports", clerk, null, 201);
                    Path out = d.resolve("unzipped");
                    ArchiveApiTest.unzip(sc.get(job.getString("downloadUrl"), clerk, Map.of()).body().getBytes(), out);
                    String folder = "rinjo-" + ArchiveScenario.CONTRACT + "-" + sc.sessionId.value();
                    assertThat(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                            Files.newInputStream(out.resolve(folder).resolve("trusted-tsa-cert.pem")))).isEqualTo(trusted.certificate());
                    String args = folder + " --key <DEPLOYMENT-KEY.pem> --tsa-cert " + folder + "/trusted-tsa-cert.pem";
                    assertThat(Files.readString(out.resolve(folder).resolve("README.txt")).lines().map(String::strip)
                            .filter(l -> l.startsWith("./rinjo verify "))).containsExactly("./rinjo verify " + args, "./rinjo verify " + args);
                    Files.writeString(out.resolve("DEPLOYMENT-KEY.pem"),
                            sc.json("GET", "/api/archive/deployment-key", clerk, null, 200).getString("pem"));

                    // the source's verify command, and the one the package carries, run as its README says (java -jar)
                    for (List<String> command : List.of(ArchiveApiTest.readmeCommand(args),
                            ArchiveApiTest.packagedCommand(Files.readString(out.resolve(folder).resolve("README.txt"))))) {
                        ArchiveApiTest.Run r = ArchiveApiTest.run(command, out);
                        if (trusted == tsa) {
                            assertThat(r.exit()).as(r.output()).isZero();
                            assertThat(r.output()).contains("time-stamp valid (TSA anchored with --tsa-cert)").contains("VERIFIED");
                        } else { // offline as online: the archive fails a token from an authority it does not trust, so does the package
                            assertThat(r.exit()).as(r.output()).isEqualTo(1);
                            assertThat(r.output()).contains("no certification path").contains("NOT VERIFIED");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLaterTimeStampFromAnAuthorityTheArchiveDoesNotTrustIsNotStored() throws Exception {
        try (TestTsa trusted = new TestTsa(); TestTsa other = new TestTsa("Someone Else TSA");
             ArchiveScenario sc = new ArchiveScenario(dir, new FilesystemEvidenceStore(dir.resolve("store")), 0,
                     Optional.of(TimestampLaterTest.down()), Optional.of(other.client()), Optional.of(trusted.certificate()))) {
            JsonObject refused = sc.json("POST", sc.recordingPath() + "/timestamp", sc.token("admin"), null, 409);
            assertThat(refused.getJsonObject("error").getString("message")).contains("not a valid time-stamp")
                    .contains("no certification path from the TSA certificate CN=Someone Else TSA");
            assertThat(sc.folder().resolve("manifest.tsr")).doesNotExist();
        }
    }

    @Test
    void theSettingNamesACertificateFileAndOneThatCannotBeReadStopsTheStart() throws Exception {
        try (TestTsa tsa = new TestTsa()) {
            Path pem = dir.resolve("tsa.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(tsa.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            Settings s = ArchiveTestSettings.required(dir).with("archive.trusted-tsa-cert", pem.toString());
            Path signingKey = dir.resolve("deployment.key");
            assertThat(ArchiveConfig.from(s, signingKey).trustedTsa()).contains(tsa.certificate());
            assertThat(ArchiveConfig.from(s.with("archive.trusted-tsa-cert", ""), signingKey).trustedTsa()).isEmpty();
            assertThatThrownBy(() -> ArchiveConfig.from(s.with("archive.trusted-tsa-cert", dir.resolve("missing.pem").toString()), signingKey))
                    .isInstanceOf(RinjoException.class).hasMessageContaining("archive.trusted-tsa-cert");
        }
    }
}
