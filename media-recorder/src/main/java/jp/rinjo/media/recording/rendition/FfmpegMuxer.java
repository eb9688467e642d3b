package jp.rinjo.media.recording.rendition;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Writes already-encoded units into MP4 or WebM with FFmpeg's muxers — remuxing, never encoding: the
 * rendition holds the very bits the phone sent. Timestamps are microseconds, rescaled to whatever
 * time base the muxer picks. Not thread-safe; one file per instance.
 */
final class FfmpegMuxer implements AutoCloseable {
    private static final AVRational MICROS = av_make_q(1, 1_000_000);

    static {
        // FFmpeg reports through its own logger to stderr; only errors belong in the node's output
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    }

    private final AVFormatContext context = new AVFormatContext(null);
    private final Path file;
    private AVStream video;
    private AVStream audio;
    private boolean started;
    private boolean closed;
    private long lastVideoPts = Long.MIN_VALUE;
    private long lastAudioPts = Long.MIN_VALUE;

    FfmpegMuxer(Path file, String format) throws IOException {
        this.file = file;
        check(avformat_alloc_output_context2(context, null, format, file.toString()), "open " + format + " muxer");
    }

    /** H.264 (Annex B parameter sets as extradata) or VP8 (none). */
    void addVideo(String codec, int width, int height, byte[] extradata) {
        video = avformat_new_stream(context, null);
        AVCodecParameters p = video.codecpar();
        p.codec_type(AVMEDIA_TYPE_VIDEO);
        p.codec_id("H264".equalsIgnoreCase(codec) ? AV_CODEC_ID_H264 : AV_CODEC_ID_VP8);
        p.width(width);
        p.height(height);
        if (extradata != null) {
            extradata(p, extradata);
        }
        video.time_base(av_make_q(1, 90_000));
    }

    /** Opus at 48 kHz, stereo layout as browsers signal it; extradata is the OpusHead. */
    void addOpus() {
        audio = avformat_new_stream(context, null);
        AVCodecParameters p = audio.codecpar();
        p.codec_type(AVMEDIA_TYPE_AUDIO);
        p.codec_id(AV_CODEC_ID_OPUS);
        p.sample_rate(48_000);
        av_channel_layout_default(p.ch_layout(), 2);
        extradata(p, opusHead(2, 312, 48_000));
        audio.time_base(av_make_q(1, 48_000));
    }

    boolean hasVideo() {
        return video != null;
    }

    boolean hasAudio() {
        return audio != null;
    }

    private void start() throws IOException {
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "create " + file);
        context.pb(pb);
        AVDictionary options = new AVDictionary(null);
        if (file.toString().endsWith(".mp4")) {
            // the index goes first so playback (and HTTP range seeking) starts before the whole file is read
            av_dict_set(options, "movflags", "+faststart", 0);
        }
        int r = avformat_write_header(context, options);
        av_dict_free(options);
        check(r, "write the header of " + file);
        started = true;
    }

    void writeVideo(MediaUnit unit) throws IOException {
        if (unit.ptsMicros() <= lastVideoPts) {
            return; // the muxer needs strictly increasing timestamps; a duplicate time is a glitch, not evidence
        }
        lastVideoPts = unit.ptsMicros();
        write(video, unit);
    }

    void writeAudio(MediaUnit unit) throws IOException {
        if (unit.ptsMicros() <= lastAudioPts) {
            return;
        }
        lastAudioPts = unit.ptsMicros();
        write(audio, unit);
    }

    private void write(AVStream stream, MediaUnit unit) throws IOException {
        if (!started) {
            start();
        }
        AVPacket pkt = av_packet_alloc();
        try {
            check(av_new_packet(pkt, unit.data().length), "allocate a packet");
            pkt.data().put(unit.data());
            pkt.stream_index(stream.index());
            pkt.pts(unit.ptsMicros());
            pkt.dts(unit.ptsMicros());
            if (unit.keyframe()) {
                pkt.flags(pkt.flags() | AV_PKT_FLAG_KEY);
            }
            av_packet_rescale_ts(pkt, MICROS, stream.time_base());
            check(av_interleaved_write_frame(context, pkt), "write a packet to " + file);
        } finally {
            av_packet_free(pkt);
        }
    }

    /** Finishes the file (trailer, index). */
    void finish() throws IOException {
        if (!started) {
            start();
        }
        check(av_write_trailer(context), "finish " + file);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (context.pb() != null && !context.pb().isNull()) {
            avio_closep(context.pb());
        }
        avformat_free_context(context);
    }

    private static void extradata(AVCodecParameters p, byte[] data) {
        BytePointer buf = new BytePointer(av_malloc(data.length + AV_INPUT_BUFFER_PADDING_SIZE));
        buf.position(0).put(data);
        for (int i = data.length; i < data.length + AV_INPUT_BUFFER_PADDING_SIZE; i++) {
            buf.put(i, (byte) 0);
        }
        p.extradata(buf);
        p.extradata_size(data.length);
    }

    /** The Ogg/MP4 "OpusHead" identification header (RFC 7845 §5.1). */
    static byte[] opusHead(int channels, int preSkip, int rate) {
        byte[] h = new byte[19];
        byte[] magic = "OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 0, 8);
        h[8] = 1;
        h[9] = (byte) channels;
        h[10] = (byte) preSkip;
        h[11] = (byte) (preSkip >> 8);
        h[12] = (byte) rate;
        h[13] = (byte) (rate >> 8);
        h[14] = (byte) (rate >> 16);
        h[15] = (byte) (rate >> 24);
        return h; // output gain 0, mapping family 0
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] msg = new byte[256];
            av_strerror(result, msg, msg.length);
            throw new IOException("FFmpeg could not " + what + ": " + new String(msg, java.nio.charset.StandardCharsets.UTF_8).trim());
        }
    }
}
