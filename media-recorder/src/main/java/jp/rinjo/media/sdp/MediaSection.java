package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.rinjo.media.transport.dtls.DtlsFingerprint;
import jp.rinjo.media.transport.ice.IceCredentials;

/**
 * One m-section of a parsed description. Transport attributes are resolved: the media-level value
 * where present, else the session-level one (RFC 8839 §5.4 for ICE, RFC 8122 §5 for fingerprint,
 * RFC 4145 §4 for setup).
 *
 * @param kind         {@code audio}, {@code video}, {@code application}, or another media type as written
 * @param port         the m-line port; 0 means rejected unless {@code bundleOnly} (RFC 8843)
 * @param protocol     e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param payloadTypes the m-line formats for RTP protocols, in preference order (RFC 3264 §5.1); empty otherwise
 * @param mid          {@code a=mid} (RFC 5888), or null
 * @param direction    media-level direction, else session-level, else sendrecv
 * @param ice          resolved ICE credentials, or null
 * @param fingerprint  resolved DTLS fingerprint (the first with a supported hash), or null
 * @param setup        resolved {@code a=setup} value (RFC 4145: actpass/active/passive/holdconn), or null
 * @param rtcpMux      {@code a=rtcp-mux} (RFC 5761)
 * @param codecs       payload types with an rtpmap, in m-line order
 * @param extensions   {@code a=extmap} lines
 * @param ssrcs        one entry per SSRC of {@code a=ssrc} lines, in first-appearance order
 * @param ssrcGroups   {@code a=ssrc-group} lines
 * @param msid         the {@code a=msid} value ({@code "<stream id> <track id>"}, RFC 8830), or null
 * @param simulcast    {@code a=simulcast} or {@code a=rid} present (RFC 8853, RFC 8851)
 * @param candidates   {@code a=candidate} values including the {@code candidate:} prefix
 * @param rtcpRsize    {@code a=rtcp-rsize} (RFC 5506)
 * @param bundleOnly   {@code a=bundle-only} (RFC 8843): port 0 does not mean rejected
 * @param formats      the m-line formats as written (also non-RTP ones such as {@code webrtc-datachannel})
 */
public record MediaSection(String kind, int port, String protocol, List<Integer> payloadTypes, String mid,
                           Direction direction, IceCredentials ice, DtlsFingerprint fingerprint, String setup,
                           boolean rtcpMux, List<RtpCodec> codecs, List<HeaderExtension> extensions,
                           List<SsrcInfo> ssrcs, List<SsrcGroup> ssrcGroups, String msid, boolean simulcast,
                           List<String> candidates, boolean rtcpRsize, boolean bundleOnly, List<String> formats) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public MediaSection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        payloadTypes = List.copyOf(payloadTypes);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        candidates = List.copyOf(candidates);
        formats = List.copyOf(formats);
    }

    /** The components of the original specification; rtcp-rsize and bundle-only false, formats from the payload types. */
    public MediaSection(String kind, int port, String protocol, List<Integer> payloadTypes, String mid,
                        Direction direction, IceCredentials ice, DtlsFingerprint fingerprint, String setup,
                        boolean rtcpMux, List<RtpCodec> codecs, List<HeaderExtension> extensions,
                        List<SsrcInfo> ssrcs, List<SsrcGroup> ssrcGroups, String msid, boolean simulcast,
                        List<String> candidates) {
        this(kind, port, protocol, payloadTypes, mid, direction, ice, fingerprint, setup, rtcpMux, codecs,
                extensions, ssrcs, ssrcGroups, msid, simulcast, candidates, false, false,
                payloadTypes.stream().map(String::valueOf).toList());
    }

    /** Port 0 without {@code a=bundle-only}: the section is rejected or removed (RFC 3264 §6, §8.2). */
    public boolean rejected() {
        return port == 0 && !bundleOnly;
    }

    /** True for audio and video over an RTP profile. */
    public boolean isRtp() {
        return (kind.equals("audio") || kind.equals("video")) && protocol.contains("RTP/");
    }

    /** The codec for a payload type, if it has an rtpmap here. */
    public Optional<RtpCodec> codec(int payloadType) {
        return codecs.stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    /** The extmap for a URI, if offered. */
    public Optional<HeaderExtension> extension(String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    /**
     * The SSRCs that carry media: every {@code a=ssrc} SSRC except the repair members (RTX, FEC)
     * of FID/FEC-FR groups (RFC 5576 §4.2, RFC 4588). Empty when the sender signals none, as
     * Chrome does for rid-based simulcast: then the mid header extension identifies the stream.
     */
    public List<Long> mediaSsrcs() {
        Set<Long> repair = new HashSet<>();
        for (SsrcGroup g : ssrcGroups) {
            if (g.isRepairGroup()) {
                repair.addAll(g.ssrcs().subList(Math.min(1, g.ssrcs().size()), g.ssrcs().size()));
            }
        }
        Set<Long> media = new LinkedHashSet<>();
        for (SsrcInfo s : ssrcs) {
            if (!repair.contains(s.ssrc())) {
                media.add(s.ssrc());
            }
        }
        return List.copyOf(new ArrayList<>(media));
    }

    /**
     * The msid stream id (RFC 8830 §2): from {@code a=msid} if present, else from the legacy
     * {@code a=ssrc:<ssrc> msid:} of the first media SSRC; null if neither. A track that belongs to
     * no stream has stream id {@code "-"}.
     */
    public String streamId() {
        String[] parts = msidParts();
        return parts == null ? null : parts[0];
    }

    /** The msid track id (RFC 8830 §2), found like {@link #streamId()}; null if absent. */
    public String trackId() {
        String[] parts = msidParts();
        return parts == null || parts.length < 2 ? null : parts[1];
    }

    private String[] msidParts() {
        String value = msid;
        if (value == null) {
            List<Long> media = mediaSsrcs();
            value = ssrcs.stream().filter(s -> !media.isEmpty() && s.ssrc() == media.get(0))
                    .map(SsrcInfo::msid).filter(Objects::nonNull).findFirst().orElse(null);
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        return WHITESPACE.split(value.trim(), 2);
    }
}
