package jp.rinjo.media.transport.srtp;

/**
 * A snapshot of an {@link SrtpSession}'s counters.
 *
 * @param rtpUnprotected  RTP packets that authenticated and were decrypted
 * @param rtcpUnprotected RTCP packets that authenticated and were decrypted
 * @param rtpProtected    RTP packets encrypted for sending
 * @param rtcpProtected   RTCP packets encrypted for sending
 * @param malformed       packets refused as {@link SrtpError#MALFORMED}
 * @param authFailures    packets refused as {@link SrtpError#AUTH_FAILED}
 * @param replays         packets refused as {@link SrtpError#REPLAYED}
 * @param otherFailures   packets refused for any other reason
 * @param streamsDerived  receive contexts derived for SSRCs not yet authenticated (each costs ~30 µs)
 * @param throttled       packets refused as {@link SrtpError#NEW_STREAMS_THROTTLED}
 */
public record SrtpStats(long rtpUnprotected, long rtcpUnprotected, long rtpProtected, long rtcpProtected,
                        long malformed, long authFailures, long replays, long otherFailures, long streamsDerived,
                        long throttled) {
}
