package jp.rinjo.media.recording.spool;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.sdp.RtpCodec;
import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.RtpSink;

/**
 * The recorder's tap on one published track, called on the media event loop: it copies each packet
 * and queues it for the track's writer thread, and never waits. When the queue is full the packet
 * is counted as dropped (logged loudly once per run) and the run becomes a GAP record in front of
 * the next packet that fits.
 */
final class TrackSink implements RtpSink {
    private static final Logger log = LoggerFactory.getLogger(TrackSink.class);
    private final TrackState state;
    private final RecordingQueue queue;
    private final LongAdder dropped;
    private RtpCodec lastCodec;

    TrackSink(TrackState state, RtpCodec codec, LongAdder dropped) {
        this.state = state;
        this.queue = state.writer.queue;
        this.dropped = dropped;
        this.lastCodec = codec;
    }

    static CodecInfo codecInfo(RtpCodec c) {
        return new CodecInfo(c.name(), c.clockRate(), c.payloadType(), c.channels(), c.fmtp());
    }

    @Override
    public void rtp(PublishedTrack track, byte[] buf, int off, int len, long wallMicros, long monoNanos) {
        RtpCodec codec = track.rtpCodec();
        if (codec != lastCodec && codec != null) {
            // a republish: only other parameters (e.g. a renumbered payload type) start a new segment
            boolean changed = !codec.equals(lastCodec);
            lastCodec = codec;
            if (changed) {
                queue.offerControl(new WriterEvent.CodecChanged(state, codecInfo(codec)));
            }
        }
        offer(false, buf, off, len, wallMicros, monoNanos);
    }

    @Override
    public void rtcp(PublishedTrack track, byte[] buf, int off, int len, long wallMicros, long monoNanos) {
        offer(true, buf, off, len, wallMicros, monoNanos);
    }

    @Override
    public void interrupted(PublishedTrack track, String reason, long wallMicros) {
        queue.offerControl(new WriterEvent.Interrupted(state, reason, wallMicros));
    }

    private void offer(boolean rtcp, byte[] buf, int off, int len, long wallMicros, long monoNanos) {
        if (!queue.hasRoom(len)) {
            drop(wallMicros, len);
            return;
        }
        if (!state.drops.isEmpty()) {
            SegmentRecord.Gap gap = state.drops.take();
            if (gap != null) {
                // in band: the GAP lands exactly between the packets before and after the hole
                queue.offerControl(new WriterEvent.Dropped(state, gap));
            }
        }
        if (!queue.offerPacket(new WriterEvent.Packet(state, rtcp, Arrays.copyOfRange(buf, off, off + len), wallMicros, monoNanos))) {
            drop(wallMicros, len);
        }
    }

    private void drop(long wallMicros, int len) {
        dropped.increment();
        if (state.drops.add(wallMicros, len, "recorder queue full")) {
            log.error("{}: RECORDER QUEUE FULL ({} events waiting): packets are being DROPPED from the recording; "
                    + "the hole will be recorded as a GAP", state, queue.size());
        }
    }
}
