package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import jp.rinjo.media.recording.format.Sha256;

/**
 * The deployment's Ed25519 key that signs manifests. Kept as a PKCS#8 PEM file (created with
 * owner-only permissions on first start when missing); its public key is written beside it as
 * {@code <file>.pub.pem} for verifiers, and embedded in every manifest. The signature is the raw
 * 64-byte Ed25519 signature of the manifest bytes, so a third party can check it with OpenSSL:
 * {@code openssl pkeyutl -verify -pubin -inkey key.pub.pem -rawin -in manifest.json -sigfile manifest.sig}.
 */
public final class DeploymentKey {
    private final PrivateKey privateKey;
    private final byte[] publicKeySpki;

    private DeploymentKey(PrivateKey privateKey, byte[] publicKeySpki) {
        this.privateKey = privateKey;
        this.publicKeySpki = publicKeySpki;
    }

    public static DeploymentKey generate() {
        try {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new DeploymentKey(pair.getPrivate(), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has Ed25519", e);
        }
    }

    /**
     * Loads the key, or creates it (and its public-key file) when neither file exists. A public-key file
     * without its private key means the key was lost, or is being rotated half-way: a new key would
     * overwrite the public key that what was signed so far verifies with, so this refuses instead.
     *
     * @throws KeyMissing when the private key is gone but its public key is still there
     */
    public static DeploymentKey loadOrCreate(Path pemFile) throws IOException {
        if (Files.exists(pemFile)) {
            return fromPkcs8(pemDecode(Files.readString(pemFile, StandardCharsets.US_ASCII), "PRIVATE KEY", pemFile));
        }
        Path publicFile = publicKeyFile(pemFile);
        if (Files.exists(publicFile)) {
            String id;
            try {
                id = keyIdOf(pemDecode(Files.readString(publicFile, StandardCharsets.US_ASCII), "PUBLIC KEY", publicFile));
            } catch (IOException e) {
                id = "unreadable: " + e.getMessage();
            }
            throw new KeyMissing("the deployment signing key " + pemFile + " is missing, but its public key " + publicFile
                    + " (key id " + id + ") is there: every manifest it signed verifies only with that key, so no new key is made. "
                    + "Restore " + pemFile + " from its backup; or, to rotate to a new key on purpose, move " + publicFile
                    + " into " + retiredKeysDir(pemFile) + " (the archive keeps trusting the keys there) and start again.");
        }
        DeploymentKey key = generate();
        Path dir = pemFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + pemFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pem("PRIVATE KEY", key.privateKey.getEncoded()), StandardCharsets.US_ASCII);
        Files.move(tmp, pemFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(publicFile, key.publicKeyPem(), StandardCharsets.US_ASCII);
        return key;
    }

    /** Where the public half of the key in {@code pemFile} is written for verifiers. */
    public static Path publicKeyFile(Path pemFile) {
        return pemFile.resolveSibling(pemFile.getFileName() + ".pub.pem");
    }

    /**
     * Where the public keys a deployment signed with before are kept after a rotation, beside the key
     * file: a key rotated out is trusted from there (the archive's default {@code archive.trusted-keys-dir}).
     */
    public static Path retiredKeysDir(Path pemFile) {
        return pemFile.toAbsolutePath().resolveSibling("retired-keys");
    }

    /** The private key file is missing while its public key file is not: refuse to sign with a new key. */
    public static final class KeyMissing extends IOException {
        KeyMissing(String message) {
            super(message);
        }
    }

    static DeploymentKey fromPkcs8(byte[] der) throws IOException {
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed = ASN1OctetString.getInstance(PrivateKeyInfo.getInstance(der).parsePrivateKey()).getOctets();
            byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), pub).getEncoded();
            return new DeploymentKey(priv, spki);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** X.509 SubjectPublicKeyInfo DER of the public key. */
    public byte[] publicKeySpki() {
        return publicKeySpki.clone();
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo, hex: names the key in manifests and messages. */
    public String keyId() {
        return keyIdOf(publicKeySpki);
    }

    public static String keyIdOf(byte[] spki) {
        return Sha256.digest(spki).hex();
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKeySpki);
    }

    /** True if {@code signature} is a valid Ed25519 signature of {@code data} by the key {@code spki}. */
    public static boolean verify(byte[] spki, byte[] data, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The DER inside a PEM file's (first) block of the given type. */
    public static byte[] pemDecode(String text, String type, Object source) throws IOException {
        return pemDecodeAll(text, type, source).get(0);
    }

    /** The DER inside every block of the given type, in file order; none is an error. */
    public static List<byte[]> pemDecodeAll(String text, String type, Object source) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> blocks = new ArrayList<>();
        for (int b = text.indexOf(begin); b >= 0; b = text.indexOf(begin, b + begin.length())) {
            int e = text.indexOf(end, b);
            if (e < 0) {
                throw new IOException(source + ": a PEM " + type + " block has no end line");
            }
            try {
                blocks.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
            } catch (IllegalArgumentException ex) {
                throw new IOException(source + ": malformed PEM: " + ex.getMessage());
            }
        }
        if (blocks.isEmpty()) {
            throw new IOException(source + " holds no PEM " + type);
        }
        return blocks;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
