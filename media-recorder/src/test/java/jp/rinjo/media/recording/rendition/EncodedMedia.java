package jp.rinjo.media.recording.rendition;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Real encoded media for rendition tests: H.264 constrained baseline from FFmpeg's libopenh264 (what
 * Chrome's software encoder produces too) and Opus from libopus, as the access units and packets an
 * RTP sender would carry.
 */
final class EncodedMedia {
    private EncodedMedia() {
    }

    /** {@code frames} access units (Annex B) at 30 fps, a keyframe every {@code gop} frames. */
    static List<byte[]> h264(Path dir, int frames, int width, int height, int gop) throws Exception {
        Path file = dir.resolve("video.h264");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), width, height, 0)) {
            rec.setFormat("h264");
            rec.setVideoCodecName("libopenh264");
            rec.setFrameRate(30);
            rec.setGopSize(gop);
            rec.setVideoBitrate(800_000);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            Java2DFrameConverter conv = new Java2DFrameConverter();
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < frames; i++) {
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(i * 4 % 256, 80, 160));
                g.fillRect(0, 0, width, height);
                g.setColor(Color.WHITE);
                g.fillRect((i * 7) % (width - 40), height / 2, 40, 40);
                g.dispose();
                rec.record(conv.convert(img));
            }
            rec.stop();
        }
        List<byte[]> units = new ArrayList<>();
        try (FFmpegFrameGrabber grab = new FFmpegFrameGrabber(file.toString())) {
            grab.setFormat("h264");
            grab.start();
            for (AVPacket p = grab.grabPacket(); p != null; p = grab.grabPacket()) {
                byte[] b = new byte[p.size()];
                p.data().capacity(p.size()).get(b);
                units.add(b);
                avcodec.av_packet_unref(p);
            }
            grab.stop();
        }
        return units;
    }

    /** {@code frames} VP8 frames from libvpx at 30 fps, a keyframe every {@code gop} frames. */
    static List<byte[]> vp8(Path dir, int frames, int width, int height, int gop) throws Exception {
        Path file = dir.resolve("video.webm");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), width, height, 0)) {
            rec.setFormat("webm");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_VP8);
            rec.setFrameRate(30);
            rec.setGopSize(gop);
            rec.setVideoBitrate(800_000);
            rec.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            Java2DFrameConverter conv = new Java2DFrameConverter();
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < frames; i++) {
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(40, i * 4 % 256, 90));
                g.fillRect(0, 0, width, height);
                g.dispose();
                rec.record(conv.convert(img));
            }
            rec.stop();
        }
        List<byte[]> units = new ArrayList<>();
        try (FFmpegFrameGrabber grab = new FFmpegFrameGrabber(file.toString())) {
            grab.start();
            for (AVPacket p = grab.grabPacket(); p != null; p = grab.grabPacket()) {
                byte[] b = new byte[p.size()];
                p.data().capacity(p.size()).get(b);
                units.add(b);
                avcodec.av_packet_unref(p);
            }
            grab.stop();
        }
        return units;
    }

    /** {@code packets} Opus packets of 20 ms, stereo 48 kHz, a tone. */
    static List<byte[]> opus(Path dir, int packets) throws Exception {
        Path file = dir.resolve("audio.ogg");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), 2)) {
            rec.setFormat("ogg");
            rec.setAudioCodecName("libopus");
            rec.setSampleRate(48_000);
            rec.setAudioBitrate(48_000);
            rec.start();
            short[] samples = new short[960 * 2];
            for (int i = 0; i < packets + 5; i++) {
                for (int s = 0; s < 960; s++) {
                    short v = (short) (Math.sin(2 * Math.PI * 440 * (i * 960 + s) / 48_000.0) * 8000);
                    samples[2 * s] = v;
                    samples[2 * s + 1] = v;
                }
                rec.recordSamples(48_000, 2, ShortBuffer.wrap(samples));
            }
            rec.stop();
        }
        List<byte[]> out = new ArrayList<>();
        try (FFmpegFrameGrabber grab = new FFmpegFrameGrabber(file.toString())) {
            grab.start();
            for (AVPacket p = grab.grabPacket(); p != null && out.size() < packets; p = grab.grabPacket()) {
                byte[] b = new byte[p.size()];
                p.data().capacity(p.size()).get(b);
                out.add(b);
                avcodec.av_packet_unref(p);
            }
            grab.stop();
        }
        return out;
    }
}
