package jp.rinjo.media.rtp;

/**
 * Per-subscriber, per-outgoing-track rewriting of SSRC, sequence number and timestamp, so the
 * subscriber sees one continuous RTP stream (RFC 3550 §5.1, §8) whatever happens upstream: the
 * forwarded source changes, the publisher re-joins with a new SSRC and new random bases, or the SFU
 * drops packets on purpose.
 *
 * <p>The output is cut into <em>segments</em>, one per source run. A segment starts at the first
 * forwarded packet of a new source SSRC, after {@link #resync()}, or when the source's sequence
 * numbers jump by more than {@value #MAX_JUMP} (an encoder restart with the same SSRC). At a segment
 * start the rewriter picks offsets so that
 * <ul>
 *   <li>the sequence number continues at the previous output's highest + 1 (no hole, no overlap:
 *       a receiver would otherwise NACK or discard);</li>
 *   <li>the timestamp advances by the wall-clock time elapsed since the last forwarded packet,
 *       converted to the clock rate and at least one tick, so the receiver's jitter buffer and
 *       playout see a plausible pause rather than a random jump of hours (RFC 3550 §5.1: timestamps
 *       must advance in step with real time).</li>
 * </ul>
 * Packets of the current segment older than its first packet are refused (they belong before the
 * switch point, which should be a keyframe start; their output numbers are taken).
 *
 * <p>Dropping on purpose: call {@link #drop} for a packet of the current source the SFU decides not
 * to forward (a layer it filters, padding-only probes); later packets are numbered as if it never
 * existed. Packets dropped before the first {@code rewrite} of a source (while waiting for a
 * keyframe) need no call. The last {@value #DROP_HISTORY} drops are remembered so that late packets
 * still map exactly; a late packet older than that history is refused.
 *
 * <p>Not thread-safe: one instance per subscriber track, used on that subscriber's send thread.
 * Allocation-free.
 */
public final class StreamRewriter {
    /** A jump of more sequence numbers than this within one SSRC starts a new segment. */
    public static final int MAX_JUMP = 3000;
    static final int DROP_HISTORY = 256;

    private final int outSsrc;
    private final int clockRate;
    private final long initialOut;
    private final int initialTimestamp;
    private final SequenceNumberUnwrapper in = new SequenceNumberUnwrapper();
    private final DropHistory drops = new DropHistory(DROP_HISTORY);

    private boolean anyOutput;
    private boolean segmentOpen;
    private int sourceSsrc;
    private long baseIn;
    private long baseOut;
    private int tsOffset;
    private long highestOut;
    private int lastOutTimestamp;
    private long lastOutMicros;
    private int staleSuccessor = -1;

    /**
     * @param outSsrc          the SSRC this subscriber sees for the track, fixed for its lifetime
     * @param clockRate        RTP clock rate (90000 video, 48000 Opus)
     * @param initialSequence  first outgoing sequence number (RFC 3550 recommends random)
     * @param initialTimestamp first outgoing timestamp (RFC 3550 recommends random)
     */
    public StreamRewriter(int outSsrc, int clockRate, int initialSequence, int initialTimestamp) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.outSsrc = outSsrc;
        this.clockRate = clockRate;
        this.initialOut = initialSequence & 0xFFFF;
        this.initialTimestamp = initialTimestamp;
        this.highestOut = initialOut - 1;
    }

    /**
     * Rewrites a valid RTP packet (see {@link RtpPacket#isValid}) in place for this subscriber.
     *
     * @param nowMicros monotonic time, used only to size the timestamp jump at a segment start
     * @return false if the packet must not be forwarded (older than the current segment or than the
     *     drop history); the buffer is then unchanged
     */
    public boolean rewrite(byte[] buf, int off, int len, long nowMicros) {
        int ssrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequenceNumber(buf, off);
        int ts = RtpPacket.timestamp(buf, off);
        if (!segmentOpen || ssrc != sourceSsrc) {
            startSegment(ssrc, seq, ts, nowMicros);
        }
        long ext = in.unwrapWithoutUpdate(seq);
        long delta = ext - in.highest();
        if (delta > MAX_JUMP) {
            startSegment(ssrc, seq, ts, nowMicros);
            ext = baseIn;
        } else if (delta < -MAX_JUMP) {
            // Far behind: a straggler, or a restart at a lower base; two in sequence mean restart.
            if (seq != staleSuccessor) {
                staleSuccessor = (seq + 1) & 0xFFFF;
                return false;
            }
            startSegment(ssrc, seq, ts, nowMicros);
            ext = baseIn;
        }
        staleSuccessor = -1;
        if (ext < baseIn || ext <= drops.forgottenLimit() || drops.contains(ext)) {
            return false;
        }
        in.unwrap(seq);
        long outExt = baseOut + (ext - baseIn) - drops.forgotten() - drops.countBelow(ext);
        int outTs = ts + tsOffset;
        RtpPacket.setSsrc(buf, off, outSsrc);
        RtpPacket.setSequenceNumber(buf, off, (int) outExt);
        RtpPacket.setTimestamp(buf, off, outTs);
        if (outExt > highestOut) {
            highestOut = outExt;
            lastOutTimestamp = outTs;
            lastOutMicros = nowMicros;
        }
        anyOutput = true;
        return true;
    }

    private void startSegment(int ssrc, int seq, int ts, long nowMicros) {
        in.clear();
        baseIn = in.unwrap(seq);
        baseOut = highestOut + 1;
        drops.clear();
        staleSuccessor = -1;
        sourceSsrc = ssrc;
        segmentOpen = true;
        int outTs;
        if (anyOutput) {
            long elapsed = Math.max(0, nowMicros - lastOutMicros);
            long ticks = elapsed / 1_000_000L * clockRate + elapsed % 1_000_000L * clockRate / 1_000_000L;
            outTs = lastOutTimestamp + (int) Math.max(1, Math.min(ticks, Integer.MAX_VALUE));
        } else {
            outTs = initialTimestamp;
        }
        tsOffset = outTs - ts;
    }

    /**
     * Records that the SFU chose not to forward this packet of the current source, so that it does
     * not leave a hole in the output numbering. A packet of another source, or one older than the
     * newest seen (its hole already exists), changes nothing.
     */
    public void drop(byte[] buf, int off, int len) {
        if (!segmentOpen || RtpPacket.ssrc(buf, off) != sourceSsrc) {
            return;
        }
        long ext = in.unwrapWithoutUpdate(RtpPacket.sequenceNumber(buf, off));
        long delta = ext - in.highest();
        if (delta > 0 && delta <= MAX_JUMP) {
            in.unwrap((int) ext);
            drops.add(ext);
        }
    }

    /** Makes the next forwarded packet start a new segment even if its SSRC is unchanged. */
    public void resync() {
        segmentOpen = false;
    }

    /**
     * Maps an outgoing sequence number back to the source's (for NACKs from the subscriber, to find
     * the packet in the source stream's retransmission cache). -1 if it belongs to an earlier
     * segment, was never sent, or is older than the drop history.
     */
    public int sourceSequenceNumber(int outSeq) {
        if (!segmentOpen) {
            return -1;
        }
        long outExt = highestOut + SequenceNumberUnwrapper.delta(outSeq, (int) highestOut);
        if (outExt < baseOut || outExt > highestOut) {
            return -1;
        }
        long candidate = drops.skipRecorded(baseIn + (outExt - baseOut) + drops.forgotten());
        if (candidate <= drops.forgottenLimit()) {
            return -1;
        }
        return (int) candidate & 0xFFFF;
    }

    /** Maps a source RTP timestamp of the current segment (for relayed SRs); meaningless before. */
    public int outgoingTimestamp(int sourceTimestamp) {
        return sourceTimestamp + tsOffset;
    }

    /** SSRC of the source currently forwarded, valid once {@link #hasSource()}. */
    public int sourceSsrc() {
        return sourceSsrc;
    }

    public boolean hasSource() {
        return segmentOpen;
    }

    public int outgoingSsrc() {
        return outSsrc;
    }

    /** Highest sequence number sent so far (16-bit), for SR/NACK bookkeeping. */
    public int highestOutgoingSequenceNumber() {
        return (int) highestOut & 0xFFFF;
    }
}
