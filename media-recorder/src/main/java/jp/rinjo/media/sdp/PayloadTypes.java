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
 *
 * <p>Then each codec resent as RTX gets one RTX payload type ({@code apt} = the codec's number): the
 * one it had in the previous offer (no codec may take the previous offer's RTX numbers), else the
 * codec's number + 1 (as browsers pair them) if free, else the first free one.
 */
final class PayloadTypes {
    /** RFC 3551 dynamic range first; then 35-63, which browsers also use (64-95 would clash with RTCP under rtcp-mux, RFC 5761 §4). */
    private static final int[][] FREE_RANGES = {{96, 127}, {35, 63}};

    private PayloadTypes() {
    }

    static List<OfferedSection> assign(List<OfferedSection> placed, List<OfferedSection> previous) {
        Map<Integer, RtpCodec> used = new HashMap<>();
        // the previous offer's RTX numbers stay RTX (RFC 3264 §8.3.2: a number's meaning must not change)
        previousRtx(previous).forEach((apt, rtx) -> used.put(rtx, new RtpCodec(rtx, "rtx", 90_000, 1, "apt=" + apt, List.of())));
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
                        : new OfferedSection(s.mid(), s.kind(), s.trackKey(), withPayloadType(s.codec(), pt), s.ssrc(),
                                s.rtxPayloadType(), s.rtxSsrc());
            }
        }
        return assignRtx(out, previous);
    }

    /**
     * One RTX number per codec resent: the one it had in the previous offer (media numbers never take
     * those, see {@link #assign}), else a number no codec and no earlier RTX holds.
     */
    private static List<OfferedSection> assignRtx(OfferedSection[] sections, List<OfferedSection> previous) {
        Map<Integer, Integer> before = previousRtx(previous);
        java.util.Set<Integer> taken = new java.util.HashSet<>(before.values());
        for (OfferedSection s : sections) {
            taken.add(s.codec().payloadType());
        }
        Map<Integer, Integer> rtxByApt = new HashMap<>();
        for (int i = 0; i < sections.length; i++) {
            OfferedSection s = sections[i];
            if (s.rtxSsrc() == 0) {
                continue;
            }
            int rtx = rtxByApt.computeIfAbsent(s.codec().payloadType(), apt -> {
                Integer kept = before.get(apt);
                int pt = kept != null && !rtxByApt.containsValue(kept) ? kept : freeRtxNumber(apt, taken);
                taken.add(pt);
                return pt;
            });
            sections[i] = new OfferedSection(s.mid(), s.kind(), s.trackKey(), s.codec(), s.ssrc(), rtx, s.rtxSsrc());
        }
        return new ArrayList<>(List.of(sections));
    }

    /** The previous offer's RTX numbers by the codec number they repair. */
    private static Map<Integer, Integer> previousRtx(List<OfferedSection> previous) {
        Map<Integer, Integer> byApt = new HashMap<>();
        for (OfferedSection s : previous) {
            if (s.hasRtx()) {
                byApt.putIfAbsent(s.codec().payloadType(), s.rtxPayloadType());
            }
        }
        return byApt;
    }

    private static int freeRtxNumber(int apt, java.util.Set<Integer> taken) {
        for (int[] range : FREE_RANGES) {
            if (apt + 1 >= range[0] && apt + 1 <= range[1] && !taken.contains(apt + 1)) {
                return apt + 1;
            }
        }
        for (int[] range : FREE_RANGES) {
            for (int pt = range[0]; pt <= range[1]; pt++) {
                if (!taken.contains(pt)) {
                    return pt;
                }
            }
        }
        throw new SdpException("no free RTP payload type left for RTX of payload type " + apt + " in the subscribe offer");
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
