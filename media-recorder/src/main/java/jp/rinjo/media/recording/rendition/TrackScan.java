package jp.rinjo.media.recording.rendition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.rtcp.RtcpPacket;
import jp.rinjo.media.rtcp.RtcpParser;
import jp.rinjo.media.rtcp.SenderReport;
import jp.rinjo.media.rtp.RtpPacket;
import jp.rinjo.media.rtp.codec.H264;
import jp.rinjo.media.rtp.codec.Vp8;

/**
 * First pass over a track's segments: its codec, picture size and parameter sets, and one timeline
 * per source SSRC (a publisher that reconnected sends with a new SSRC and a new RTP clock base).
 */
final class TrackScan {
    final CodecInfo codec;
    final Map<Integer, TrackTimeline> timelines = new HashMap<>();
    byte[] sps;
    byte[] pps;
    int width;
    int height;
    long firstWallMicros = Long.MAX_VALUE;
    long lastWallMicros = Long.MIN_VALUE;
    long packets;

    private TrackScan(CodecInfo codec) {
        this.codec = codec;
    }

    static TrackScan of(List<Path> segments) throws IOException {
        TrackScan scan = null;
        for (Path segment : segments) {
            try (SegmentReader reader = SegmentReader.open(segment)) {
                if (scan == null) {
                    scan = new TrackScan(reader.header().codec());
                }
                for (SegmentRecord r = reader.next(); r != null; r = reader.next()) {
                    if (r instanceof SegmentRecord.Packet p) {
                        scan.observe(p);
                    }
                }
            }
        }
        if (scan == null) {
            throw new IOException("a track without segments has nothing to render");
        }
        return scan;
    }

    private void observe(SegmentRecord.Packet p) {
        byte[] b = p.bytes();
        if (p.rtcp()) {
            for (RtcpPacket packet : RtcpParser.parse(b, 0, b.length)) {
                if (packet instanceof SenderReport sr) {
                    timelines.computeIfAbsent(sr.ssrc(), k -> new TrackTimeline(codec.clockRate())).observeReport(sr);
                }
            }
            return;
        }
        if (!RtpPacket.isValid(b, 0, b.length)) {
            return;
        }
        packets++;
        firstWallMicros = Math.min(firstWallMicros, p.wallMicros());
        lastWallMicros = Math.max(lastWallMicros, p.wallMicros());
        timelines.computeIfAbsent(RtpPacket.ssrc(b, 0), k -> new TrackTimeline(codec.clockRate()))
                .observe(RtpPacket.timestamp(b, 0), p.wallMicros());
        int off = RtpPacket.payloadOffset(b, 0, b.length);
        int len = RtpPacket.payloadLength(b, 0, b.length);
        if (off < 0 || len <= 0) {
            return;
        }
        if ("H264".equalsIgnoreCase(codec.name()) && sps == null) {
            H264.ParameterSets ps = H264.parameterSets(b, off, len);
            if (ps != null && ps.sps() != null) {
                sps = ps.sps();
                pps = ps.pps();
                H264Sps.Size size = H264Sps.size(sps);
                width = size.width();
                height = size.height();
            }
        } else if ("VP8".equalsIgnoreCase(codec.name()) && width == 0) {
            Vp8.Dimensions d = Vp8.keyframeDimensions(b, off, len);
            if (d != null) {
                width = d.width();
                height = d.height();
            }
        }
    }

    /** The smallest receive − send offset over this track's reported sources, or null without reports. */
    Long participantOffset() {
        Long best = null;
        for (TrackTimeline t : timelines.values()) {
            if (t.hasReport()) {
                best = best == null ? t.anchorOffsetMicros() : Math.min(best, t.anchorOffsetMicros());
            }
        }
        return best;
    }
}
