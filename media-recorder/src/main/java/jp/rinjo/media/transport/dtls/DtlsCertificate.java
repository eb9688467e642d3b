package jp.rinjo.media.transport.dtls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The media node's DTLS identity: a self-signed ECDSA P-256 certificate.
 *
 * <p>WebRTC does not use PKI: the browser trusts the certificate because its SHA-256 fingerprint
 * arrives over the authenticated signalling channel in {@code a=fingerprint} (RFC 8827 §6.5,
 * RFC 8122). So the subject is a random name and a short validity is fine. P-256 with ECDSA is
 * what browsers generate for themselves and what every one of them accepts.
 *
 * <p>One instance per media node process is enough; it is immutable and thread-safe. Generate a new
 * one before {@link #notAfter()} (browsers do not check validity, but tools inspecting captures do).
 */
public final class DtlsCertificate {
    /** Default validity of generated certificates. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final byte[] der;
    private final DtlsFingerprint fingerprint;
    private final AsymmetricKeyParameter bcPrivateKey;

    private DtlsCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        try {
            this.der = certificate.getEncoded();
            this.bcPrivateKey = PrivateKeyFactory.createKey(privateKey.getEncoded());
        } catch (CertificateException | IOException e) {
            throw new IllegalArgumentException("cannot encode certificate or key", e);
        }
        this.fingerprint = DtlsFingerprint.sha256(der);
    }

    /** A new certificate valid for {@link #DEFAULT_VALIDITY}. */
    public static DtlsCertificate generate() {
        return generate(DEFAULT_VALIDITY);
    }

    /** A new self-signed ECDSA P-256 certificate with a random subject, valid from an hour ago for {@code validity}. */
    public static DtlsCertificate generate(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();

            byte[] cn = new byte[8];
            RANDOM.nextBytes(cn);
            X500Name subject = new X500Name("CN=rinjo-" + HexFormat.of().formatHex(cn));
            Instant now = Instant.now();
            // Backdated an hour so a peer whose clock is a little behind does not see a future certificate.
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            Date notAfter = Date.from(now.plus(validity));
            BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);

            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject, serial, notBefore, notAfter,
                    subject, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new DtlsCertificate(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 certificate", e);
        }
    }

    /**
     * Reads a certificate and its PKCS#8 private key from PEM, as written by {@link #toPem()}.
     * Checks that the key is an EC P-256 key and belongs to the certificate.
     */
    public static DtlsCertificate fromPem(String pem) {
        Objects.requireNonNull(pem, "pem");
        X509CertificateHolder holder = null;
        PrivateKeyInfo keyInfo = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    holder = h;
                } else if (o instanceof PrivateKeyInfo k) {
                    keyInfo = k;
                } else if (o instanceof PEMKeyPair pair) { // "EC PRIVATE KEY" (SEC1) as OpenSSL writes it
                    keyInfo = pair.getPrivateKeyInfo();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable PEM", e);
        }
        if (holder == null || keyInfo == null) {
            throw new IllegalArgumentException("PEM must hold a CERTIFICATE and a PRIVATE KEY");
        }
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            if (!(certificate.getPublicKey() instanceof ECPublicKey ec) || ec.getParams().getCurve().getField()
                    .getFieldSize() != 256) {
                throw new IllegalArgumentException("certificate key must be ECDSA P-256");
            }
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keyInfo.getEncoded()));
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("private key does not belong to the certificate");
            }
            return new DtlsCertificate(certificate, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("invalid certificate or key in PEM", e);
        }
    }

    /** The certificate and its unencrypted PKCS#8 key in PEM. Keep the result as secret as the key. */
    public String toPem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
            writer.writeObject(new JcaPKCS8Generator(privateKey, null)); // "PRIVATE KEY", unencrypted PKCS#8
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The SHA-256 fingerprint for SDP; {@code fingerprint().toSdpValue()} is the {@code a=fingerprint} value. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    public X509Certificate x509() {
        return certificate;
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The DER encoding. */
    public byte[] encoded() {
        return der.clone();
    }

    AsymmetricKeyParameter bcPrivateKey() {
        return bcPrivateKey;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + certificate.getSubjectX500Principal().getName() + ", " + fingerprint
                + ", notAfter=" + notAfter() + "]";
    }
}
