package jp.rinjo.media.recording.rendition;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A track's frames in another codec, re-encoded to H.264 (libopenh264, as evidence copies are) so
 * they can join an MP4 rendition, which holds one video codec. Each frame keeps its time, and a
 * keyframe of the source stays a keyframe. A frame the decoder refuses is left out, as a lost one is.
 * Only for the part of a participant's video that came in the other codec: the rest is remuxed.
 */
final class H264Reencoder implements MediaUnits {
    private static final AVRational MICROS = av_make_q(1, 1_000_000);

    private final MediaUnits source;
    private final AVCodecContext decoder;
    private final AVFrame decoded = av_frame_alloc();
    private final AVPacket packet = av_packet_alloc();
    private final ArrayDeque<MediaUnit> ready = new ArrayDeque<>();
    private AVCodecContext encoder;
    private SwsContext scaler;
    private AVFrame scaled;
    private boolean ended;
    private boolean closed;

    H264Reencoder(MediaUnits source, String sourceCodec) throws IOException {
        this.source = source;
        int id = switch (sourceCodec.toUpperCase(java.util.Locale.ROOT)) {
            case "VP8" -> AV_CODEC_ID_VP8;
            case "H264" -> AV_CODEC_ID_H264;
            default -> throw new IOException("no decoder for " + sourceCodec + " video");
        };
        AVCodec codec = avcodec_find_decoder(id);
        if (codec == null || codec.isNull()) {
            throw new IOException("FFmpeg has no " + sourceCodec + " decoder");
        }
        decoder = avcodec_alloc_context3(codec);
        decoder.pkt_timebase(MICROS);
        check(avcodec_open2(decoder, codec, (AVDictionary) null), "open the " + sourceCodec + " decoder");
    }

    @Override
    public MediaUnit peek() {
        try {
            while (ready.isEmpty() && !ended) {
                if (source.hasNext()) {
                    decode(source.next());
                } else {
                    ended = true;
                    avcodec_send_packet(decoder, null);
                    receiveFrames();
                    if (encoder != null) {
                        avcodec_send_frame(encoder, null);
                        receivePackets();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ready.peek();
    }

    @Override
    public boolean hasNext() {
        return peek() != null;
    }

    @Override
    public MediaUnit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void decode(MediaUnit unit) throws IOException {
        AVPacket in = av_packet_alloc();
        try {
            check(av_new_packet(in, unit.data().length), "allocate a packet");
            in.data().put(unit.data());
            in.pts(unit.ptsMicros());
            in.dts(unit.ptsMicros());
            if (avcodec_send_packet(decoder, in) < 0) {
                return; // refused (a frame that needs a lost one): left out like a lost frame
            }
        } finally {
            av_packet_free(in);
        }
        receiveFrames();
    }

    private void receiveFrames() throws IOException {
        while (avcodec_receive_frame(decoder, decoded) >= 0) {
            long pts = decoded.best_effort_timestamp() != AV_NOPTS_VALUE ? decoded.best_effort_timestamp() : decoded.pts();
            encode(decoded, pts);
            av_frame_unref(decoded);
        }
    }

    private void encode(AVFrame frame, long pts) throws IOException {
        if (encoder == null) {
            openEncoder(frame.width() & ~1, frame.height() & ~1);
        }
        AVFrame in = frame;
        if (frame.width() != encoder.width() || frame.height() != encoder.height() || frame.format() != AV_PIX_FMT_YUV420P) {
            // the encoder keeps the size of the run's first picture; a later size is scaled to it
            scaler = sws_getCachedContext(scaler, frame.width(), frame.height(), frame.format(), encoder.width(), encoder.height(),
                    AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
            check(av_frame_make_writable(scaled), "prepare a picture");
            sws_scale(scaler, new PointerPointer<>(frame), frame.linesize(), 0, frame.height(), new PointerPointer<>(scaled),
                    scaled.linesize());
            scaled.pict_type(frame.pict_type());
            in = scaled;
        }
        in.pts(pts);
        check(avcodec_send_frame(encoder, in), "encode a picture to H.264");
        receivePackets();
    }

    private void openEncoder(int width, int height) throws IOException {
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null || codec.isNull()) {
            throw new IOException("FFmpeg has no libopenh264 encoder");
        }
        encoder = avcodec_alloc_context3(codec);
        encoder.width(width);
        encoder.height(height);
        encoder.pix_fmt(AV_PIX_FMT_YUV420P);
        encoder.time_base(MICROS);
        encoder.framerate(av_make_q(30, 1)); // for rate control; each frame keeps its own time
        encoder.bit_rate(Math.max(1_000_000L, (long) width * height * 4));
        encoder.gop_size(60); // a keyframe at least every 2 s, so the player can seek into the run
        check(avcodec_open2(encoder, codec, (AVDictionary) null), "open the H.264 encoder");
        scaled = av_frame_alloc();
        scaled.width(width);
        scaled.height(height);
        scaled.format(AV_PIX_FMT_YUV420P);
        check(av_frame_get_buffer(scaled, 0), "allocate a picture");
    }

    private void receivePackets() throws IOException {
        while (true) {
            int r = avcodec_receive_packet(encoder, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "encode H.264");
            byte[] data = new byte[packet.size()];
            packet.data().capacity(packet.size()).get(data);
            ready.add(new MediaUnit(packet.pts(), data, (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(packet);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            source.close();
        } finally {
            avcodec_free_context(decoder);
            if (encoder != null) {
                avcodec_free_context(encoder);
            }
            if (scaler != null) {
                sws_freeContext(scaler);
            }
            if (scaled != null) {
                av_frame_free(scaled);
            }
            av_frame_free(decoded);
            av_packet_free(packet);
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] msg = new byte[256];
            av_strerror(result, msg, msg.length);
            throw new IOException("FFmpeg could not " + what + ": " + new String(msg, StandardCharsets.UTF_8).trim());
        }
    }
}
