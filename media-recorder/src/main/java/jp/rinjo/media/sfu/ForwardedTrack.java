package jp.rinjo.media.sfu;

import java.security.SecureRandom;

import jp.rinjo.media.rtcp.SenderReport;
import jp.rinjo.media.rtp.RetransmissionCache;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.Rtx;
import jp.rinjo.media.rtp.StreamRewriter;
import jp.rinjo.media.rtp.codec.KeyframeGate;

/**
 * One published track as one subscriber receives it: the subscriber's own SSRC with continuous
 * sequence numbers and timestamps (whatever the publisher does), held back until a keyframe.
 * Confined to the media event loop.
 *
 * <p>NACKs are answered with RTX (RFC 4588) when the subscriber accepted it: the publisher's packet
 * is taken from the track's {@link PublishedTrack#sourcePackets() cache}, given the header this
 * subscriber got (kept per sequence number, a few bytes each), wrapped with its original sequence number under the RTX SSRC
 * and the next RTX sequence number, and protected as a new packet. Re-protecting the original
 * sequence number instead would reuse an SRTP nonce, which the SRTP layer refuses. Without RTX a
 * subscriber's NACKs are not answered; browsers accept the RTX the node offers.
 */
final class ForwardedTrack {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHE = 512;
    /**
     * Packets that arrive while the subscriber's DTLS handshake is finishing: its browser already has
     * keys, ours reach the event loop a moment later. Sent once the track is activated, they often
     * carry the keyframe the viewer would otherwise wait a keyframe request for. Enough for a 720p
     * keyframe; beyond that the oldest go.
     */
    private static final int MAX_HELD = 256;

    private final PublishedTrack track;
    private final SubscriberEndpoint subscriber;
    private final int outSsrc;
    private final StreamRewriter rewriter;
    private final KeyframeGate gate;
    /** What was sent per outgoing sequence number: enough to rebuild the packet from the source. */
    private final int[] sentSeq;
    private final int[] sentSourceSeq;
    private final int[] sentSourceSsrc;
    private final int[] sentTimestamp;
    private final byte[] sentMarkerAndType;
    private final ResendPolicy resends;
    private final int rtxSsrc;
    /** The RTX payload type the subscriber accepted; -1: none, NACKs are not answered. */
    private int rtxPayloadType = -1;
    private int rtxSequence = RANDOM.nextInt(0x10000);
    private boolean active;
    /** The payload type this subscriber was offered; -1 = the publisher's own. */
    private int payloadType = -1;
    private long packetsSent;
    private long octetsSent;
    private final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();

    private record Held(byte[] packet, long wallMicros) {
    }

    /** @param rtxSsrc the SSRC to resend on as RTX, 0 for a track that is not resent (audio) */
    ForwardedTrack(PublishedTrack track, SubscriberEndpoint subscriber, int outSsrc, int rtxSsrc) {
        this.track = track;
        this.subscriber = subscriber;
        this.outSsrc = outSsrc;
        this.rtxSsrc = rtxSsrc;
        this.rewriter = new StreamRewriter(outSsrc, track.codec().clockRate(), RANDOM.nextInt(0x8000), RANDOM.nextInt());
        this.gate = new KeyframeGate(track.codec());
        int slots = track.sourcePackets() != null && rtxSsrc != 0 ? CACHE : 0;
        this.sentSeq = new int[slots];
        this.sentSourceSeq = new int[slots];
        this.sentSourceSsrc = new int[slots];
        this.sentTimestamp = new int[slots];
        this.sentMarkerAndType = new byte[slots];
        this.resends = new ResendPolicy(slots);
        java.util.Arrays.fill(sentSeq, -1);
    }

    /** The SSRC this track is resent on as RTX; 0 if it is not. */
    int rtxSsrc() {
        return rtxSsrc;
    }

    /** The RTX payload type the subscriber's answer accepted, -1 if it declined RTX. */
    void rtxPayloadType(int pt) {
        rtxPayloadType = rtxSsrc != 0 ? pt : -1;
    }

    PublishedTrack track() {
        return track;
    }

    int outSsrc() {
        return outSsrc;
    }

    boolean isActive() {
        return active;
    }

    /** The subscriber accepted this track and its transport is up: start at the next keyframe. */
    void activate(long nowNanos, long keyframeMinIntervalNanos) {
        if (!active) {
            active = true;
            gate.arm();
            track.requestKeyframe(nowNanos, keyframeMinIntervalNanos);
            while (!held.isEmpty()) {
                Held h = held.poll();
                forward(h.packet(), 0, h.packet().length, h.wallMicros());
            }
        }
    }

    /** The publisher re-published (new transport or SSRC): hold back until its first keyframe. */
    void sourceChanged() {
        if (active) {
            gate.arm();
        }
    }

    /**
     * The number the subscribe offer gave this track's codec: it differs from the publisher's when
     * two publishers use one number for different codecs (a BUNDLE cannot carry that, RFC 8843 §9.1).
     */
    void payloadType(int pt) {
        payloadType = pt;
    }

    void deactivate() {
        active = false;
        held.clear();
    }

    void forward(byte[] buf, int off, int len, long wallMicros) {
        if (!active || !subscriber.canSend()) {
            if (!active && subscriber.awaitingKeys()) {
                if (held.size() == MAX_HELD) {
                    held.poll();
                }
                held.add(new Held(java.util.Arrays.copyOfRange(buf, off, off + len), wallMicros));
            }
            return;
        }
        if (len + subscriber.srtpOverhead() > MediaEngine.FORWARD_SCRATCH) {
            return; // larger than any datagram read: cannot come from the socket
        }
        byte[] out = subscriber.engine.forwardScratch();
        System.arraycopy(buf, off, out, 0, len);
        if (!gate.admit(out, 0, len)) {
            if (rewriter.hasSource()) {
                rewriter.drop(out, 0, len);
            }
            // still waiting for a keyframe: keep asking, rate-limited by the track
            track.requestKeyframe(System.nanoTime(), subscriber.keyframeMinIntervalNanos());
            return;
        }
        if (!rewriter.rewrite(out, 0, len, wallMicros)) {
            return;
        }
        if (payloadType >= 0) {
            RtpPacket.setPayloadType(out, 0, payloadType);
        }
        int sourceSeq = RtpPacket.sequenceNumber(buf, off);
        int sourceSsrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequenceNumber(out, 0);
        int timestamp = RtpPacket.timestamp(out, 0);
        byte markerAndType = out[1];
        int protectedLength = subscriber.protectRtp(out, len);
        if (protectedLength < 0) {
            return;
        }
        if (sentSeq.length > 0) {
            int slot = seq % CACHE;
            sentSeq[slot] = seq;
            sentSourceSeq[slot] = sourceSeq;
            sentSourceSsrc[slot] = sourceSsrc;
            sentTimestamp[slot] = timestamp;
            sentMarkerAndType[slot] = markerAndType;
        }
        packetsSent++;
        octetsSent += len;
        subscriber.sendProtected(out, protectedLength, true);
    }

    /** What a NACK for one sequence number led to. */
    enum Resend { SENT, NOT_CACHED, REFUSED }

    /**
     * A NACK from the subscriber for our sequence number: resend the packet as RTX if the publisher's
     * packet is still kept, the subscriber takes RTX and {@link ResendPolicy} allows.
     */
    Resend retransmit(int seq, long nowNanos) {
        seq &= 0xFFFF;
        if (rtxPayloadType < 0 || sentSeq.length == 0 || !subscriber.canSend()) {
            return Resend.NOT_CACHED;
        }
        int slot = seq % CACHE;
        RetransmissionCache.View source = sentSeq[slot] == seq ? track.sourcePackets().get(sentSourceSeq[slot], nowNanos / 1000) : null;
        byte[] out = subscriber.engine.forwardScratch();
        if (source == null || RtpPacket.ssrc(source.buffer(), source.offset()) != sentSourceSsrc[slot]
                || source.length() + 2 + subscriber.srtpOverhead() > out.length) {
            return Resend.NOT_CACHED; // gone, too old, or the publisher's stream restarted since
        }
        // refused before any copy: a NACK storm costs lookups only
        if (!resends.mayResend(slot, seq, nowNanos)) {
            return Resend.REFUSED;
        }
        int len = source.length();
        System.arraycopy(source.buffer(), source.offset(), out, 0, len);
        out[1] = sentMarkerAndType[slot];
        RtpPacket.setSequenceNumber(out, 0, seq);
        RtpPacket.setTimestamp(out, 0, sentTimestamp[slot]);
        RtpPacket.setSsrc(out, 0, outSsrc);
        len = Rtx.encapsulate(out, 0, len, rtxSsrc, rtxPayloadType, rtxSequence);
        if (len < 0) {
            return Resend.NOT_CACHED;
        }
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        int protectedLength = subscriber.protectRtp(out, len);
        if (protectedLength < 0) {
            return Resend.NOT_CACHED;
        }
        subscriber.sendProtected(out, protectedLength, false);
        return Resend.SENT;
    }

    /** Decoding trouble at the subscriber (PLI/FIR): ask the publisher, rate-limited. */
    void keyframeRequested(long nowNanos) {
        track.requestKeyframe(nowNanos, subscriber.keyframeMinIntervalNanos());
    }

    /** The publisher's sender report, rewritten to this subscriber's SSRC and timestamps (lip-sync). */
    void forwardSenderReport(SenderReport sr) {
        if (!active || !subscriber.canSend() || !rewriter.hasSource() || rewriter.sourceSsrc() != sr.ssrc()) {
            return;
        }
        byte[] out = SenderReports.write(outSsrc, sr.ntpTimestamp(), rewriter.outgoingTimestamp(sr.rtpTimestamp()),
                packetsSent, octetsSent, subscriber.srtcpOverhead());
        subscriber.sendRtcp(out, SenderReports.LENGTH);
    }
}
