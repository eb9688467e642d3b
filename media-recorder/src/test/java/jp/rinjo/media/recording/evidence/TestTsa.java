package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import com.sun.net.httpserver.HttpServer;

/**
 * A real RFC 3161 time-stamping authority inside the test: BouncyCastle's token generator behind
 * the JDK's HTTP server, with its own self-signed certificate (timeStamping usage, critical).
 */
public final class TestTsa implements AutoCloseable {
    private static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1.1");
    private final HttpServer server;
    private final X509Certificate certificate;
    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final TimeStampResponseGenerator generator;
    private final TimeStampTokenGenerator tokens;
    private final AtomicInteger serial = new AtomicInteger(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final long aheadMillis;

    public TestTsa() throws Exception {
        this("Rinjo Test TSA");
    }

    public TestTsa(String name) throws Exception {
        this(name, false);
    }

    /**
     * @param issued the TSA unit's certificate is issued by an intermediate CA, issued by a root CA (as accredited TSAs'
     *               are), and the token carries only the unit's; else it is self-signed
     */
    public TestTsa(String name, boolean issued) throws Exception {
        this(name, issued, java.time.Duration.ZERO);
    }

    /**
     * @param ahead how far the TSA's clock, which gives its tokens' genTime, is ahead of this machine's (negative: behind);
     *              its certificates are valid at both times (the token's CMS signing time is this machine's)
     */
    public TestTsa(String name, boolean issued, java.time.Duration ahead) throws Exception {
        aheadMillis = ahead.toMillis();
        KeyPair kp = ecKey();
        X500Name subject = new X500Name("CN=" + name);
        long now = System.currentTimeMillis();
        if (issued) {
            KeyPair rootKey = ecKey();
            KeyPair interKey = ecKey();
            X500Name rootName = new X500Name("CN=" + name + " Root CA");
            X500Name interName = new X500Name("CN=" + name + " Issuing CA");
            root = ca(rootName, rootKey, rootName, rootKey, now, aheadMillis);
            intermediate = ca(interName, interKey, rootName, rootKey, now, aheadMillis);
            certificate = unit(subject, kp, interName, interKey, now, aheadMillis);
        } else {
            root = null;
            intermediate = null;
            certificate = unit(subject, kp, subject, kp, now, aheadMillis);
        }
        DigestCalculator sha1 = new JcaDigestCalculatorProviderBuilder().build().get(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1));
        tokens = new TimeStampTokenGenerator(
                new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", kp.getPrivate(), certificate), sha1, POLICY);
        tokens.addCertificates(new JcaCertStore(java.util.List.of(certificate)));
        generator = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                byte[] body;
                try {
                    TimeStampRequest request = new TimeStampRequest(in.readAllBytes());
                    TimeStampResponse response = generator.generate(request, BigInteger.valueOf(serial.getAndIncrement()),
                            new Date(System.currentTimeMillis() + aheadMillis));
                    body = response.getEncoded();
                } catch (Exception e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.start();
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        return kpg.generateKeyPair();
    }

    private static X509Certificate unit(X500Name subject, KeyPair key, X500Name issuer, KeyPair issuerKey, long now, long ahead)
            throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now),
                new Date(now - 3_600_000L + Math.min(0, ahead)), new Date(now + 86_400_000L + Math.max(0, ahead)), subject, key.getPublic())
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static X509Certificate ca(X500Name subject, KeyPair key, X500Name issuer, KeyPair issuerKey, long now, long ahead)
            throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now + 1),
                new Date(now - 7_200_000L + Math.min(0, ahead)), new Date(now + 10 * 86_400_000L + Math.max(0, ahead)), subject,
                key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                        org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    /** The tokens from now on state this accuracy of their genTime (RFC 3161 {@code accuracy}); all zero: none stated. */
    public synchronized void accuracy(int seconds, int millis, int micros) {
        tokens.setAccuracySeconds(seconds);
        tokens.setAccuracyMillis(millis);
        tokens.setAccuracyMicros(micros);
    }

    /** The root CA of an issued TSA (null for a self-signed one). */
    public X509Certificate root() {
        return root;
    }

    /** The CA between the root and the TSA unit (null for a self-signed TSA). */
    public X509Certificate intermediate() {
        return intermediate;
    }

    /** The certificate as a PEM block. */
    public static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public int requests() {
        return requests.get();
    }

    public TimestampClient client() {
        return new TimestampClient(url(), java.time.Duration.ofSeconds(5));
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
