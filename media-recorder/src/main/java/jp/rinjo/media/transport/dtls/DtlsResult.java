package jp.rinjo.media.transport.dtls;

import java.util.Objects;

import jp.rinjo.media.transport.srtp.SrtpKeyingMaterial;
import jp.rinjo.media.transport.srtp.SrtpProfile;

/**
 * What a successful DTLS-SRTP handshake yields. Feed {@link #keyingMaterial()} to
 * {@link jp.rinjo.media.transport.srtp.SrtpSession#forServer}.
 *
 * @param keyingMaterial  SRTP master keys and salts exported per RFC 5764 §4.2
 * @param cipherSuite     the negotiated DTLS cipher suite, IANA name
 * @param peerFingerprint the client's certificate fingerprint, verified against the signalled one
 */
public record DtlsResult(SrtpKeyingMaterial keyingMaterial, String cipherSuite, DtlsFingerprint peerFingerprint) {
    public DtlsResult {
        Objects.requireNonNull(keyingMaterial, "keyingMaterial");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(peerFingerprint, "peerFingerprint");
    }

    public SrtpProfile profile() {
        return keyingMaterial.profile();
    }
}
