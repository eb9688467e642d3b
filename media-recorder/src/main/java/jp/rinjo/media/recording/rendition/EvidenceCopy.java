package jp.rinjo.media.recording.rendition;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.LoggerFactory;

/**
 * An evidence copy for a report or a court: the rendition re-encoded with the contract and the
 * Japan time of every frame burned into the picture, so a still taken from it carries its own
 * provenance. Made on demand; it is derived data — the raw segment chain stays the evidence.
 */
public final class EvidenceCopy {
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** Sound that starts later than this after the sound so far follows a pause (less is the codec's framing, e.g. Opus pre-skip). */
    private static final long SOUND_GAP_MICROS = 10_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'JST'").withZone(JST);

    private EvidenceCopy() {
    }

    public record Result(Path file, int frames) {
    }

    /** How far a copy got: the rendition time encoded so far and the rendition's length (0 when the container does not say). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (encodedMicros, totalMicros) -> { };

        void encoded(long encodedMicros, long totalMicros);
    }

    /**
     * @param rendition   the MP4 or WebM rendition
     * @param startMicros wall time (µs since the epoch) of the rendition's time zero
     * @param caption     the contract line, e.g. "契約番号 R8-001  市道1号線舗装補修工事"
     */
    public static Result make(Path rendition, Path out, long startMicros, String caption) throws IOException {
        return make(rendition, out, startMicros, caption, Progress.NONE);
    }

    /**
     * As {@link #make(Path, Path, long, String)}, telling {@code progress} after every video frame
     * (re-encoding takes about as long as the recording: a page shows how far it is).
     */
    public static Result make(Path rendition, Path out, long startMicros, String caption, Progress progress) throws IOException {
        return make(rendition, out, startMicros, caption, "", progress);
    }

    /**
     * @param comment written as the file's {@code comment} metadata when not empty: what the copy was made from
     *                (session, manifest SHA-256), so that a copy found alone can be tied to its evidence
     */
    public static Result make(Path rendition, Path out, long startMicros, String caption, String comment, Progress progress) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(rendition.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            in.start();
            int frames = 0;
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), in.getImageWidth(), in.getImageHeight(),
                    Math.max(0, in.getAudioChannels()))) {
                rec.setFormat("mp4");
                if (!comment.isEmpty()) {
                    rec.setMetadata("comment", comment);
                }
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setVideoCodecName("libopenh264");
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(in.getFrameRate() > 0 ? in.getFrameRate() : 30);
                rec.setVideoBitrate(Math.max(1_000_000, in.getImageWidth() * in.getImageHeight() * 4));
                if (in.getAudioChannels() > 0) {
                    rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    rec.setSampleRate(in.getSampleRate());
                    rec.setAudioBitrate(96_000);
                }
                rec.start();
                long soundSamples = 0; // given to the recorder, which times audio by counting them
                Font font = font(in.getImageHeight());
                for (Frame f = in.grabFrame(); f != null; f = in.grabFrame()) {
                    if (f.image != null) {
                        BufferedImage img = converter.getBufferedImage(f);
                        stamp(img, font, caption, STAMP.format(Instant.ofEpochSecond(0, (startMicros + f.timestamp) * 1000)));
                        // A WebRTC rendition has a variable frame rate: two frames can fall into one slot of the
                        // output's fixed rate, and the muxer refuses a repeated time (EINVAL). Such a frame takes
                        // the next slot instead; its burned-in time stays its own.
                        if (f.timestamp > rec.getTimestamp()) {
                            rec.setTimestamp(f.timestamp);
                        }
                        rec.record(converter.getFrame(img));
                        frames++;
                        progress.encoded(f.timestamp, Math.max(0, in.getLengthInTime()));
                    } else if (f.samples != null && f.sampleRate > 0) {
                        // A pause in the rendition's sound (a participant who rejoined) is given as silence:
                        // else what was said after it would play early, over the pause's pictures.
                        long missing = f.timestamp * f.sampleRate / 1_000_000L - soundSamples;
                        if (missing * 1_000_000L / f.sampleRate > SOUND_GAP_MICROS) {
                            Buffer[] second = silence(f, f.sampleRate); // a second at a time: a pause can last an hour
                            for (long left = missing; left > 0; left -= f.sampleRate) {
                                rec.recordSamples(f.sampleRate, f.audioChannels,
                                        left >= f.sampleRate ? second : silence(f, (int) left));
                            }
                            soundSamples += missing;
                        }
                        rec.record(f);
                        soundSamples += samples(f);
                    }
                }
                rec.stop();
            }
            in.stop();
            return new Result(out, frames);
        }
    }

    private static int samples(Frame f) {
        return f.samples[0].limit() / (f.samples.length > 1 ? 1 : Math.max(1, f.audioChannels));
    }

    /**
     * {@code samples} of silence laid out as {@code like}'s are (planar or interleaved, of its sample
     * type). Direct buffers: given a buffer with an array, the recorder copies it into the native
     * memory it wrapped for the previous call, which for a grabbed frame is the grabber's, freed or
     * reused since (a JVM crash in memcpy). A direct buffer is wrapped afresh instead.
     */
    private static Buffer[] silence(Frame like, int samples) {
        int length = samples * (like.samples.length > 1 ? 1 : Math.max(1, like.audioChannels));
        Buffer[] out = new Buffer[like.samples.length];
        for (int i = 0; i < out.length; i++) {
            Buffer b = like.samples[i];
            if (b instanceof ShortBuffer) {
                out[i] = zeros(length * 2L).asShortBuffer();
            } else if (b instanceof FloatBuffer) {
                out[i] = zeros(length * 4L).asFloatBuffer();
            } else if (b instanceof IntBuffer) {
                out[i] = zeros(length * 4L).asIntBuffer();
            } else if (b instanceof DoubleBuffer) {
                out[i] = zeros(length * 8L).asDoubleBuffer();
            } else {
                ByteBuffer u8 = zeros(length); // unsigned 8-bit: silence is the middle, 128
                for (int k = 0; k < length; k++) {
                    u8.put(k, (byte) 0x80);
                }
                out[i] = u8;
            }
        }
        return out;
    }

    private static ByteBuffer zeros(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    /** A CJK font (Debian's fonts-noto-cjk); the logical "SansSerif" falls back to it where installed. */
    static Font font(int height) {
        int size = Math.max(14, height / 24);
        for (String family : new String[] {"Noto Sans CJK JP", "IPAexGothic", "SansSerif"}) {
            Font f = new Font(family, Font.BOLD, size);
            if (f.canDisplayUpTo("契約番号時刻") == -1) {
                return f;
            }
        }
        // the copy is still made (its time line is Latin), but its contract line would be empty boxes
        LoggerFactory.getLogger(EvidenceCopy.class).warn("no font here draws Japanese (install fonts-noto-cjk):"
                + " the evidence copy's contract number and name will not be readable");
        return new Font(Font.SANS_SERIF, Font.BOLD, size);
    }

    private static void stamp(BufferedImage img, Font font, String caption, String time) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            FontMetrics m = g.getFontMetrics();
            int pad = Math.max(4, m.getHeight() / 4);
            int boxHeight = m.getHeight() * 2 + pad * 3;
            int y0 = img.getHeight() - boxHeight;
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(0, y0, img.getWidth(), boxHeight);
            g.setStroke(new BasicStroke(1));
            g.setColor(Color.WHITE);
            g.drawString(caption, pad, y0 + pad + m.getAscent());
            g.drawString(time, pad, y0 + pad * 2 + m.getHeight() + m.getAscent());
        } finally {
            g.dispose();
        }
    }
}
