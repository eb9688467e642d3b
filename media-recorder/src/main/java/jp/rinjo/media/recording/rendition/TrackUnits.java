package jp.rinjo.media.recording.rendition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.rtp.RtpPacket;

/**
 * Second pass: a track's segments as a stream of media units with presentation times, read one
 * segment at a time (a long session never sits in memory).
 */
final class TrackUnits implements MediaUnits {
    private static final int REORDER_WINDOW = 256;

    private final Iterator<Path> segments;
    private final TrackScan scan;
    private final long start;
    private final Long offset;
    private final Map<Integer, Source> sources = new HashMap<>();
    private final ArrayDeque<MediaUnit> ready = new ArrayDeque<>();
    private SegmentReader reader;
    private boolean drained;

    /** Per source SSRC: its own ordering, depacketizer and clock. */
    private final class Source {
        final RtpReorderBuffer reorder = new RtpReorderBuffer(REORDER_WINDOW);
        final H264Depacketizer h264 = new H264Depacketizer();
        final Vp8Depacketizer vp8 = new Vp8Depacketizer();
        final TrackTimeline.Presenter presenter;

        Source(int ssrc) {
            TrackTimeline t = scan.timelines.get(ssrc);
            presenter = t.presenter(start, offset);
        }

        void ordered(RtpReorderBuffer.Ordered o) {
            String codec = scan.codec.name();
            if ("H264".equalsIgnoreCase(codec)) {
                h264.push(o.extendedSeq(), o.packet(), o.wallMicros(),
                        au -> emit(new MediaUnit(presenter.ptsMicros(au.rtpTimestamp()), au.annexB(), au.keyframe())));
            } else if ("VP8".equalsIgnoreCase(codec)) {
                vp8.push(o.extendedSeq(), o.packet(), o.wallMicros(),
                        f -> emit(new MediaUnit(presenter.ptsMicros(f.rtpTimestamp()), f.data(), f.keyframe())));
            } else {
                byte[] b = o.packet();
                int off = RtpPacket.payloadOffset(b, 0, b.length);
                int len = RtpPacket.payloadLength(b, 0, b.length);
                if (off >= 0 && len > 0) {
                    emit(new MediaUnit(presenter.ptsMicros(RtpPacket.timestamp(b, 0)),
                            java.util.Arrays.copyOfRange(b, off, off + len), true));
                }
            }
        }

        void drain() {
            reorder.drain().forEach(this::ordered);
            h264.flush(au -> emit(new MediaUnit(presenter.ptsMicros(au.rtpTimestamp()), au.annexB(), au.keyframe())));
            vp8.flush(f -> emit(new MediaUnit(presenter.ptsMicros(f.rtpTimestamp()), f.data(), f.keyframe())));
        }
    }

    TrackUnits(List<Path> segments, TrackScan scan, long start, Long offset) {
        this.segments = segments.iterator();
        this.scan = scan;
        this.start = start;
        this.offset = offset;
    }

    private void emit(MediaUnit u) {
        ready.add(u);
    }

    @Override
    public boolean hasNext() {
        try {
            fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return !ready.isEmpty();
    }

    @Override
    public MediaUnit peek() {
        return hasNext() ? ready.peek() : null;
    }

    @Override
    public MediaUnit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void fill() throws IOException {
        while (ready.isEmpty() && !drained) {
            SegmentRecord r = nextRecord();
            if (r == null) {
                drained = true;
                sources.values().forEach(Source::drain);
                return;
            }
            if (r instanceof SegmentRecord.Packet p && !p.rtcp() && RtpPacket.isValid(p.bytes(), 0, p.bytes().length)) {
                int ssrc = RtpPacket.ssrc(p.bytes(), 0);
                Source s = sources.computeIfAbsent(ssrc, Source::new);
                s.reorder.add(p.bytes(), p.wallMicros()).forEach(s::ordered);
            }
        }
    }

    private SegmentRecord nextRecord() throws IOException {
        while (true) {
            if (reader == null) {
                if (!segments.hasNext()) {
                    return null;
                }
                reader = SegmentReader.open(segments.next());
            }
            SegmentRecord r = reader.next();
            if (r != null) {
                return r;
            }
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
