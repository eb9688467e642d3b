package jp.rinjo.media.recording.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import jp.rinjo.media.recording.evidence.DeploymentKey;

/**
 * {@code verify <session folder> [--key deployment.pub.pem] [--tsa-cert tsa.pem] [--require-timestamp] [--quiet]}
 *
 * <p>Exit status: 0 when the evidence verifies, 1 when anything is wrong (each problem printed on
 * its own line), 2 when the command itself is wrong or the folder unreadable.
 */
public final class VerifyMain {
    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path folder = null;
        Optional<byte[]> key = Optional.empty();
        Optional<X509Certificate> tsa = Optional.empty();
        boolean requireTimestamp = false;
        boolean quiet = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = Optional.of(DeploymentKey.pemDecode(read(args[++i]), "PUBLIC KEY", args[i]));
                    case "--tsa-cert" -> tsa = Optional.of(certificate(args[++i]));
                    case "--require-timestamp" -> requireTimestamp = true;
                    case "--quiet" -> quiet = true;
                    default -> {
                        if (args[i].startsWith("--") || folder != null) {
                            return usage(err, "unexpected argument " + args[i]);
                        }
                        folder = Path.of(args[i]);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return usage(err, "an option needs a value");
        } catch (IOException | CertificateException e) {
            return usage(err, e.getMessage());
        }
        if (folder == null || !Files.isDirectory(folder)) {
            return usage(err, folder == null ? "no session folder given" : folder + " is not a directory");
        }
        VerificationReport report;
        try {
            report = new Verifier(new Verifier.Options(key, tsa, requireTimestamp)).verify(folder);
        } catch (IOException e) {
            err.println("verify: cannot read " + folder + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) { // the verifier reports what it meets; this is only the last guard
            err.println("verify: verification failed unexpectedly: " + e);
            err.println("NOT VERIFIED");
            return 1;
        }
        for (Finding f : report.findings()) {
            if (!quiet || f.severity() == Finding.Severity.ERROR || f.subject().equals(SignedSummary.SUBJECT)) {
                (f.severity() == Finding.Severity.ERROR ? err : out).println(f);
            }
        }
        if (report.ok()) {
            out.println("VERIFIED: " + report.segmentsVerified() + " of " + report.segmentsListed() + " segments in " + report.tracks()
                    + " tracks; chain, signature" + (report.findings().stream().anyMatch(f -> f.subject().equals("manifest.tsr")
                    && f.message().startsWith("time-stamped")) ? ", time-stamp" : "") + " valid");
            return 0;
        }
        err.println("NOT VERIFIED: " + report.errors().size() + " problem" + (report.errors().size() == 1 ? "" : "s") + " found");
        return 1;
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    }

    private static X509Certificate certificate(String file) throws IOException, CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))));
    }

    private static int usage(PrintStream err, String problem) {
        err.println("verify: " + problem);
        err.println("usage: verify <session folder> [--key deployment.pub.pem] [--tsa-cert tsa.pem] [--require-timestamp] [--quiet]");
        return 2;
    }
}
