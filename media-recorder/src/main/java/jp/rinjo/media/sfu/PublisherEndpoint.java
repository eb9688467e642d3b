package jp.rinjo.media.sfu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.rinjo.media.rtcp.ReportBlock;
import jp.rinjo.media.rtcp.RtcpBuilder;
import jp.rinjo.media.rtcp.RtcpPacket;
import jp.rinjo.media.rtcp.RtcpParser;
import jp.rinjo.media.rtcp.SenderReport;
import jp.rinjo.media.rtcp.TransportCcFeedbackBuilder;
import jp.rinjo.media.rtp.ArrivalRecorder;
import jp.rinjo.media.rtp.HeaderExtensions;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.SequenceNumberTracker;

/**
 * The transport a participant publishes on. Packets are matched to tracks by SSRC (from the SDP, or
 * learnt from the MID header extension), given transport-wide congestion feedback so the browser's
 * own bandwidth estimation can ramp up, NACKed on loss (the browser resends the original packet,
 * since RTX is not negotiated), then recorded and forwarded.
 */
final class PublisherEndpoint extends Endpoint {
    private static final int MAX_NACK = 64;
    private final Map<Integer, PublishedTrack> bySsrc = new HashMap<>();
    private final Map<String, PublishedTrack> byMid = new HashMap<>();
    private int midExtensionId = -1;
    private int transportCcExtensionId = -1;
    private final ArrivalRecorder arrivals = new ArrivalRecorder();
    private TransportCcFeedbackBuilder feedback;
    private long lastReportMicros;

    PublisherEndpoint(MediaEngine engine, Participant participant) {
        super(engine, participant, "pub");
    }

    /** The tracks of the latest negotiation. */
    void bind(List<PublishedTrack> tracks, int midExtensionId, int transportCcExtensionId) {
        bySsrc.clear();
        byMid.clear();
        for (PublishedTrack t : tracks) {
            byMid.put(t.mid(), t);
            t.ssrcs().forEach(s -> bySsrc.put(s.intValue(), t));
        }
        this.midExtensionId = midExtensionId;
        this.transportCcExtensionId = transportCcExtensionId;
        if (srtp() != null) {
            srtp().expectReceiveStreams(announcedSsrcs()); // tracks added by a renegotiation
        }
    }

    @Override
    Collection<Integer> announcedSsrcs() {
        return List.copyOf(bySsrc.keySet());
    }

    List<PublishedTrack> tracks() {
        return new ArrayList<>(byMid.values());
    }

    @Override
    void connected() {
        // subscribers waiting at their keyframe gates will ask as packets arrive
    }

    @Override
    void transportLost(String reason) {
        long now = System.currentTimeMillis() * 1000;
        byMid.values().forEach(t -> t.detach(reason, now));
    }

    @Override
    void onRtp(byte[] buf, int len, long wallMicros, long monoNanos) {
        if (!RtpPacket.isValid(buf, 0, len)) {
            engine.stats().malformed.increment();
            return;
        }
        if (transportCcExtensionId > 0) {
            int tseq = HeaderExtensions.transportSequenceNumber(buf, 0, len, transportCcExtensionId);
            if (tseq >= 0) {
                arrivals.record(tseq, monoNanos / 1000);
                if (feedback == null) {
                    feedback = new TransportCcFeedbackBuilder(rtcpSsrc, RtpPacket.ssrc(buf, 0), arrivals);
                }
            }
        }
        int ssrc = RtpPacket.ssrc(buf, 0);
        PublishedTrack track = bySsrc.get(ssrc);
        if (track == null) {
            track = learn(buf, len, ssrc);
            if (track == null) {
                engine.stats().unknownSsrc.increment();
                return;
            }
        }
        int seq = RtpPacket.sequenceNumber(buf, 0);
        SequenceNumberTracker.Status status = track.sequence().accept(seq);
        if (status == SequenceNumberTracker.Status.DUPLICATE || status == SequenceNumberTracker.Status.STALE) {
            return;
        }
        if (status == SequenceNumberTracker.Status.GAP && "video".equals(track.kind())) {
            nack(ssrc, seq, track.sequence().lastGap());
        }
        track.onRtp(buf, 0, len, wallMicros, monoNanos);
        engine.stats().packetsIn.increment();
    }

    /** Safari and Firefox may send before the SDP's SSRCs are known: the MID extension says whose it is. */
    private PublishedTrack learn(byte[] buf, int len, int ssrc) {
        if (midExtensionId <= 0) {
            return null;
        }
        long found = HeaderExtensions.find(buf, 0, len, midExtensionId);
        if (found == HeaderExtensions.NOT_FOUND) {
            return null;
        }
        String mid = new String(buf, HeaderExtensions.dataOffset(found), HeaderExtensions.dataLength(found), StandardCharsets.US_ASCII);
        PublishedTrack track = byMid.get(mid);
        if (track != null && track.ssrcs().size() < 4) {
            track.learnSsrc(ssrc & 0xFFFFFFFFL);
            bySsrc.put(ssrc, track);
        }
        return track;
    }

    private void nack(int ssrc, int seq, int gap) {
        int missing = Math.min(Math.max(gap, 0), MAX_NACK);
        if (missing == 0) {
            return;
        }
        List<Integer> lost = new ArrayList<>(missing);
        for (int i = missing; i >= 1; i--) {
            lost.add((seq - i) & 0xFFFF);
        }
        sendRtcp(RtcpBuilder.nack(rtcpSsrc, ssrc, lost));
        engine.stats().nacksSent.increment();
    }

    @Override
    void onRtcp(byte[] buf, int len, long wallMicros, long monoNanos) {
        for (RtcpPacket p : RtcpParser.parse(buf, 0, len)) {
            if (p instanceof SenderReport sr) {
                PublishedTrack t = bySsrc.get(sr.ssrc());
                if (t != null) {
                    t.onSenderReport(sr, buf, 0, len, wallMicros, monoNanos);
                }
            }
        }
    }

    void sendPli(int mediaSsrc) {
        sendRtcp(RtcpBuilder.pli(rtcpSsrc, mediaSsrc));
        engine.stats().keyframeRequests.increment();
    }

    /** Periodic work: transport-wide feedback (~every 50 ms) and receiver reports (every second). */
    void tick(long nowMicros, long monoNanos) {
        if (!canSend()) {
            return;
        }
        if (feedback != null) {
            for (byte[] fb : feedback.poll(monoNanos / 1000)) {
                sendRtcp(fb);
            }
        }
        if (nowMicros - lastReportMicros >= 1_000_000) {
            lastReportMicros = nowMicros;
            List<ReportBlock> blocks = new ArrayList<>();
            for (PublishedTrack t : byMid.values()) {
                if (t.ssrcs().isEmpty() || t.packets() == 0) {
                    continue;
                }
                SenderReport sr = t.lastSenderReport();
                long lsr = sr == null ? 0 : sr.compactNtp();
                long dlsr = sr == null ? 0 : ((monoNanos - t.lastSenderReportNanos()) * 65536L) / 1_000_000_000L;
                SequenceNumberTracker seq = t.sequence();
                blocks.add(new ReportBlock(t.ssrcs().get(0).intValue(), seq.fractionLostSinceLastCall(),
                        (int) Math.min(seq.cumulativeLost(), 0x7FFFFF), seq.extendedHighest() & 0xFFFFFFFFL, 0, lsr,
                        dlsr & 0xFFFFFFFFL));
            }
            if (!blocks.isEmpty()) {
                sendRtcp(RtcpBuilder.receiverReport(rtcpSsrc, blocks));
            }
        }
    }
}
