package jp.rinjo.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import jp.rinjo.common.config.Settings;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.KeyRing;

/**
 * The archive's configuration ({@code archive.*} in archive-defaults.properties).
 *
 * @param retentionYears      years a recording is kept when its contract names none
 * @param playAuditWindow     one PLAY audit row per person, recording and rendition within this window (a
 *                            player sends a range request per seek; each is not an event of its own)
 * @param exportJobTtl        an export not downloaded within this is forgotten; an evidence copy job (and its file) this long
 *                            after it was asked for
 * @param threads             threads that serve the archive's API calls and verifications
 * @param streamThreads       threads that stream playback and exports (each holds one while its client reads)
 * @param workDir             where a session from an S3 store is copied to be verified, renditions are re-made and
 *                            evidence copies are kept until downloaded
 * @param trustedKeys         the deployment's public keys, the current one and those rotated out: verification checks
 *                            that a manifest was signed by the one it names, and its evidence package carries that
 *                            one; empty when no key file exists
 * @param trustedTsa          the time-stamping authority's certificate (or its issuer's): verification checks each
 *                            manifest.tsr against it, and a token it does not vouch for is an error; empty: the token
 *                            is checked against the certificate it carries, with a warning
 */
public record ArchiveConfig(int retentionYears, Duration playAuditWindow, Duration exportJobTtl, int threads, int streamThreads, Path workDir,
                            KeyRing trustedKeys, Optional<X509Certificate> trustedTsa, long thumbnailCacheBytes) {
    /** archive.thumbnail-cache-mb's default, in bytes. */
    public static final long DEFAULT_THUMBNAIL_CACHE_BYTES = 32L * 1024 * 1024;

    public ArchiveConfig {
        Require.that(retentionYears >= 1 && retentionYears <= 100, "archive.retention-years must be 1–100");
        Require.that(threads >= 1 && threads <= 64, "archive.threads must be 1–64");
        Require.that(streamThreads >= 1 && streamThreads <= 1024, "archive.stream-threads must be 1–1024");
        Require.nonNull(workDir, "archive.work-dir");
        Require.nonNull(trustedKeys, "archive.trusted-key-file");
        Require.nonNull(trustedTsa, "archive.trusted-tsa-cert");
        Require.that(thumbnailCacheBytes >= 0, "archive.thumbnail-cache-mb cannot be negative");
    }

    /** With the default thumbnail cache. */
    public ArchiveConfig(int retentionYears, Duration playAuditWindow, Duration exportJobTtl, int threads, int streamThreads, Path workDir,
                         KeyRing trustedKeys, Optional<X509Certificate> trustedTsa) {
        this(retentionYears, playAuditWindow, exportJobTtl, threads, streamThreads, workDir, trustedKeys, trustedTsa,
                DEFAULT_THUMBNAIL_CACHE_BYTES);
    }

    /**
     * @param signingKeyFile the recorder's key ({@code recording.signing-key-file}); its {@code .pub.pem} is the
     *                       trusted key unless {@code archive.trusted-key-file} names another, and the keys it
     *                       signed with before a rotation are in its {@code retired-keys} folder unless
     *                       {@code archive.trusted-keys-dir} names another
     */
    public static ArchiveConfig from(Settings s, Path signingKeyFile) {
        Path keyFile = s.optional("archive.trusted-key-file").map(Path::of).orElse(DeploymentKey.publicKeyFile(signingKeyFile));
        Path keysDir = s.optional("archive.trusted-keys-dir").map(Path::of).orElse(DeploymentKey.retiredKeysDir(signingKeyFile));
        return new ArchiveConfig(s.integer("archive.retention-years"), s.duration("archive.play-audit-window"),
                s.duration("archive.export-job-ttl"), s.integer("archive.threads"), s.integer("archive.stream-threads"), s.path("archive.work-dir"),
                readKeys(keyFile).withRetired(readKeysIn(keysDir)), s.optional("archive.trusted-tsa-cert").map(f -> readCertificate(Path.of(f))),
                s.longValue("archive.thumbnail-cache-mb") * 1024 * 1024);
    }

    /** A set certificate that cannot be read stops the start: verification would otherwise trust any authority. */
    private static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw RinjoException.invalid("archive.trusted-tsa-cert: cannot read the certificate " + file + ": " + e.getMessage());
        }
    }

    private static KeyRing readKeys(Path file) {
        try {
            return Files.isRegularFile(file) ? KeyRing.fromPem(Files.readString(file, StandardCharsets.US_ASCII), file) : KeyRing.empty();
        } catch (IOException e) {
            throw RinjoException.invalid("cannot read the trusted key " + file + ": " + e.getMessage());
        }
    }

    /** Every PUBLIC KEY block of every {@code *.pem} file in the folder; a file that cannot be read stops the start. */
    private static KeyRing readKeysIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return KeyRing.empty();
        }
        KeyRing ring = KeyRing.empty();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                KeyRing retired = readKeys(f);
                if (retired.keyIds().stream().anyMatch(id -> retired.retiredAt(id).isEmpty())) {
                    org.slf4j.LoggerFactory.getLogger(ArchiveConfig.class).warn("{}: a retired key without a \"Retired: <date-time>\" line "
                            + "(e.g. Retired: 2026-11-27T10:00:00+09:00): what it signed after its retirement, if it leaked, cannot be "
                            + "told from what it signed before", f);
                }
                ring = ring.with(retired);
            }
        } catch (IOException e) {
            throw RinjoException.invalid("archive.trusted-keys-dir: cannot read " + dir + ": " + e.getMessage());
        }
        return ring;
    }
}
