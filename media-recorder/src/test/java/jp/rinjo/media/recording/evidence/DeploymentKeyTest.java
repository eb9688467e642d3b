package jp.rinjo.media.recording.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentKeyTest {
    @TempDir
    Path dir;

    @Test
    void theKeyIsCreatedOnceOwnerOnlyAndLoadedBackTheSame() throws Exception {
        Path file = dir.resolve("keys/evidence-ed25519.pem");
        DeploymentKey created = DeploymentKey.loadOrCreate(file);
        DeploymentKey loaded = DeploymentKey.loadOrCreate(file);
        assertThat(loaded.keyId()).isEqualTo(created.keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file.resolveSibling("evidence-ed25519.pem.pub.pem"))).isEqualTo(created.publicKeyPem());
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        byte[] sig = loaded.sign(data);
        assertThat(sig).hasSize(64);
        assertThat(DeploymentKey.verify(created.publicKeySpki(), data, sig)).isTrue();
        assertThat(DeploymentKey.verify(created.publicKeySpki(), "manifest!".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(DeploymentKey.verify(DeploymentKey.generate().publicKeySpki(), data, sig)).isFalse();
    }

    @Test
    void aLostPrivateKeyWhosePublicKeyIsStillThereStopsTheStartInsteadOfReplacingIt() throws Exception {
        Path file = dir.resolve("keys/evidence-ed25519.pem");
        DeploymentKey first = DeploymentKey.loadOrCreate(file);
        Files.delete(file);
        assertThatThrownBy(() -> DeploymentKey.loadOrCreate(file)).isInstanceOf(DeploymentKey.KeyMissing.class)
                .hasMessageContaining(file + " is missing").hasMessageContaining(first.keyId())
                .hasMessageContaining("Restore").hasMessageContaining(dir.resolve("keys/retired-keys").toString());
        assertThat(file).doesNotExist();
        assertThat(Files.readString(file.resolveSibling("evidence-ed25519.pem.pub.pem"))).isEqualTo(first.publicKeyPem());

        // a deliberate rotation: the old public key moved to retired-keys/, then a new key is made
        Path retired = DeploymentKey.retiredKeysDir(file);
        Files.createDirectories(retired);
        Files.move(file.resolveSibling("evidence-ed25519.pem.pub.pem"), retired.resolve("evidence-2026.pub.pem"));
        DeploymentKey next = DeploymentKey.loadOrCreate(file);
        assertThat(next.keyId()).isNotEqualTo(first.keyId());
        assertThat(KeyRing.fromPem(Files.readString(retired.resolve("evidence-2026.pub.pem")), "retired").keyIds()).containsExactly(first.keyId());
    }

    @Test
    void aKeyRingReadsEveryPublicKeyBlockAndFindsAKeyByItsId() throws Exception {
        DeploymentKey a = DeploymentKey.generate();
        DeploymentKey b = DeploymentKey.generate();
        KeyRing ring = KeyRing.fromPem("current\n" + a.publicKeyPem() + "retired 2026-04-01\n" + b.publicKeyPem() + a.publicKeyPem(), "ring.pem");
        assertThat(ring.keyIds()).containsExactly(a.keyId(), b.keyId());
        assertThat(ring.find(b.keyId())).hasValueSatisfying(k -> assertThat(k).isEqualTo(b.publicKeySpki()));
        assertThat(ring.pem(b.keyId())).contains(b.publicKeyPem());
        assertThat(ring.find(DeploymentKey.generate().keyId())).isEmpty();
    }

    @Test
    void aThirdPartyChecksTheSignatureWithOpenSsl() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(openssl), "openssl not installed");
        DeploymentKey key = DeploymentKey.loadOrCreate(dir.resolve("k.pem"));
        Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"format\":\"rinjo-evidence-manifest/1\"}");
        Path sig = Files.write(dir.resolve("manifest.sig"), key.sign(Files.readAllBytes(manifest)));
        Process p = new ProcessBuilder(openssl.toString(), "pkeyutl", "-verify", "-pubin", "-inkey", dir.resolve("k.pem.pub.pem").toString(),
                "-rawin", "-in", manifest.toString(), "-sigfile", sig.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("Signature Verified Successfully");
    }
}
