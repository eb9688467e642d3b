package jp.rinjo.media.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.KeyRing;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.verify.ClockedSession.Span;

/**
 * A key that was rotated out (it leaked, or was lost) still verifies what it signed before, and only
 * that: its file says when it was retired, and the time-stamp, which a thief holding the key cannot
 * forge, says when the manifest was signed.
 */
class RetiredKeyTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    static final DeploymentKey OLD_KEY = DeploymentKey.generate();

    @TempDir
    Path dir;

    ClockedSession.Sealed sealedNow(Optional<TimestampClient> stamper) throws Exception {
        Instant now = Instant.now();
        return ClockedSession.seal(dir, OLD_KEY, stamper, now, new Span(now.minusSeconds(10), now.minusSeconds(8)));
    }

    /** The retired key as the archive's retired-keys folder holds it, or as the city hands it to an auditor. */
    Path retiredKeyFile(Instant retiredAt) throws IOException {
        return Files.writeString(dir.resolve("retired-" + retiredAt.getEpochSecond() + ".pem"),
                "# rotated after the laptop was stolen\nRetired: " + retiredAt.atOffset(ZoneOffset.ofHours(9)) + "\n"
                        + OLD_KEY.publicKeyPem());
    }

    String verify(Path folder, Path keyFile, int expectedExit) throws Exception {
        Path tsaFile = Files.writeString(dir.resolve("tsa.pem"), TestTsa.pem(tsa.certificate()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {folder.toString(), "--key", keyFile.toString(), "--tsa-cert", tsaFile.toString()},
                new PrintStream(out), new PrintStream(out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void whatTheKeySignedBeforeItsRetirementStillVerifiesAndSaysSo() throws Exception {
        ClockedSession.Sealed s = sealedNow(Optional.of(tsa.client()));
        String out = verify(s.folder(), retiredKeyFile(Instant.now().plus(Duration.ofDays(2))), 0);
        assertThat(out).contains("VERIFIED: ").contains("signed before its key's retirement: key " + OLD_KEY.keyId() + " was retired ");
    }

    @Test
    void aManifestTimeStampedAfterTheKeysRetirementIsNotVerified() throws Exception {
        // a thief with the old key signs a manifest today, dated as they like; the TSA stamps it today
        ClockedSession.Sealed s = sealedNow(Optional.of(tsa.client()));
        Instant retired = Instant.now().minus(Duration.ofDays(30));
        String out = verify(s.folder(), retiredKeyFile(retired), 1);
        assertThat(out).contains("SIGNED BY A RETIRED KEY: key " + OLD_KEY.keyId() + " was retired " + Messages.jst(retired))
                .contains("a retired key signs nothing new").contains("NOT VERIFIED").doesNotContainPattern("(?m)^VERIFIED:");
    }

    @Test
    void withoutATimeStampNothingShowsWhenARetiredKeySignedAndTheVerifierWarns() throws Exception {
        ClockedSession.Sealed s = sealedNow(Optional.empty());
        Path key = retiredKeyFile(Instant.now().minus(Duration.ofDays(30)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyMain.run(new String[] {s.folder().toString(), "--key", key.toString()}, new PrintStream(out), new PrintStream(out));
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("WARNING manifest.sig: RETIRED KEY, NO TIME-STAMP: key " + OLD_KEY.keyId());
    }

    @Test
    void theRingKeepsTheRetirementThroughMergesAndGivesItBackWithTheKeysPem() throws Exception {
        Instant retired = Instant.parse("2026-11-27T01:00:00Z");
        KeyRing ring = KeyRing.fromPem(OLD_KEY.publicKeyPem(), "current").withRetired(
                KeyRing.fromPem("Retired: 2026-11-27T10:00:00+09:00\n" + OLD_KEY.publicKeyPem(), "retired.pem"));
        assertThat(ring.retiredAt(OLD_KEY.keyId())).contains(retired);
        KeyRing again = KeyRing.fromPem(ring.pem(OLD_KEY.keyId()).orElseThrow(), "exported");
        assertThat(again.retiredAt(OLD_KEY.keyId())).contains(retired);
        assertThat(KeyRing.fromPem(OLD_KEY.publicKeyPem(), "plain").retiredAt(OLD_KEY.keyId())).isEmpty();
        // a date without its offset could be read in either zone: refused with an example that works
        assertThatThrownBy(() -> KeyRing.fromPem("Retired: 2026-11-27\n" + OLD_KEY.publicKeyPem(), "retired.pem"))
                .isInstanceOf(IOException.class).hasMessageContaining("retired.pem").hasMessageContaining("2026-11-27T10:00:00+09:00");
    }
}
