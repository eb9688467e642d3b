/**
 * RTP packet layer of the media node: framework-free, on {@code byte[]} + offset + length, in place
 * and allocation-free on the forwarding path.
 *
 * <h2>How the forwarding path uses it</h2>
 * Per datagram after SRTP unprotect (one event-loop thread owns all of a transport's state):
 * <ol>
 *   <li>{@link jp.rinjo.media.rtp.RtpPacket#isRtcp} → RTCP side ({@code rtcp} package); else
 *       {@link jp.rinjo.media.rtp.RtpPacket#isValid} or drop.</li>
 *   <li>Publisher transport: {@link jp.rinjo.media.rtp.HeaderExtensions#transportSequenceNumber}
 *       → {@link jp.rinjo.media.rtp.ArrivalRecorder#record} (also for RTX padding probes); the
 *       transport's timer calls {@code rtcp.TransportCcFeedbackBuilder#poll} and sends what it
 *       returns.</li>
 *   <li>RTX SSRC: {@link jp.rinjo.media.rtp.Rtx#decapsulate}, or drop if it has no OSN.</li>
 *   <li>Per source stream: {@link jp.rinjo.media.rtp.SequenceNumberTracker#accept} (loss, NACK
 *       decisions, RR counters), {@link jp.rinjo.media.rtp.InterarrivalJitter}, and
 *       {@link jp.rinjo.media.rtp.RetransmissionCache#put}. The recorder gets the packet as is.</li>
 *   <li>Per subscriber track: copy into the subscriber's send buffer,
 *       {@code codec.KeyframeGate#admit} (else {@link jp.rinjo.media.rtp.StreamRewriter#drop}),
 *       {@link jp.rinjo.media.rtp.StreamRewriter#rewrite} (false → do not send), set the
 *       subscriber transport's own transport-cc number with
 *       {@link jp.rinjo.media.rtp.HeaderExtensions#setTransportSequenceNumber}, SRTP protect,
 *       send.</li>
 *   <li>NACK from a subscriber: for each lost number, the source sequence number and the header
 *       the subscriber got (kept per number sent) →
 *       {@link jp.rinjo.media.rtp.RetransmissionCache#copyTo} → restore that header →
 *       {@link jp.rinjo.media.rtp.Rtx#encapsulate} under the subscriber's RTX SSRC → SRTP protect
 *       (a new packet: protecting the original number again would reuse an SRTP nonce) → send.</li>
 * </ol>
 * Accessors return 32-bit RTP fields as {@code int}; extended (unwrapped) numbers are {@code long}.
 */
package jp.rinjo.media.rtp;
