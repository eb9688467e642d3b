package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which codecs, RTCP feedback and header extensions the node accepts, and how they appear in its
 * descriptions. One place for the forwarding path's needs:
 * <ul>
 *   <li>Video: H.264 packetization-mode=1, constrained baseline (plays everywhere, iOS encodes it in
 *       hardware), else VP8. Audio: Opus 48000/2 only.</li>
 *   <li>No RTX, RED or ULPFEC: without an RTX payload type, Chrome answers NACKs by resending the
 *       original packet on the media SSRC, so forwarding and recording see one stream per track.</li>
 *   <li>Extensions: only sdes:mid (BUNDLE demultiplexing, RFC 8843) and transport-wide CC
 *       (bandwidth estimation). Not urn:3gpp:video-orientation: without it, phones rotate frames
 *       before encoding, so recordings play upright everywhere.</li>
 * </ul>
 */
final class CodecPolicy {
    private static final Set<String> VIDEO_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "transport-cc");
    private static final Set<String> AUDIO_FEEDBACK = Set.of("transport-cc");
    /** What the node offers to subscribers: loss recovery and keyframe requests, which it relays or answers. */
    static final List<String> SUBSCRIBE_VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir");
    private static final Set<String> ANSWER_EXTENSIONS = Set.of(HeaderExtension.SDES_MID, HeaderExtension.TRANSPORT_CC);
    /** H.264 Baseline level 3.1, which Chrome offers first; its encoders produce streams any CB decoder plays. */
    private static final String BASELINE_31 = "42001f";

    private CodecPolicy() {
    }

    /** The codec to receive in this section, by the node's preference; empty if none is acceptable. */
    static Optional<RtpCodec> choose(MediaSection m) {
        List<RtpCodec> offered = m.codecs();
        if (m.kind().equals("audio")) {
            return offered.stream().filter(CodecPolicy::isOpusStereo).findFirst();
        }
        if (!m.kind().equals("video")) {
            return Optional.empty();
        }
        // Among equals the offer's order decides (RFC 3264 §6.1: it is the offerer's preference).
        Optional<RtpCodec> best = offered.stream().filter(CodecPolicy::isConstrainedBaselineH264).findFirst();
        if (best.isEmpty()) {
            best = offered.stream().filter(c -> isH264Mode1(c) && profileLevelId(c).equals(BASELINE_31)).findFirst();
        }
        if (best.isEmpty()) {
            best = offered.stream().filter(c -> name(c).equals("vp8") && c.clockRate() == 90_000).findFirst();
        }
        return best;
    }

    /** The offered codec as the node answers it: fmtp as offered, rtcp-fb cut to what the node handles. */
    static RtpCodec forAnswer(RtpCodec offered, String kind) {
        Set<String> allowed = kind.equals("video") ? VIDEO_FEEDBACK : AUDIO_FEEDBACK;
        List<String> fb = new ArrayList<>();
        for (String f : offered.rtcpFeedback()) {
            String normal = f.toLowerCase(Locale.ROOT);
            if (allowed.contains(normal) && !fb.contains(normal)) {
                fb.add(normal);
            }
        }
        return new RtpCodec(offered.payloadType(), offered.name(), offered.clockRate(), offered.channels(),
                offered.fmtp(), fb);
    }

    /** A publisher's codec as the node offers it to a subscriber: same PT, rtpmap and fmtp, fixed feedback. */
    static RtpCodec forSubscribe(RtpCodec negotiated, String kind) {
        return new RtpCodec(negotiated.payloadType(), negotiated.name(), negotiated.clockRate(),
                negotiated.channels(), negotiated.fmtp(), kind.equals("video") ? SUBSCRIBE_VIDEO_FEEDBACK : List.of());
    }

    /**
     * The extensions to accept in an answer, with the offer's ids (RFC 8285 §7). Ids above 14 need
     * the two-byte header form, which the node takes only with {@code a=extmap-allow-mixed}.
     * Directions are mirrored; one the offerer will not send is left out.
     */
    static List<HeaderExtension> forAnswer(MediaSection m, boolean twoByteAllowed) {
        List<HeaderExtension> accepted = new ArrayList<>();
        for (HeaderExtension e : m.extensions()) {
            if (!ANSWER_EXTENSIONS.contains(e.uri())
                    || (e.id() > HeaderExtension.MAX_ONE_BYTE_ID && !twoByteAllowed)
                    || accepted.stream().anyMatch(a -> a.uri().equals(e.uri()))) {
                continue;
            }
            String direction = e.direction();
            if (direction == null || direction.equals("sendrecv")) {
                accepted.add(new HeaderExtension(e.id(), e.uri(), null));
            } else if (direction.equals("sendonly")) {
                accepted.add(new HeaderExtension(e.id(), e.uri(), "recvonly"));
            }
        }
        return accepted;
    }

    /** A codec to name in an inactive section's m-line: the offer's first one that is not a repair format. */
    static Optional<RtpCodec> placeholder(MediaSection m) {
        return m.codecs().stream().filter(c -> !c.isRepairCodec()).findFirst();
    }

    static boolean isOpusStereo(RtpCodec c) {
        return name(c).equals("opus") && c.clockRate() == 48_000 && c.channels() == 2;
    }

    /**
     * RFC 6184 §8.1 profile-level-id {@code 42 xx yy}: profile_idc 66 (Baseline) with
     * constraint_set1_flag (0x40 of profile-iop) set is Constrained Baseline (RFC 6184 Table 5),
     * e.g. 42e01f and 42c01f.
     */
    static boolean isConstrainedBaselineH264(RtpCodec c) {
        String id = profileLevelId(c);
        if (!isH264Mode1(c) || id.length() != 6 || !id.startsWith("42")) {
            return false;
        }
        int iop = hexByte(id, 2);
        return iop >= 0 && (iop & 0x40) != 0 && (iop & 0x0F) == 0;
    }

    private static boolean isH264Mode1(RtpCodec c) {
        return name(c).equals("h264") && c.clockRate() == 90_000
                && "1".equals(c.fmtpParameters().get("packetization-mode"));
    }

    private static String profileLevelId(RtpCodec c) {
        return c.fmtpParameters().getOrDefault("profile-level-id", "").toLowerCase(Locale.ROOT);
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    private static String name(RtpCodec c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
