package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;
import jp.rinjo.media.rtp.codec.Codec;

/**
 * A track the node will receive on a publish PeerConnection: one accepted m-section the browser sends in.
 *
 * @param mid                    the m-section's mid; the value of the sdes:mid extension in its packets
 * @param kind                   {@code audio} or {@code video}
 * @param codec                  the payload type as answered (fmtp as offered, rtcp-fb as accepted)
 * @param rinjoCodec             the forwarding path's codec for it
 * @param ssrcs                  media SSRCs from {@code a=ssrc} (RTX/FEC members of FID/FEC-FR groups
 *                               excluded); empty when the browser signals none (rid simulcast, or
 *                               Firefox without ssrc lines) — then match packets by the mid extension
 * @param streamId               msid stream id, {@code "-"} for a stream-less track, or null if not signalled
 * @param trackId                msid track id, or null if not signalled
 * @param midExtensionId         negotiated sdes:mid extmap id, or -1
 * @param transportCcExtensionId negotiated transport-wide-cc extmap id, or -1
 */
public record IncomingTrack(String mid, String kind, RtpCodec codec, Codec rinjoCodec, List<Long> ssrcs,
                            String streamId, String trackId, int midExtensionId, int transportCcExtensionId) {
    public IncomingTrack {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(rinjoCodec, "rinjoCodec");
        ssrcs = List.copyOf(ssrcs);
    }
}
