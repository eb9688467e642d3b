/**
 * RTCP for the media node: {@link jp.rinjo.media.rtcp.RtcpParser} turns a compound packet into
 * {@link jp.rinjo.media.rtcp.RtcpPacket} records without ever throwing;
 * {@link jp.rinjo.media.rtcp.RtcpBuilder} and {@link jp.rinjo.media.rtcp.FirBuilder} build what the
 * node sends (PLI, FIR, NACK, REMB, RR); {@link jp.rinjo.media.rtcp.RtcpRewriter} rewrites SSRCs of
 * relayed feedback in place; {@link jp.rinjo.media.rtcp.TransportCcFeedbackBuilder} reports a
 * publisher's arrivals (from {@code rtp.ArrivalRecorder}) as transport-cc feedback, and
 * {@link jp.rinjo.media.rtcp.TransportCcFeedbackParser} reads such feedback back (the compound parser
 * leaves a peer's transport-cc undecoded: the node has no use for it).
 *
 * <p>RTCP is low-rate: parsed values are immutable records and builders return fresh arrays.
 */
package jp.rinjo.media.rtcp;
