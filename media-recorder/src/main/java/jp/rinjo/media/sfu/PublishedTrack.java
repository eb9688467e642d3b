package jp.rinjo.media.sfu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.media.rtp.RetransmissionCache;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.SequenceNumberTracker;
import jp.rinjo.media.rtp.codec.Codec;
import jp.rinjo.media.sdp.RtpCodec;

/**
 * One track a participant publishes (their camera or microphone), as the room knows it across
 * re-publishes: the key stays, the source SSRC and transport may change (a phone that reconnects).
 * Confined to the media event loop.
 */
public final class PublishedTrack {
    /** About 4.5 s of a 1 Mbit/s video, 1.8 s of 2.5 Mbit/s. */
    static final int SOURCE_PACKETS = 512;
    /**
     * Older packets are not resent: a browser stops asking for a packet after about a second, so an
     * older NACK comes from a broken or hostile client (and {@link ResendPolicy} bounds it anyway).
     */
    static final long SOURCE_PACKET_MAX_AGE_MICROS = 3_000_000L;
    private final String key;
    private final ParticipantId owner;
    private final String kind;
    private final Codec codec;
    private RtpCodec rtpCodec;
    private String mid;
    private List<Long> ssrcs = List.of();
    private PublisherEndpoint source;
    private SequenceNumberTracker sequence = new SequenceNumberTracker();
    private final List<ForwardedTrack> forwards = new ArrayList<>();
    /**
     * The publisher's recent packets, kept once for all subscribers so that their NACKs can be
     * answered (as RTX, see {@link ForwardedTrack}); video only, as the node offers no audio NACK.
     * Null until the first subscriber's forward asks for it: a track nobody receives needs none.
     */
    private RetransmissionCache sourcePackets;
    private final List<RtpSink> sinks = new CopyOnWriteArrayList<>();
    private long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
    private long packets;
    private long octets;
    private jp.rinjo.media.rtcp.SenderReport lastSenderReport;
    private long lastSenderReportNanos;

    PublishedTrack(String key, ParticipantId owner, String kind, Codec codec, RtpCodec rtpCodec) {
        this.key = key;
        this.owner = owner;
        this.kind = kind;
        this.codec = codec;
        this.rtpCodec = rtpCodec;
    }

    public String key() {
        return key;
    }

    public ParticipantId owner() {
        return owner;
    }

    public String kind() {
        return kind;
    }

    public Codec codec() {
        return codec;
    }

    public RtpCodec rtpCodec() {
        return rtpCodec;
    }

    public String mid() {
        return mid;
    }

    public List<Long> ssrcs() {
        return ssrcs;
    }

    public long packets() {
        return packets;
    }

    public void addSink(RtpSink sink) {
        sinks.add(sink);
    }

    public void removeSink(RtpSink sink) {
        sinks.remove(sink);
    }

    PublisherEndpoint source() {
        return source;
    }

    List<ForwardedTrack> forwards() {
        return forwards;
    }

    /** The publisher's recent packets, for resending to subscribers (made on first use); null for audio. */
    RetransmissionCache sourcePackets() {
        if (sourcePackets == null && "video".equals(kind)) {
            sourcePackets = new RetransmissionCache(SOURCE_PACKETS, RetransmissionCache.DEFAULT_MAX_PACKET_SIZE,
                    SOURCE_PACKET_MAX_AGE_MICROS);
        }
        return sourcePackets;
    }

    jp.rinjo.media.rtcp.SenderReport lastSenderReport() {
        return lastSenderReport;
    }

    long lastSenderReportNanos() {
        return lastSenderReportNanos;
    }

    SequenceNumberTracker sequence() {
        return sequence;
    }

    /** A (re-)publish binds the track to a transport and the SSRCs from its SDP. */
    void attach(PublisherEndpoint endpoint, String mid, List<Long> ssrcs, RtpCodec rtpCodec, long wallMicros) {
        if (source != null && (source != endpoint || !this.ssrcs.equals(ssrcs))) {
            sinks.forEach(s -> s.interrupted(this, "republished", wallMicros));
            sequence = new SequenceNumberTracker();
            if (sourcePackets != null) {
                sourcePackets.clear(); // its sequence numbers start afresh
            }
            // a new source: subscribers wait for its first keyframe (their rewriters keep SSRC and
            // sequence continuous across the switch)
            forwards.forEach(ForwardedTrack::sourceChanged);
        }
        this.source = endpoint;
        this.mid = mid;
        this.ssrcs = List.copyOf(ssrcs);
        this.rtpCodec = rtpCodec;
    }

    void detach(String reason, long wallMicros) {
        if (source != null) {
            sinks.forEach(s -> s.interrupted(this, reason, wallMicros));
        }
        source = null;
    }

    void learnSsrc(long ssrc) {
        List<Long> more = new ArrayList<>(ssrcs);
        more.add(ssrc);
        ssrcs = List.copyOf(more);
    }

    /** A packet from the publisher, already unprotected: record it, then forward it. */
    void onRtp(byte[] buf, int off, int len, long wallMicros, long monoNanos) {
        packets++;
        octets += len;
        for (RtpSink sink : sinks) {
            sink.rtp(this, buf, off, len, wallMicros, monoNanos);
        }
        if (sourcePackets != null && !forwards.isEmpty()) { // a subscriber NACKs only what it was sent
            sourcePackets.put(buf, off, len, monoNanos / 1000);
        }
        for (int i = 0; i < forwards.size(); i++) {
            forwards.get(i).forward(buf, off, len, wallMicros);
        }
    }

    void onSenderReport(jp.rinjo.media.rtcp.SenderReport sr, byte[] raw, int off, int len, long wallMicros, long monoNanos) {
        lastSenderReport = sr;
        lastSenderReportNanos = monoNanos;
        for (RtpSink sink : sinks) {
            sink.rtcp(this, raw, off, len, wallMicros, monoNanos);
        }
        for (ForwardedTrack f : forwards) {
            f.forwardSenderReport(sr);
        }
    }

    /** Asks the publisher for a keyframe, at most once per {@code minIntervalNanos}. */
    boolean requestKeyframe(long nowNanos, long minIntervalNanos) {
        if (!"video".equals(kind) || source == null || ssrcs.isEmpty()) {
            return false;
        }
        if (nowNanos - lastKeyframeRequestNanos < minIntervalNanos) {
            return false;
        }
        lastKeyframeRequestNanos = nowNanos;
        source.sendPli(ssrcs.get(0).intValue());
        return true;
    }

    boolean isSsrc(int ssrc) {
        for (Long s : ssrcs) {
            if (s.intValue() == ssrc) {
                return true;
            }
        }
        return false;
    }

    static int sequenceOf(byte[] buf, int off) {
        return RtpPacket.sequenceNumber(buf, off);
    }

    long octets() {
        return octets;
    }

    @Override
    public String toString() {
        return "track " + key;
    }
}
