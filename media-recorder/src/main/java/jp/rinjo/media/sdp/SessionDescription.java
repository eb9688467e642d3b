package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * A parsed session description (from {@link SdpParser#parse}).
 *
 * @param origin             the {@code o=} value as written
 * @param bundleMids         the mids of {@code a=group:BUNDLE} in order (RFC 8843 §7; the first is the
 *                           BUNDLE-tag), empty when there is no BUNDLE group
 * @param iceLite            {@code a=ice-lite} (RFC 8839 §5.3)
 * @param sessionIce         session-level ICE credentials, or null
 * @param sessionFingerprint session-level fingerprint, or null
 * @param sessionSetup       session-level {@code a=setup}, or null
 * @param media              the m-sections in order, transport attributes resolved
 * @param extmapAllowMixed   {@code a=extmap-allow-mixed} at session level (RFC 8285 §6)
 */
public record SessionDescription(String origin, List<String> bundleMids, boolean iceLite,
                                 IceCredentials sessionIce, DtlsFingerprint sessionFingerprint,
                                 String sessionSetup, List<MediaSection> media, boolean extmapAllowMixed) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        bundleMids = List.copyOf(bundleMids);
        media = List.copyOf(media);
    }

    /** The components of the original specification, without extmap-allow-mixed. */
    public SessionDescription(String origin, List<String> bundleMids, boolean iceLite, IceCredentials sessionIce,
                              DtlsFingerprint sessionFingerprint, String sessionSetup, List<MediaSection> media) {
        this(origin, bundleMids, iceLite, sessionIce, sessionFingerprint, sessionSetup, media, false);
    }

    /** The m-section with this mid. */
    public Optional<MediaSection> section(String mid) {
        return media.stream().filter(m -> mid.equals(m.mid())).findFirst();
    }

    /**
     * The m-section whose transport the whole BUNDLE uses: the BUNDLE-tag's (first mid of the group,
     * RFC 8843 §7) when it is not rejected, else the first section that is not.
     * Empty when every section is rejected.
     */
    public Optional<MediaSection> transportSection() {
        if (!bundleMids.isEmpty()) {
            Optional<MediaSection> tagged = section(bundleMids.get(0)).filter(m -> !m.rejected());
            if (tagged.isPresent()) {
                return tagged;
            }
        }
        return media.stream().filter(m -> !m.rejected()).findFirst();
    }

    /** The ICE credentials of {@link #transportSection()}; call {@link #requireTransport()} first. */
    public IceCredentials transportIce() {
        return transportSection().map(MediaSection::ice).orElse(null);
    }

    /** The DTLS fingerprint of {@link #transportSection()}; call {@link #requireTransport()} first. */
    public DtlsFingerprint transportFingerprint() {
        return transportSection().map(MediaSection::fingerprint).orElse(null);
    }

    /**
     * Checks what a browser's offer or answer must carry for the node to connect: at least one
     * m-section that is not rejected, and on each such section ICE credentials (RFC 8839 §5.4) and
     * a DTLS fingerprint with a SHA-2 hash (RFC 8122 §5, RFC 8827 §6.5), at session or media level.
     *
     * @throws SdpException naming the first section and attribute missing
     */
    public void requireTransport() {
        if (transportSection().isEmpty()) {
            throw new SdpException(media.isEmpty() ? "the description has no m-section"
                    : "every m-section is rejected (port 0)");
        }
        for (int i = 0; i < media.size(); i++) {
            MediaSection m = media.get(i);
            if (m.rejected()) {
                continue;
            }
            String where = "m-section " + i + " (" + m.kind() + (m.mid() == null ? "" : ", mid " + m.mid()) + ")";
            if (m.ice() == null) {
                throw new SdpException(where + " has no ICE credentials: a=ice-ufrag and a=ice-pwd are required"
                        + " at session or media level (RFC 8839 §5.4)");
            }
            if (m.fingerprint() == null) {
                throw new SdpException(where + " has no a=fingerprint with a sha-256, sha-384 or sha-512 hash"
                        + " at session or media level (RFC 8122 §5, RFC 8827 §6.5)");
            }
        }
    }
}
