package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a browser's publish offer: the browser sends its camera and microphone, the node only
 * receives (RFC 3264 §6, RFC 8829 §5.3.1).
 *
 * <p>Per offered m-section, in order (an answer mirrors the offer's sections, RFC 3264 §6):
 * <ul>
 *   <li>not audio/video over DTLS-SRTP (a data channel, an unknown media type), or already rejected: rejected
 *       with port 0 and left out of the BUNDLE group (RFC 8843 §7.3);</li>
 *   <li>the browser sends and a codec is acceptable ({@link CodecPolicy}): {@code a=recvonly} with only
 *       that payload type, and an {@link IncomingTrack}, for the first {@value #MAX_AUDIO_TRACKS} audio
 *       and {@value #MAX_VIDEO_TRACKS} video sections; sections beyond those are answered
 *       {@code a=inactive} (a camera, a screen or second camera, a microphone is all an inspection
 *       needs, and every track costs the node memory and each viewer an m-section);</li>
 *   <li>otherwise (no acceptable codec, or the browser marks it recvonly/inactive): {@code a=inactive},
 *       still in the BUNDLE group so the transport is unaffected.</li>
 * </ul>
 * Simulcast ({@code a=simulcast}, {@code a=rid}) is answered without those attributes, so the
 * browser sends one encoding (RFC 8853: an answer without them declines simulcast).
 *
 * <p>The node is always the DTLS server: the offer's {@code actpass} is answered {@code passive}
 * (RFC 5763 §5). An ICE restart needs nothing special: answer the re-offer with
 * the node's new credentials.
 */
public final class PublishNegotiator {
    static final String NO_TRACK = "no H.264 (packetization-mode=1), VP8 or Opus track offered";
    /** Tracks one publish connection may send, per kind. */
    public static final int MAX_AUDIO_TRACKS = 1;
    public static final int MAX_VIDEO_TRACKS = 2;

    private PublishNegotiator() {
    }

    /** Answers with a random session id and version 2, as browsers start theirs. */
    public static PublishAnswer answer(SessionDescription offer, NodeTransport transport) {
        return answer(offer, transport, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), 2);
    }

    /**
     * Answers with a given {@code o=} session id and version, for callers that keep them across
     * renegotiations of one PeerConnection (RFC 3264 §8: same id, version incremented).
     *
     * @throws SdpException if the offer lacks transport attributes, does not BUNDLE its sections,
     *                      lacks rtcp-mux, wants the node as DTLS client, or offers nothing acceptable
     */
    public static PublishAnswer answer(SessionDescription offer, NodeTransport transport, long sessionId,
                                       long sessionVersion) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(transport, "transport");
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("o= session id and version must not be negative");
        }
        checkOfferTransport(offer);
        boolean twoByte = offer.extmapAllowMixed();
        List<String> bundle = new ArrayList<>();
        List<IncomingTrack> tracks = new ArrayList<>();
        List<String> overLimit = new ArrayList<>();
        StringBuilder sections = new StringBuilder();
        boolean anyCodec = false;
        for (MediaSection m : offer.media()) {
            if (m.rejected() || !acceptable(m)) {
                sections.append(rejected(m));
                continue;
            }
            bundle.add(m.mid());
            Optional<RtpCodec> chosen = CodecPolicy.choose(m).map(c -> CodecPolicy.forAnswer(c, m.kind()));
            anyCodec |= chosen.isPresent();
            SdpWriter w = new SdpWriter();
            boolean withinLimit = tracks.stream().filter(t -> t.kind().equals(m.kind())).count() < limit(m.kind());
            if (chosen.isPresent() && m.direction().sends() && !withinLimit) {
                overLimit.add(m.mid());
            }
            if (chosen.isPresent() && m.direction().sends() && withinLimit) {
                List<HeaderExtension> extensions = CodecPolicy.forAnswer(m, twoByte);
                write(w, m, transport, chosen.get(), extensions, Direction.RECVONLY);
                tracks.add(track(m, chosen.get(), extensions));
            } else {
                Optional<RtpCodec> inactive = chosen.or(() -> CodecPolicy.placeholder(m))
                        .map(c -> new RtpCodec(c.payloadType(), c.name(), c.clockRate(), c.channels(), c.fmtp(), List.of()));
                write(w, m, transport, inactive.orElse(null), List.of(), Direction.INACTIVE);
            }
            sections.append(w);
        }
        // Inactive sections alone (every track stopped) are a valid renegotiation; no codec at all is not.
        if (!anyCodec) {
            throw new SdpException(NO_TRACK);
        }
        String sdp = new SdpWriter().session(sessionId, sessionVersion, bundle, twoByte) + sections.toString();
        return new PublishAnswer(sdp, tracks, overLimit);
    }

    private static int limit(String kind) {
        return "audio".equals(kind) ? MAX_AUDIO_TRACKS : MAX_VIDEO_TRACKS;
    }

    /**
     * What the node needs from the offer's transport: ICE and fingerprint, one BUNDLE group with
     * every section that is not rejected (the node has one transport per PeerConnection), rtcp-mux
     * (RFC 8858: one port for RTP and RTCP), and a setup that lets the node be the DTLS server.
     */
    private static void checkOfferTransport(SessionDescription offer) {
        offer.requireTransport();
        for (MediaSection m : offer.media()) {
            if (m.rejected() || !acceptable(m)) {
                continue;
            }
            if (!offer.bundleMids().contains(m.mid())) {
                throw new SdpException("m-section " + describe(m) + " is not in an a=group:BUNDLE; the node needs"
                        + " every m-section bundled on one transport (RFC 8843; bundlePolicy 'max-bundle')");
            }
            if (!m.rtcpMux()) {
                throw new SdpException("m-section " + describe(m) + " has no a=rtcp-mux; the node requires RTP and"
                        + " RTCP on one port (RFC 8858)");
            }
        }
        String setup = offer.transportSection().map(MediaSection::setup).orElse(null);
        if ("passive".equals(setup) || "holdconn".equals(setup)) {
            throw new SdpException("offer has a=setup:" + setup + ", but the node is always the DTLS server and"
                    + " answers passive; the browser must offer actpass or active (RFC 5763 §5)");
        }
    }

    /**
     * Audio or video over SRTP with DTLS keys, the only media transport WebRTC allows (RFC 8827 §6.5);
     * {@code RTP/SAVPF} without UDP/TLS is what older browsers wrote for the same thing (RFC 8829 §5.1.2).
     */
    private static boolean acceptable(MediaSection m) {
        return m.isRtp() && m.protocol().contains("RTP/SAVP");
    }

    private static IncomingTrack track(MediaSection m, RtpCodec codec, List<HeaderExtension> extensions) {
        int midId = extensionId(extensions, HeaderExtension.SDES_MID);
        int tccId = extensionId(extensions, HeaderExtension.TRANSPORT_CC);
        return new IncomingTrack(m.mid(), m.kind(), codec, codec.rinjoCodec().orElseThrow(), m.mediaSsrcs(),
                m.streamId(), m.trackId(), midId, tccId);
    }

    private static int extensionId(List<HeaderExtension> extensions, String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).mapToInt(HeaderExtension::id).findFirst().orElse(-1);
    }

    private static void write(SdpWriter w, MediaSection m, NodeTransport transport, RtpCodec codec,
                              List<HeaderExtension> extensions, Direction direction) {
        int pt = codec != null ? codec.payloadType() : m.payloadTypes().get(0);
        w.transport(m.kind(), m.protocol(), pt, transport, "passive", m.mid());
        for (HeaderExtension e : extensions) {
            w.line("a=extmap:" + e.id() + (e.direction() == null ? "" : "/" + e.direction()) + " " + e.uri());
        }
        w.line("a=" + direction.sdpName());
        w.line("a=rtcp-mux");
        if (m.rtcpRsize()) {
            w.line("a=rtcp-rsize");
        }
        if (codec != null) {
            w.codec(codec);
        }
        w.candidates(transport);
    }

    /** RFC 8829 §5.3.1: a rejected section keeps its media type, protocol and formats, port 0, and its mid. */
    private static String rejected(MediaSection m) {
        SdpWriter w = new SdpWriter();
        w.line("m=" + m.kind() + " 0 " + m.protocol() + " " + String.join(" ", m.formats()));
        w.line("c=IN IP4 0.0.0.0");
        if (m.mid() != null) {
            w.line("a=mid:" + m.mid());
        }
        return w.toString();
    }

    static String describe(MediaSection m) {
        return m.kind() + (m.mid() == null ? "" : " mid " + m.mid());
    }
}
