package jp.rinjo.media.rtcp;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds FIRs with the command sequence number RFC 5104 §4.3.1.2 requires: incremented (mod 256)
 * for each new request to a media sender, unchanged when the same request is repeated (e.g. because
 * no keyframe arrived). One instance per sending SSRC; not thread-safe.
 */
public final class FirBuilder {
    private final int senderSsrc;
    private final Map<Integer, Integer> lastSequence = new HashMap<>();

    public FirBuilder(int senderSsrc) {
        this.senderSsrc = senderSsrc;
    }

    /** A new request: next sequence number for {@code mediaSsrc} (starting at 0). */
    public byte[] request(int mediaSsrc) {
        int seq = lastSequence.merge(mediaSsrc, 0, (old, zero) -> (old + 1) & 0xFF);
        return RtcpBuilder.fir(senderSsrc, mediaSsrc, seq);
    }

    /** Repeats the last request to {@code mediaSsrc} with the same number (a new one if none). */
    public byte[] repeat(int mediaSsrc) {
        Integer seq = lastSequence.get(mediaSsrc);
        return seq == null ? request(mediaSsrc) : RtcpBuilder.fir(senderSsrc, mediaSsrc, seq);
    }
}
