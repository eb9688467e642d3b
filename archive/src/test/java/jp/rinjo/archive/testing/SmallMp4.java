package jp.rinjo.archive.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A small real MP4 (H.264 from libopenh264, as the recorder's renditions are), for tests that decode
 * and re-encode a rendition: a moving square on a colour ramp, 30 fps.
 */
public final class SmallMp4 {
    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;

    private SmallMp4() {
    }

    public static byte[] make(Path dir, int frames) throws Exception {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "small", ".mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(30);
            rec.setGopSize(30);
            rec.setVideoBitrate(400_000);
            rec.start();
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
            for (int i = 0; i < frames; i++) {
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(i * 5 % 256, 150, 200));
                g.fillRect(0, 0, WIDTH, HEIGHT);
                g.setColor(Color.ORANGE);
                g.fillRect((i * 6) % (WIDTH - 40), 40, 40, 40);
                g.dispose();
                rec.record(conv.convert(img));
            }
            rec.stop();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }
}
