package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * The node's side of one PeerConnection's transport, as it goes into the node's SDP.
 *
 * @param ice            the node's ICE-lite credentials for this PeerConnection
 * @param fingerprint    the node's DTLS certificate fingerprint
 * @param candidateLines host candidates as {@code candidate:...} attribute values, most preferred
 *                       first, e.g. from {@code IceCandidates.hostCandidates(...)}; at least one,
 *                       since an ICE-lite agent is reachable only through them (RFC 8445 §2.5)
 */
public record NodeTransport(IceCredentials ice, DtlsFingerprint fingerprint, List<String> candidateLines) {

    public NodeTransport {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        candidateLines = List.copyOf(candidateLines);
        if (candidateLines.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite node needs at least one host candidate");
        }
        for (String c : candidateLines) {
            // A CR or LF here would inject lines into the SDP.
            if (!c.startsWith("candidate:") || c.indexOf('\r') >= 0 || c.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("candidate line must be a single 'candidate:...' value, got '" + c + "'");
            }
        }
    }
}
