package jp.rinjo.media.sfu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the media node; garbage and failures are counted, never thrown. */
public final class MediaStats {
    public final LongAdder packetsIn = new LongAdder();
    public final LongAdder packetsOut = new LongAdder();
    public final LongAdder garbage = new LongAdder();
    public final LongAdder unknownSource = new LongAdder();
    public final LongAdder unknownStun = new LongAdder();
    public final LongAdder stunErrors = new LongAdder();
    public final LongAdder droppedBeforeKeys = new LongAdder();
    public final LongAdder srtpFailures = new LongAdder();
    public final LongAdder dtlsFailures = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    public final LongAdder unknownSsrc = new LongAdder();
    public final LongAdder unexpectedRtp = new LongAdder();
    public final LongAdder keyframeRequests = new LongAdder();
    public final LongAdder nacksSent = new LongAdder();
    public final LongAdder retransmissions = new LongAdder();
    /** NACKed packets not resent: asked again too soon, or beyond the subscriber's budget (see {@code ResendPolicy}). */
    public final LongAdder retransmissionsRefused = new LongAdder();
    public final LongAdder faultDropped = new LongAdder();
    /** Datagrams the kernel refused (an unreachable address) or had no send-buffer room for: dropped. */
    public final LongAdder sendRefused = new LongAdder();
    /**
     * Messages handed to the kernel by the native sender: with UDP segmentation offload one carries a
     * run of a subscriber's datagrams, so packetsOut per message shows whether it is in use.
     */
    public final LongAdder sendMessages = new LongAdder();
    /** From reading a datagram to handing everything it caused to the kernel (end of its read batch). */
    public final LatencyHistogram nodeLatency = new LatencyHistogram();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packetsIn", packetsIn.sum());
        m.put("packetsOut", packetsOut.sum());
        m.put("garbage", garbage.sum());
        m.put("unknownSource", unknownSource.sum());
        m.put("unknownStun", unknownStun.sum());
        m.put("stunErrors", stunErrors.sum());
        m.put("droppedBeforeKeys", droppedBeforeKeys.sum());
        m.put("srtpFailures", srtpFailures.sum());
        m.put("dtlsFailures", dtlsFailures.sum());
        m.put("malformed", malformed.sum());
        m.put("unknownSsrc", unknownSsrc.sum());
        m.put("unexpectedRtp", unexpectedRtp.sum());
        m.put("keyframeRequests", keyframeRequests.sum());
        m.put("nacksSent", nacksSent.sum());
        m.put("retransmissions", retransmissions.sum());
        m.put("retransmissionsRefused", retransmissionsRefused.sum());
        m.put("faultDropped", faultDropped.sum());
        m.put("sendRefused", sendRefused.sum());
        m.put("sendMessages", sendMessages.sum());
        return m;
    }
}
