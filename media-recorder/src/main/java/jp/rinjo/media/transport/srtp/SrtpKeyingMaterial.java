package jp.rinjo.media.transport.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts both ends of a DTLS-SRTP association derive (RFC 5764 §4.2).
 *
 * <p>"Client" and "server" are the DTLS roles: the client (the browser, which answers
 * {@code a=setup:actpass} with active) protects what it sends with the client key and salt, the
 * server with the server key and salt. Arrays are copied in and out, so an instance is immutable.
 * {@link #toString()} never prints key bytes.
 */
public record SrtpKeyingMaterial(SrtpProfile profile, byte[] clientKey, byte[] serverKey,
                                 byte[] clientSalt, byte[] serverSalt) {

    public SrtpKeyingMaterial {
        Objects.requireNonNull(profile, "profile");
        clientKey = checkedCopy(clientKey, profile.keyLength(), "clientKey", profile);
        serverKey = checkedCopy(serverKey, profile.keyLength(), "serverKey", profile);
        clientSalt = checkedCopy(clientSalt, profile.saltLength(), "clientSalt", profile);
        serverSalt = checkedCopy(serverSalt, profile.saltLength(), "serverSalt", profile);
    }

    /**
     * Splits the output of the TLS exporter with label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2):
     * client_write_SRTP_master_key | server_write_SRTP_master_key |
     * client_write_SRTP_master_salt | server_write_SRTP_master_salt.
     */
    public static SrtpKeyingMaterial fromExporterOutput(SrtpProfile profile, byte[] exported) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(exported, "exported");
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("exporter output for " + profile + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + exported.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeyingMaterial(profile,
                Arrays.copyOfRange(exported, 0, k),
                Arrays.copyOfRange(exported, k, 2 * k),
                Arrays.copyOfRange(exported, 2 * k, 2 * k + s),
                Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s));
    }

    @Override
    public byte[] clientKey() {
        return clientKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public byte[] clientSalt() {
        return clientSalt.clone();
    }

    @Override
    public byte[] serverSalt() {
        return serverSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeyingMaterial other
                && profile == other.profile
                && Arrays.equals(clientKey, other.clientKey)
                && Arrays.equals(serverKey, other.serverKey)
                && Arrays.equals(clientSalt, other.clientSalt)
                && Arrays.equals(serverSalt, other.serverSalt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, Arrays.hashCode(clientKey), Arrays.hashCode(serverKey));
    }

    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + ", keys redacted]";
    }

    private static byte[] checkedCopy(byte[] value, int expected, String name, SrtpProfile profile) {
        Objects.requireNonNull(value, name);
        if (value.length != expected) {
            throw new IllegalArgumentException(name + " for " + profile + " must be " + expected
                    + " bytes, got " + value.length);
        }
        return value.clone();
    }
}
