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
import java.util.List;
import java.util.Optional;

import jp.rinjo.media.recording.evidence.KeyRing;
import jp.rinjo.media.recording.evidence.TimestampCheck;

/**
 * {@code verify <session folder> [--key deployment.pub.pem] [--tsa-cert tsa.pem [--tsa-chain intermediates.pem]]
 * [--require-timestamp] [--quiet]}
 *
 * <p>{@code --tsa-cert} names the certificates trusted for time-stamps (every one in the file: the TSA's own or a
 * CA's); given, a time-stamp is required and its token's certificate must have a certification path to one of
 * them, through the token's certificates and those of {@code --tsa-chain}, valid at the stamped time (no
 * revocation check).
 *
 * <p>{@code --key} may be given more than once, and a file may hold several PUBLIC KEY blocks: the
 * manifest must be signed by one of them (a deployment that rotated its key trusts the old ones too).
 *
 * <p>Exit status: 0 when the evidence verifies against a key given with {@code --key}, 1 when
 * anything is wrong (each problem printed on its own line), 2 when the command itself is wrong or the
 * folder unreadable, 3 when nothing is wrong but no {@code --key} was given: the folder is consistent
 * with the key its own manifest names, which a forger who re-signs names too, so this is not success.
 */
public final class VerifyMain {
    /** Consistent but not anchored: distinct from 0 so that a script's {@code verify && accept} does not accept a re-signed forgery. */
    static final int NOT_ANCHORED = 3;

    private VerifyMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path folder = null;
        KeyRing keys = KeyRing.empty();
        List<X509Certificate> tsa = List.of();
        List<X509Certificate> chain = List.of();
        boolean requireTimestamp = false;
        boolean quiet = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> keys = keys.with(KeyRing.fromPem(read(args[++i]), args[i]));
                    case "--tsa-cert" -> tsa = certificates(args[++i]);
                    case "--tsa-chain" -> chain = certificates(args[++i]);
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
        if (tsa.isEmpty() && !chain.isEmpty()) {
            return usage(err, "--tsa-chain needs --tsa-cert: intermediates lead to a trusted certificate, they are not trusted themselves");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            return usage(err, folder == null ? "no session folder given" : folder + " is not a directory");
        }
        VerificationReport report;
        try {
            // a TSA named to trust is a TSA expected: dropping the token must not pass as "not time-stamped"
            report = new Verifier(new Verifier.Options(keys, new TimestampCheck.TsaTrust(tsa, chain), requireTimestamp || !tsa.isEmpty()))
                    .verify(folder);
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
        if (!report.ok()) {
            err.println("NOT VERIFIED: " + report.errors().size() + " problem" + (report.errors().size() == 1 ? "" : "s") + " found");
            return 1;
        }
        String counted = report.segmentsVerified() + " of " + report.segmentsListed() + " segments in " + report.tracks() + " tracks";
        if (keys.isEmpty()) {
            out.println("CONSISTENT, NOT ANCHORED: " + counted + "; chain and signature agree with the key the manifest itself names"
                    + timeStamp(report, !tsa.isEmpty()) + ". This shows only that the folder is consistent, not who made it: "
                    + "give the deployment's public key, obtained from the city or the archive, with --key");
            return NOT_ANCHORED;
        }
        String by = keys.keyIds().size() == 1 ? "the key given with --key (key id " + keys.keyIds().get(0) + ")"
                : "one of the " + keys.keyIds().size() + " keys given with --key (the signature line names it)";
        out.println("VERIFIED: " + counted + "; chain valid, signature by " + by + timeStamp(report, !tsa.isEmpty()));
        return 0;
    }

    private static String timeStamp(VerificationReport report, boolean tsaAnchored) {
        boolean stamped = report.findings().stream().anyMatch(f -> f.subject().equals("manifest.tsr") && f.message().startsWith("time-stamped"));
        if (!stamped) {
            return ", not time-stamped";
        }
        return tsaAnchored ? ", time-stamp valid (TSA anchored with --tsa-cert)" : ", time-stamp consistent, TSA not anchored (no --tsa-cert)";
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    }

    /** Every certificate of the file (PEM blocks or DER), not only the first. */
    private static List<X509Certificate> certificates(String file) throws IOException, CertificateException {
        List<X509Certificate> all = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(file)))).stream()
                .map(X509Certificate.class::cast).toList();
        if (all.isEmpty()) {
            throw new CertificateException(file + " holds no certificate");
        }
        return all;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("verify: " + problem);
        err.println("usage: verify <session folder> [--key deployment.pub.pem] [--tsa-cert tsa.pem [--tsa-chain intermediates.pem]] "
                + "[--require-timestamp] [--quiet]");
        return 2;
    }
}
