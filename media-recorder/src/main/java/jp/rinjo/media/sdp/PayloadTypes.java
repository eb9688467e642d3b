package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives the subscribe offer's sections payload types such that one number means one codec
 * configuration in the whole BUNDLE group: bundled m-sections form one RTP session (RFC 8843,
 * "Payload Type (PT) Value Reuse"), and Chrome refuses an offer that breaks this ("A BUNDLE group
 * contains a codec collision for payload_type").
 *
 * <p>A section keeps its publisher's payload type unless another publisher's different codec already
 * holds that number; then it gets a free dynamic number, which the forwarding path must write into
 * the packets ({@link OfferedSection#codec()}). Earlier decisions win, so nothing moves needlessly:
 * first the sections that carry the same track with the same codec as in the previous offer (they
 * keep their number), then the other active ones, last the inactive ones (whose codec nobody uses).
 */
final class PayloadTypes {
    /** RFC 3551 dynamic range first; then 35-63, which browsers also use (64-95 would clash with RTCP under rtcp-mux, RFC 5761 §4). */
    private static final int[][] FREE_RANGES = {{96, 127}, {35, 63}};

    private PayloadTypes() {
    }

    static List<OfferedSection> assign(List<OfferedSection> placed, List<OfferedSection> previous) {
        Map<Integer, RtpCodec> used = new HashMap<>();
        OfferedSection[] out = new OfferedSection[placed.size()];
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < placed.size(); i++) {
                OfferedSection s = placed.get(i);
                OfferedSection before = i < previous.size() ? previous.get(i) : null;
                boolean continuing = !s.inactive() && before != null && s.trackKey().equals(before.trackKey())
                        && sameConfiguration(s.codec(), before.codec());
                int category = continuing ? 0 : s.inactive() ? 2 : 1;
                if (category != pass) {
                    continue;
                }
                int preferred = continuing ? before.codec().payloadType() : s.codec().payloadType();
                int pt = choose(s.codec(), preferred, used);
                used.putIfAbsent(pt, s.codec());
                out[i] = pt == s.codec().payloadType() ? s
                        : new OfferedSection(s.mid(), s.kind(), s.trackKey(), withPayloadType(s.codec(), pt), s.ssrc());
            }
        }
        return new ArrayList<>(List.of(out));
    }

    private static int choose(RtpCodec codec, int preferred, Map<Integer, RtpCodec> used) {
        for (int candidate : new int[] {preferred, codec.payloadType()}) {
            RtpCodec holder = used.get(candidate);
            if (holder == null || sameConfiguration(holder, codec)) {
                return candidate;
            }
        }
        for (Map.Entry<Integer, RtpCodec> e : used.entrySet()) {
            if (sameConfiguration(e.getValue(), codec)) {
                return e.getKey();
            }
        }
        for (int[] range : FREE_RANGES) {
            for (int pt = range[0]; pt <= range[1]; pt++) {
                if (!used.containsKey(pt)) {
                    return pt;
                }
            }
        }
        throw new SdpException("no free RTP payload type left for " + codec.name() + " in the subscribe offer");
    }

    /** Same media format as far as a payload type number is concerned: encoding, clock, channels, fmtp parameters. */
    static boolean sameConfiguration(RtpCodec a, RtpCodec b) {
        return a.name().equalsIgnoreCase(b.name()) && a.clockRate() == b.clockRate() && a.channels() == b.channels()
                && Objects.equals(a.fmtpParameters(), b.fmtpParameters());
    }

    static RtpCodec withPayloadType(RtpCodec c, int payloadType) {
        return new RtpCodec(payloadType, c.name(), c.clockRate(), c.channels(), c.fmtp(), c.rtcpFeedback());
    }
}
