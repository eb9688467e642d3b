package jp.rinjo.media.sfu;

import java.security.SecureRandom;

import jp.rinjo.media.rtcp.SenderReport;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.StreamRewriter;
import jp.rinjo.media.rtp.codec.KeyframeGate;

/**
 * One published track as one subscriber receives it: the subscriber's own SSRC with continuous
 * sequence numbers and timestamps (whatever the publisher does), held back until a keyframe, and a
 * cache of what was sent so NACKs are answered with the very bytes sent (re-protecting would reuse
 * an SRTP nonce). Confined to the media event loop.
 *
 * <p>The cache's slots are arrays kept and overwritten, not a new array per packet: with one per
 * packet, every young collection found seconds of forwarded packets still referenced and copied
 * them (15–20 ms pauses every 0.6 s at 60 rooms, the whole node stopped).
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
    private final byte[][] sent = new byte[CACHE][];
    private final int[] sentLength = new int[CACHE];
    private final int[] sentSeq = new int[CACHE];
    private final ResendPolicy resends = new ResendPolicy(CACHE);
    /** The size new slots get: the largest packet kept so far. */
    private int keptSize;
    private boolean active;
    /** The payload type this subscriber was offered; -1 = the publisher's own. */
    private int payloadType = -1;
    private long packetsSent;
    private long octetsSent;
    private final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();

    private record Held(byte[] packet, long wallMicros) {
    }

    ForwardedTrack(PublishedTrack track, SubscriberEndpoint subscriber, int outSsrc) {
        this.track = track;
        this.subscriber = subscriber;
        this.outSsrc = outSsrc;
        this.rewriter = new StreamRewriter(outSsrc, track.codec().clockRate(), RANDOM.nextInt(0x8000), RANDOM.nextInt());
        this.gate = new KeyframeGate(track.codec());
        java.util.Arrays.fill(sentSeq, -1);
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
        int seq = RtpPacket.sequenceNumber(out, 0);
        int protectedLength = subscriber.protectRtp(out, len);
        if (protectedLength < 0) {
            return;
        }
        int slot = seq % CACHE;
        byte[] kept = sent[slot];
        if (kept == null || kept.length < protectedLength) {
            kept = new byte[Math.max(protectedLength, keptSize)];
            sent[slot] = kept;
            keptSize = kept.length; // the track's packets are much alike in size: later slots fit at once
        }
        System.arraycopy(out, 0, kept, 0, protectedLength);
        sentLength[slot] = protectedLength;
        sentSeq[slot] = seq;
        packetsSent++;
        octetsSent += len;
        subscriber.sendProtected(out, protectedLength, true);
    }

    /** What a NACK for one sequence number led to. */
    enum Resend { SENT, NOT_CACHED, REFUSED }

    /** A NACK from the subscriber for our sequence number: resend what was sent, if still cached and {@link ResendPolicy allowed}. */
    Resend retransmit(int seq, long nowNanos) {
        int slot = (seq & 0xFFFF) % CACHE;
        if (sentSeq[slot] != (seq & 0xFFFF) || sent[slot] == null) {
            return Resend.NOT_CACHED;
        }
        if (!resends.mayResend(slot, seq & 0xFFFF, nowNanos)) {
            return Resend.REFUSED;
        }
        subscriber.sendProtected(sent[slot], sentLength[slot], false);
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
