package jp.rinjo.media.sdp;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Offers a subscriber the other participants' tracks on its subscribe PeerConnection and checks
 * the browser's answer. The node is the offerer here (RFC 3264 §5, RFC 8829 §5.2): one
 * {@code a=sendonly} m-section per track, all bundled on one ICE-lite transport, DTLS role left to
 * the answerer with {@code actpass} (RFC 5763 §5), which browsers answer {@code active}, keeping
 * the node the DTLS server.
 *
 * <p>Sections carry no header extensions and no FEC: the node forwards the publisher's packets with
 * the publisher's payload type. A video section also offers RTX (RFC 4588) on an SSRC of its own
 * ({@code a=ssrc-group:FID}): the node answers NACKs by re-sending the publisher's packet as RTX,
 * protected afresh under the RTX stream's own sequence numbers, so the node keeps the publisher's
 * packets once per track rather than every protected copy per subscriber.
 */
public final class SubscribeNegotiator {
    private SubscribeNegotiator() {
    }

    /**
     * An offer whose {@code o=} session id is derived from the node's DTLS fingerprint, so it stays
     * the same across renegotiations as RFC 3264 §8 requires without the caller keeping it. Use
     * {@link #offer(List, List, NodeTransport, long, long)} to give each PeerConnection its own.
     *
     * @param tracks         the tracks the subscriber should receive now, new ones placed in this order
     * @param previous       {@link SubscribeOffer#sections()} of the previous offer, empty for the first
     * @param sessionVersion the {@code o=} version; increase it with every offer
     */
    public static SubscribeOffer offer(List<OutgoingTrack> tracks, List<OfferedSection> previous,
                                       NodeTransport transport, long sessionVersion) {
        return offer(tracks, previous, transport, sessionIdFrom(transport), sessionVersion);
    }

    /** As {@link #offer(List, List, NodeTransport, long)} with an explicit {@code o=} session id. */
    public static SubscribeOffer offer(List<OutgoingTrack> tracks, List<OfferedSection> previous,
                                       NodeTransport transport, long sessionId, long sessionVersion) {
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(transport, "transport");
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("o= session id and version must not be negative");
        }
        List<OfferedSection> sections = SubscribePlan.place(tracks, previous);
        if (sections.size() > SdpParser.MAX_MEDIA_SECTIONS) {
            throw new SdpException("a subscribe offer of " + sections.size() + " m-sections exceeds the limit of "
                    + SdpParser.MAX_MEDIA_SECTIONS);
        }
        Map<String, OutgoingTrack> byKey = new HashMap<>();
        tracks.forEach(t -> byKey.put(t.trackKey(), t));
        SdpWriter w = new SdpWriter();
        w.session(sessionId, sessionVersion, sections.stream().map(OfferedSection::mid).toList(), false);
        for (OfferedSection s : sections) {
            RtpCodec codec = CodecPolicy.forSubscribe(s.codec(), s.kind());
            OutgoingTrack t = s.inactive() ? null : byKey.get(s.trackKey());
            boolean rtx = t != null && s.hasRtx();
            w.transport(s.kind(), "UDP/TLS/RTP/SAVPF",
                    rtx ? List.of(codec.payloadType(), s.rtxPayloadType()) : List.of(codec.payloadType()),
                    transport, "actpass", s.mid());
            if (t == null) {
                w.line("a=inactive");
            } else {
                w.line("a=sendonly");
                w.line("a=msid:" + t.streamId() + " " + t.trackId());
            }
            w.line("a=rtcp-mux");
            w.line("a=rtcp-rsize");
            w.codec(codec);
            if (rtx) {
                w.line("a=rtpmap:" + s.rtxPayloadType() + " rtx/" + codec.clockRate());
                w.line("a=fmtp:" + s.rtxPayloadType() + " apt=" + codec.payloadType());
            }
            if (t != null) {
                // RFC 8830 §2 says a=msid suffices; the ssrc lines let the browser map the SSRC to
                // this section without the mid header extension, which these sections do not use.
                if (rtx) {
                    w.line("a=ssrc-group:FID " + t.ssrc() + " " + s.rtxSsrc());
                }
                for (long ssrc : rtx ? new long[] {t.ssrc(), s.rtxSsrc()} : new long[] {t.ssrc()}) {
                    w.line("a=ssrc:" + ssrc + " cname:" + t.cname());
                    w.line("a=ssrc:" + ssrc + " msid:" + t.streamId() + " " + t.trackId());
                }
            }
            w.candidates(transport);
        }
        return new SubscribeOffer(w.toString(), sections);
    }

    /**
     * Checks the browser's answer against the offer it answers.
     *
     * @throws SdpException if the sections do not mirror the offer's (count, mids, order), a section
     *                      would send to the node, the transport attributes are missing, rtcp-mux or
     *                      BUNDLE were declined, or the browser wants the node as DTLS client
     */
    public static SubscribeAnswerCheck checkAnswer(SubscribeOffer offer, SessionDescription answer) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(answer, "answer");
        List<OfferedSection> offered = offer.sections();
        if (answer.media().size() != offered.size()) {
            throw new SdpException("answer has " + answer.media().size() + " m-sections, the offer "
                    + offered.size() + " (RFC 3264 §6: one per offered section, same order)");
        }
        answer.requireTransport();
        checkSetup(answer.transportSection().orElseThrow().setup());
        Set<String> accepted = new LinkedHashSet<>();
        Set<String> rejected = new LinkedHashSet<>();
        Set<String> rtx = new LinkedHashSet<>();
        for (int i = 0; i < offered.size(); i++) {
            OfferedSection o = offered.get(i);
            MediaSection a = answer.media().get(i);
            if (!o.mid().equals(a.mid())) {
                throw new SdpException("answer m-section " + i + " has mid " + a.mid() + ", the offer " + o.mid());
            }
            if (a.rejected()) {
                if (!o.inactive()) {
                    rejected.add(o.trackKey());
                }
                continue;
            }
            if (a.direction().sends()) {
                throw new SdpException("answer m-section mid " + a.mid() + " is " + a.direction().sdpName()
                        + ", but the node offered sendonly/inactive (RFC 3264 §6.1)");
            }
            if (!answer.bundleMids().contains(a.mid()) || !a.rtcpMux()) {
                throw new SdpException("answer m-section mid " + a.mid() + " must be in the BUNDLE group and use"
                        + " rtcp-mux: the node has one transport per PeerConnection (RFC 8843, RFC 8858)");
            }
            if (o.inactive()) {
                continue;
            }
            if (a.direction().receives() && acceptsPayloadType(a, o.codec())) {
                accepted.add(o.trackKey());
                if (o.hasRtx() && acceptsRtx(a, o)) {
                    rtx.add(o.trackKey());
                }
            } else {
                rejected.add(o.trackKey());
            }
        }
        return new SubscribeAnswerCheck(answer.transportIce(), answer.transportFingerprint(), accepted, rejected, rtx);
    }

    /** The answer kept the offered RTX payload type, as RTX of the offered codec. */
    private static boolean acceptsRtx(MediaSection answer, OfferedSection offered) {
        return answer.payloadTypes().contains(offered.rtxPayloadType())
                && answer.codec(offered.rtxPayloadType()).map(c -> c.name().equalsIgnoreCase("rtx")).orElse(false);
    }

    /** The answer must list the offered payload type with the same encoding (RFC 3264 §6.1: PT numbers are echoed). */
    private static boolean acceptsPayloadType(MediaSection answer, RtpCodec offered) {
        return answer.payloadTypes().contains(offered.payloadType())
                && answer.codec(offered.payloadType())
                        .map(c -> c.name().equalsIgnoreCase(offered.name()) && c.clockRate() == offered.clockRate())
                        .orElse(true); // a static payload type may come without rtpmap
    }

    /** RFC 5763 §5: to an actpass offer the answer is active or passive; the node only serves DTLS. */
    private static void checkSetup(String setup) {
        if (setup == null) {
            throw new SdpException("answer has no a=setup; it must be a=setup:active (RFC 5763 §5)");
        }
        switch (setup) {
            case "active" -> {
            }
            case "passive" -> throw new SdpException("answer has a=setup:passive, which would make the node the DTLS"
                    + " client; the node is always the DTLS server, so the browser must answer active (RFC 5763 §5)");
            default -> throw new SdpException("answer has a=setup:" + setup + "; an answer to actpass must be active"
                    + " here (RFC 5763 §5)");
        }
    }

    /** A stable, positive 60-bit number from the fingerprint's digest (itself a hash, so well spread). */
    static long sessionIdFrom(NodeTransport transport) {
        String hex = transport.fingerprint().value().replace(":", "");
        long id = Long.parseUnsignedLong(hex.substring(0, 15), 16);
        return id == 0 ? 1 : id;
    }
}
