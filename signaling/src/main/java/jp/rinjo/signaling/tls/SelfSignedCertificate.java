package jp.rinjo.signaling.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone's HTTPS certificate: self-signed, generated once into a PKCS#12 keystore and kept
 * across restarts (a phone that accepted it once is not asked again). It is regenerated only when
 * this machine's addresses are no longer all in it, e.g. after moving to another network.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    private static final String ALIAS = "rinjo";

    private SelfSignedCertificate() {
    }

    public static void ensure(Path keystore, String password, Collection<String> dnsNames, Collection<InetAddress> addresses) {
        Set<String> wanted = new TreeSet<>(dnsNames);
        addresses.forEach(a -> wanted.add(a.getHostAddress()));
        try {
            if (Files.exists(keystore)) {
                Set<String> present = subjectAltNames(keystore, password);
                if (present.containsAll(wanted)) {
                    return;
                }
                log.info("regenerating the self-signed HTTPS certificate: this machine's names changed to {}", wanted);
            }
            Files.createDirectories(keystore.toAbsolutePath().getParent());
            write(keystore, password, dnsNames, addresses);
        } catch (IOException | GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create the HTTPS certificate at " + keystore + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> subjectAltNames(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
        Set<String> names = new TreeSet<>();
        if (cert == null || cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) {
            return names;
        }
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            sans.forEach(san -> names.add(String.valueOf(san.get(1))));
        }
        return names;
    }

    private static void write(Path keystore, String password, Collection<String> dnsNames, Collection<InetAddress> addresses)
            throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256, new SecureRandom());
        KeyPair kp = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=Rinjo standalone, O=Rinjo");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))), subject, kp.getPublic());
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a.getHostAddress())));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, kp.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password.toCharArray());
        }
        Files.move(tmp, keystore, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.info("generated a self-signed HTTPS certificate for {} {}", dnsNames, addresses);
    }
}
