package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * One {@code a=ssrc-group:<semantics> <ssrc> ...} (RFC 5576 §4.2), e.g. {@code FID} pairing a
 * media SSRC with its RTX SSRC (RFC 4588), {@code FEC-FR} (RFC 5956), or {@code SIM}.
 *
 * @param semantics as written, e.g. {@code FID}
 * @param ssrcs     in order; for FID and FEC-FR the first is the media SSRC
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final long MAX_SSRC = 0xFFFF_FFFFL;

    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
        ssrcs.forEach(SsrcGroup::checkSsrc);
    }

    /** True for groups whose members after the first repair the first (RTX, FEC) rather than carry media. */
    public boolean isRepairGroup() {
        return semantics.equals("FID") || semantics.equals("FEC-FR") || semantics.equals("FEC");
    }

    static void checkSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException("SSRC must be 0-" + MAX_SSRC + ", got " + ssrc);
        }
    }
}
