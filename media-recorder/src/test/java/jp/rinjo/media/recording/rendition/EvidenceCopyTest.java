package jp.rinjo.media.recording.rendition;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence copy keeps every frame and carries the contract and JST time in the picture. */
class EvidenceCopyTest {
    @TempDir
    Path dir;

    @Test
    void everyFrameIsKeptWithTheCaptionAndTimeBurnedIn() throws Exception {
        List<byte[]> video = EncodedMedia.h264(dir, 45, 640, 480, 30);
        long t0 = 1_795_000_000_000_000L;
        RtpPackets rtp = new RtpPackets(0x42, 102);
        List<byte[]> packets = new java.util.ArrayList<>();
        List<Long> wall = new java.util.ArrayList<>();
        for (int i = 0; i < video.size(); i++) {
            for (byte[] p : rtp.h264(video.get(i), i * 3000)) {
                packets.add(p);
                wall.add(t0 + i * 33_333L);
            }
        }
        RenditionMaker.Result rendition = RenditionMaker.render(
                RenditionMakerTest.track(dir, "video", RenditionMakerTest.H264, packets, wall), List.of(), dir.resolve("r"));
        EvidenceCopy.Result copy = EvidenceCopy.make(rendition.file(), dir.resolve("copy.mp4"), t0, "契約番号 R8-001  市道1号線舗装補修工事");
        assertThat(copy.frames()).isEqualTo(45);

        try (FFmpegFrameGrabber original = new FFmpegFrameGrabber(rendition.file().toFile());
             FFmpegFrameGrabber stamped = new FFmpegFrameGrabber(copy.file().toFile());
             Java2DFrameConverter c1 = new Java2DFrameConverter(); Java2DFrameConverter c2 = new Java2DFrameConverter()) {
            original.start();
            stamped.start();
            BufferedImage a = c1.getBufferedImage(original.grabImage());
            BufferedImage b = c2.getBufferedImage(stamped.grabImage());
            assertThat(b.getWidth()).isEqualTo(640);
            java.nio.file.Files.createDirectories(Path.of("target", "screenshots"));
            javax.imageio.ImageIO.write(b, "png", Path.of("target", "screenshots", "evidence-copy.png").toFile());
            // the caption band at the bottom is dark and carries light text; the top of the picture is unchanged
            int bottom = 470;
            assertThat(luma(b.getRGB(630, bottom))).isLessThan(luma(a.getRGB(630, bottom)));
            long light = 0;
            for (int x = 0; x < 400; x++) {
                for (int y = 420; y < 478; y++) {
                    if (luma(b.getRGB(x, y)) > 200) {
                        light++;
                    }
                }
            }
            assertThat(light).as("text pixels in the caption band").isGreaterThan(200);
            assertThat(Math.abs(luma(b.getRGB(320, 40)) - luma(a.getRGB(320, 40)))).isLessThan(40);
            int frames = 1;
            for (Frame f = stamped.grabImage(); f != null; f = stamped.grabImage()) {
                frames++;
            }
            assertThat(frames).isEqualTo(45);
        }
    }

    /** A browser's frames come when they come: frames closer together than the output's frame rate are all kept. */
    @Test
    void framesOfAVariableRateRenditionAreAllKept() throws Exception {
        List<byte[]> video = EncodedMedia.h264(dir, 30, 320, 240, 30);
        long t0 = 1_795_000_000_000_000L;
        RtpPackets rtp = new RtpPackets(0x43, 102);
        List<byte[]> packets = new java.util.ArrayList<>();
        List<Long> wall = new java.util.ArrayList<>();
        int ticks = 0;
        for (int i = 0; i < video.size(); i++) {
            for (byte[] p : rtp.h264(video.get(i), ticks)) {
                packets.add(p);
                wall.add(t0 + ticks / 90 * 1000L);
            }
            ticks += i >= 10 && i < 20 ? 450 : 3000; // ten frames 5 ms apart, the others 33 ms
        }
        RenditionMaker.Result rendition = RenditionMaker.render(
                RenditionMakerTest.track(dir, "video", RenditionMakerTest.H264, packets, wall), List.of(), dir.resolve("r"));
        List<Long> progress = new java.util.ArrayList<>();
        EvidenceCopy.Result copy = EvidenceCopy.make(rendition.file(), dir.resolve("vfr.mp4"), t0, "契約番号 R8-002",
                (encoded, total) -> progress.add(encoded));
        assertThat(copy.frames()).isEqualTo(30);
        assertThat(progress).hasSize(30).isSorted();
        try (FFmpegFrameGrabber stamped = new FFmpegFrameGrabber(copy.file().toFile())) {
            stamped.start();
            int frames = 0;
            for (Frame f = stamped.grabImage(); f != null; f = stamped.grabImage()) {
                frames++;
            }
            assertThat(frames).isEqualTo(30);
        }
    }

    /**
     * A participant who rejoined: their rendition has a pause between two tracks. The copy keeps the
     * pause in its sound as well as in its pictures: what was said after it is heard with the pictures
     * it belongs to, not moved into the pause.
     */
    @Test
    void aPauseBetweenTracksStaysSilentInTheCopy() throws Exception {
        List<byte[]> video = EncodedMedia.h264(dir, 90, 320, 240, 30);
        List<byte[]> audio = EncodedMedia.opus(dir, 150);
        long t0 = 1_795_000_000_000_000L;
        long rejoined = t0 + 5_000_000L;
        List<RecordedTrack> videoTracks = new java.util.ArrayList<>();
        List<RecordedTrack> audioTracks = new java.util.ArrayList<>();
        for (long start : new long[] {t0, rejoined}) {
            RtpPackets v = new RtpPackets((int) start, 102);
            RtpPackets a = new RtpPackets((int) start + 1, 111);
            List<byte[]> vp = new java.util.ArrayList<>();
            List<Long> vw = new java.util.ArrayList<>();
            for (int i = 0; i < video.size(); i++) {
                for (byte[] p : v.h264(video.get(i), i * 3000)) {
                    vp.add(p);
                    vw.add(start + i * 100_000L / 3);
                }
            }
            List<byte[]> ap = new java.util.ArrayList<>();
            List<Long> aw = new java.util.ArrayList<>();
            for (int i = 0; i < audio.size(); i++) {
                ap.add(a.opus(audio.get(i), i * 960));
                aw.add(start + i * 20_000L);
            }
            String id = start == t0 ? "trk_first" : "trk_rejoined";
            videoTracks.add(new RecordedTrack(id + "_v", RenditionMakerTest.record(dir, "par", id + "_v", "video",
                    RenditionMakerTest.H264, vp, vw)));
            audioTracks.add(new RecordedTrack(id + "_a", RenditionMakerTest.record(dir, "par", id + "_a", "audio",
                    RenditionMakerTest.OPUS, ap, aw)));
        }
        RenditionMaker.Result rendition = RenditionMaker.render(videoTracks, audioTracks, dir.resolve("r"));

        EvidenceCopy.Result copy = EvidenceCopy.make(rendition.file(), dir.resolve("rejoined.mp4"), t0, "契約番号 R8-003");

        assertThat(copy.frames()).isEqualTo(180);
        List<Long> pictures = new java.util.ArrayList<>();
        double pause = 0;
        double speech = 0;
        long lastSound = 0;
        try (FFmpegFrameGrabber stamped = new FFmpegFrameGrabber(copy.file().toFile())) {
            stamped.start();
            for (Frame f = stamped.grabFrame(); f != null; f = stamped.grabFrame()) {
                if (f.image != null) {
                    pictures.add(f.timestamp);
                } else if (f.samples != null) {
                    lastSound = f.timestamp;
                    if (f.timestamp > 3_200_000L && f.timestamp < 4_800_000L) {
                        pause = Math.max(pause, peak(f));
                    } else if (f.timestamp > 5_500_000L && f.timestamp < 7_500_000L) {
                        speech = Math.max(speech, peak(f));
                    }
                }
            }
            stamped.stop();
        }
        assertThat(pictures.get(90)).as("the rejoined picture comes after the pause").isBetween(4_950_000L, 5_050_000L);
        assertThat(speech).as("the tone after the rejoin").isGreaterThan(0.1);
        assertThat(pause).as("nothing is heard in the pause").isLessThan(0.01);
        assertThat(lastSound).as("the sound lasts as long as the pictures").isGreaterThan(7_800_000L);
    }

    /** The loudest sample of an audio frame, full scale 1. */
    static double peak(Frame f) {
        double max = 0;
        for (java.nio.Buffer b : f.samples) {
            for (int i = 0; i < b.limit(); i++) {
                double v = b instanceof java.nio.ShortBuffer s ? s.get(i) / 32768.0 : ((java.nio.FloatBuffer) b).get(i);
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    static int luma(int rgb) {
        return (((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF)) / 10;
    }
}
