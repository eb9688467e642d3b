package jp.rinjo.media.recording.rendition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.format.Sha256;

/**
 * Renditions from recorded segments of really encoded media (libopenh264 H.264, libopus), decoded
 * back with FFmpeg: every frame sent comes out, in MP4, without re-encoding; a loss stays a gap.
 */
class RenditionMakerTest {
    static final int FRAMES = 90; // 3 s at 30 fps
    @TempDir
    static Path media;
    static List<byte[]> video;
    static List<byte[]> audio;
    @TempDir
    Path dir;

    @BeforeAll
    static void encode() throws Exception {
        video = EncodedMedia.h264(media, FRAMES, 640, 480, 30);
        audio = EncodedMedia.opus(media, 150); // 3 s of 20 ms packets
    }

    /** The participant's only track of a kind: see {@link #record(Path, String, String, String, CodecInfo, List, List)}. */
    static List<RecordedTrack> track(Path dir, String kind, CodecInfo codec, List<byte[]> packets, List<Long> wallMicros)
            throws Exception {
        String id = "trk-" + kind;
        return List.of(new RecordedTrack(id, record(dir, "par", id, kind, codec, packets, wallMicros)));
    }

    /**
     * Writes packets into ~1 s segments (the recorder rolls every ~2 s; smaller here to cross
     * boundaries) at {@code dir/<trackId>/<sequence>.seg}, as a session's folder holds them. RTCP
     * packets (payload types 200–204, RFC 5761) are recorded as RTCP.
     */
    static List<Path> record(Path dir, String participant, String trackId, String kind, CodecInfo codec, List<byte[]> packets,
                             List<Long> wallMicros) throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve(trackId));
        List<Path> files = new ArrayList<>();
        SegmentWriter w = null;
        Sha256 link = Sha256.ZERO;
        long segmentStart = 0;
        for (int i = 0; i < packets.size(); i++) {
            long wall = wallMicros.get(i);
            if (w == null || wall - segmentStart >= 1_000_000) {
                if (w != null) {
                    SegmentSummary s = w.finish(new SegmentRecord.End(wall, wall * 1000, "rolled"));
                    link = s.sha256();
                }
                Path f = folder.resolve(files.size() + ".seg");
                w = SegmentWriter.create(f, new SegmentHeader("ses", trackId, participant, participant + "/" + kind, kind, codec,
                        files.size(), files.isEmpty() ? Sha256.ZERO : link, wall, wall * 1000, "node"));
                files.add(f);
                segmentStart = wall;
            }
            byte[] p = packets.get(i);
            int type = p[1] & 0xFF;
            w.packet(type >= 200 && type <= 204, wall, wall * 1000, p, 0, p.length);
        }
        w.finish(new SegmentRecord.End(wallMicros.get(wallMicros.size() - 1) + 1, 0, "session ended"));
        return files;
    }

    record Track(List<byte[]> packets, List<Long> wall) {
    }

    static Track videoPackets(long startMicros, IntPredicate dropFrame) {
        RtpPackets rtp = new RtpPackets(0x1234, 102);
        List<byte[]> packets = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (int i = 0; i < video.size(); i++) {
            for (byte[] p : rtp.h264(video.get(i), 90_000 + i * 3000)) {
                if (!dropFrame.test(i)) {
                    packets.add(p);
                    wall.add(startMicros + i * 33_333L);
                }
            }
        }
        return new Track(packets, wall);
    }

    static Track audioPackets(long startMicros) {
        RtpPackets rtp = new RtpPackets(0x5678, 111);
        List<byte[]> packets = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (int i = 0; i < audio.size(); i++) {
            packets.add(rtp.opus(audio.get(i), 4800 + i * 960));
            wall.add(startMicros + i * 20_000L);
        }
        return new Track(packets, wall);
    }

    record Decoded(int width, int height, int videoFrames, int audioFrames, List<Long> videoTimestamps) {
    }

    static Decoded decode(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
            g.start();
            int v = 0;
            int a = 0;
            List<Long> ts = new ArrayList<>();
            for (Frame f = g.grabFrame(); f != null; f = g.grabFrame()) {
                if (f.image != null) {
                    v++;
                    ts.add(f.timestamp);
                } else if (f.samples != null) {
                    a++;
                }
            }
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            g.stop();
            return new Decoded(w, h, v, a, ts);
        }
    }

    static final CodecInfo H264 = new CodecInfo("H264", 90_000, 102, 1,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
    static final CodecInfo OPUS = new CodecInfo("opus", 48_000, 111, 2, "minptime=10;useinbandfec=1");

    @Test
    void anMp4WithEveryFrameAndTheAudioIsMadeWithoutReencoding() throws Exception {
        long t0 = 1_795_000_000_000_000L;
        Track v = videoPackets(t0, i -> false);
        Track a = audioPackets(t0);
        RenditionMaker.Result r = RenditionMaker.render(track(dir, "video", H264, v.packets(), v.wall()),
                track(dir, "audio", OPUS, a.packets(), a.wall()), dir.resolve("rendition"));
        assertThat(r.container()).isEqualTo("mp4");
        assertThat(r.file().toString()).endsWith(".mp4");
        assertThat(r.width()).isEqualTo(640);
        assertThat(r.height()).isEqualTo(480);
        assertThat(r.videoFrames()).isEqualTo(FRAMES);
        Decoded d = decode(r.file());
        assertThat(d.width()).isEqualTo(640);
        assertThat(d.videoFrames()).isEqualTo(FRAMES);
        assertThat(d.audioFrames()).isGreaterThanOrEqualTo(140);
        // variable frame rate kept from RTP timestamps: 33.3 ms apart
        assertThat(d.videoTimestamps().get(30) - d.videoTimestamps().get(0)).isBetween(990_000L, 1_010_000L);
    }

    @Test
    void packetsArrivingOutOfOrderAndTwiceAreUsedOnce() throws Exception {
        long t0 = 1_795_000_000_000_000L;
        Track v = videoPackets(t0, i -> false);
        List<byte[]> shuffled = new ArrayList<>(v.packets());
        List<Long> wall = new ArrayList<>(v.wall());
        // swap neighbours every 7 packets and resend every 11th (as a NACK retransmission would)
        for (int i = 0; i + 1 < shuffled.size(); i += 7) {
            java.util.Collections.swap(shuffled, i, i + 1);
        }
        for (int i = shuffled.size() - 1; i >= 0; i -= 11) {
            shuffled.add(Math.min(shuffled.size(), i + 3), shuffled.get(i));
            wall.add(Math.min(wall.size(), i + 3), wall.get(i));
        }
        RenditionMaker.Result r = RenditionMaker.render(track(dir, "video", H264, shuffled, wall), List.of(),
                dir.resolve("reordered"));
        assertThat(decode(r.file()).videoFrames()).isEqualTo(FRAMES);
    }

    @Test
    void paddingOnlyProbesBetweenFramesChangeNothing() throws Exception {
        long t0 = 1_795_000_000_000_000L;
        RtpPackets rtp = new RtpPackets(0x1234, 102);
        List<byte[]> packets = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (int i = 0; i < video.size(); i++) {
            for (byte[] p : rtp.h264(video.get(i), 90_000 + i * 3000)) {
                packets.add(p);
                wall.add(t0 + i * 33_333L);
            }
            if (i % 3 == 1) { // a burst of probes, as Chrome sends while ramping up
                for (int k = 0; k < 4; k++) {
                    packets.add(rtp.padding(90_000 + i * 3000, 255));
                    wall.add(t0 + i * 33_333L + 100);
                }
            }
        }
        RenditionMaker.Result r = RenditionMaker.render(track(dir, "video", H264, packets, wall), List.of(),
                dir.resolve("probed"));
        assertThat(r.videoFrames()).isEqualTo(FRAMES);
        assertThat(decode(r.file()).videoFrames()).isEqualTo(FRAMES);
    }

    @Test
    void aLossStaysAGapInTimeAndNoBrokenFrameIsWritten() throws Exception {
        long t0 = 1_795_000_000_000_000L;
        // frames 40..49 never arrived (a third of a second): the frames predicted from them (50..59)
        // are left out too, and the picture resumes at the next keyframe (60)
        Track v = videoPackets(t0, i -> i >= 40 && i < 50);
        RenditionMaker.Result r = RenditionMaker.render(track(dir, "video", H264, v.packets(), v.wall()), List.of(),
                dir.resolve("lossy"));
        Decoded d = decode(r.file());
        assertThat(r.videoFrames()).isEqualTo(FRAMES - 20);
        assertThat(d.videoFrames()).isEqualTo(FRAMES - 20);
        long maxStep = 0;
        for (int i = 1; i < d.videoTimestamps().size(); i++) {
            maxStep = Math.max(maxStep, d.videoTimestamps().get(i) - d.videoTimestamps().get(i - 1));
        }
        assertThat(maxStep).as("the hole is a hole in time").isGreaterThanOrEqualTo(660_000L);
    }
}
