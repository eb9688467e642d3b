package jp.rinjo.media.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jp.rinjo.media.sfu.PublishedTrack;
import jp.rinjo.media.sfu.RtpSink;

/**
 * Drives a recorder sink the way the media event loop does, with synthetic receive times. The
 * monotonic times run an hour ahead of the clock, so only packet times close segments (the
 * recorder's timer closes a segment when real time passes its end): the boundaries are exact.
 */
public final class Feed {
    public final RtpSink sink;
    public final PublishedTrack track;
    public final List<byte[]> sentRtp = new ArrayList<>();
    public final List<byte[]> sentRtcp = new ArrayList<>();
    private final Random random;
    private long wall;
    private long mono;
    private int seq = 1000;
    private final int pt;

    public Feed(RtpSink sink, PublishedTrack track, int pt, long seed) {
        this.sink = sink;
        this.track = track;
        this.pt = pt;
        this.random = new Random(seed);
        java.time.Instant now = java.time.Instant.now();
        this.wall = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        this.mono = System.nanoTime() + 3_600_000_000_000L;
    }

    /** {@code n} RTP packets of {@code payload} bytes, {@code spacingMicros} apart. */
    public Feed rtp(int n, int payload, long spacingMicros) {
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[12 + payload];
            random.nextBytes(p);
            p[0] = (byte) 0x80;
            p[1] = (byte) pt;
            p[2] = (byte) (seq >> 8);
            p[3] = (byte) seq;
            seq++;
            sentRtp.add(p);
            sink.rtp(track, p, 0, p.length, wall, mono);
            advance(spacingMicros);
        }
        return this;
    }

    /** A sender report (what the node passes on for lip-sync). */
    public Feed senderReport() {
        byte[] sr = new byte[28];
        random.nextBytes(sr);
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[2] = 0;
        sr[3] = 6;
        sentRtcp.add(sr);
        sink.rtcp(track, sr, 0, sr.length, wall, mono);
        return this;
    }

    /** The RTP packets a feed with this seed sends, without sending them anywhere. */
    public static List<byte[]> packets(PublishedTrack track, int pt, long seed, int n, int payload) {
        RtpSink none = new RtpSink() {
            @Override
            public void rtp(PublishedTrack t, byte[] buf, int off, int len, long wallMicros, long monoNanos) {
            }

            @Override
            public void rtcp(PublishedTrack t, byte[] buf, int off, int len, long wallMicros, long monoNanos) {
            }

            @Override
            public void interrupted(PublishedTrack t, String reason, long wallMicros) {
            }
        };
        return new Feed(none, track, pt, seed).rtp(n, payload, 10_000).sentRtp;
    }

    public Feed interrupted(String reason) {
        sink.interrupted(track, reason, wall);
        return this;
    }

    public Feed advance(long micros) {
        wall += micros;
        mono += micros * 1000;
        return this;
    }

    public long wallMicros() {
        return wall;
    }
}
