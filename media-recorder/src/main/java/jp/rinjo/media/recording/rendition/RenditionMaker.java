package jp.rinjo.media.recording.rendition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a participant's playable rendition from their recorded tracks: MP4 when the video is H.264
 * (plays in every browser, iOS included), WebM when it is VP8, with the participant's Opus audio.
 * Video is remuxed, not re-encoded; losses and pauses stay visible as gaps in time. The rendition is
 * derived data: its SHA-256 goes into the manifest beside the raw chain it was made from.
 */
public final class RenditionMaker {
    private RenditionMaker() {
    }

    /**
     * @param startWallMicros the node's receive time that the rendition's time 0 stands for (its first
     *                        packet): what maps a playback position back to the recording's timeline
     */
    public record Result(Path file, String container, int width, int height, int videoFrames, int audioPackets,
                         long durationMicros, long startWallMicros) {
    }

    /**
     * @param video segment files of the video track in order (may be empty)
     * @param audio segment files of the audio track in order (may be empty)
     * @param out   file to write, without extension ({@code .mp4} or {@code .webm} is added)
     */
    public static Result render(List<Path> video, List<Path> audio, Path out) throws IOException {
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IOException("nothing to render: no video and no audio segments");
        }
        TrackScan v = video.isEmpty() ? null : TrackScan.of(video);
        TrackScan a = audio.isEmpty() ? null : TrackScan.of(audio);
        boolean vp8 = v != null && "VP8".equalsIgnoreCase(v.codec.name());
        String container = vp8 ? "webm" : "mp4";
        Path file = out.resolveSibling(out.getFileName() + "." + container);
        Files.createDirectories(file.toAbsolutePath().getParent());
        long start = Math.min(v == null ? Long.MAX_VALUE : v.firstWallMicros, a == null ? Long.MAX_VALUE : a.firstWallMicros);
        // one offset for the participant: their audio and video share the sender's clock (lip-sync)
        Long offset = minOf(v == null ? null : v.participantOffset(), a == null ? null : a.participantOffset());
        if (offset != null && (v == null || v.participantOffset() == null || a == null || a.participantOffset() == null)) {
            offset = null; // only one track was reported: anchor both by receive time instead, consistently
        }
        try (FfmpegMuxer mux = new FfmpegMuxer(file, container);
             TrackUnits vu = v == null ? null : new TrackUnits(video, v, start, offset);
             TrackUnits au = a == null ? null : new TrackUnits(audio, a, start, offset)) {
            if (v != null) {
                mux.addVideo(v.codec.name(), v.width, v.height, v.sps == null ? null : annexB(v.sps, v.pps));
            }
            if (a != null) {
                mux.addOpus();
            }
            // The rendition starts at the first video frame: a video track starting after time zero would
            // need an MP4 edit list, and players (FFmpeg's among them) then drop frames searching for a
            // keyframe at zero. Audio before the first picture is left out of the rendition (not of the evidence).
            long shift = 0;
            if (vu != null && vu.peek() != null) {
                shift = vu.peek().ptsMicros();
            }
            long last = 0;
            while (true) {
                MediaUnit nv = vu == null ? null : vu.peek();
                MediaUnit na = au == null ? null : au.peek();
                if (nv == null && na == null) {
                    break;
                }
                if (na == null || (nv != null && nv.ptsMicros() <= na.ptsMicros())) {
                    MediaUnit u = shifted(vu.next(), shift);
                    if (u.ptsMicros() >= 0) {
                        mux.writeVideo(u);
                        last = Math.max(last, u.ptsMicros());
                    }
                } else {
                    MediaUnit u = shifted(au.next(), shift);
                    if (u.ptsMicros() >= 0) {
                        mux.writeAudio(u);
                        last = Math.max(last, u.ptsMicros());
                    }
                }
            }
            mux.finish();
            return new Result(file, container, v == null ? 0 : v.width, v == null ? 0 : v.height,
                    vu == null ? 0 : vu.units, au == null ? 0 : au.units, last, start);
        }
    }

    private static MediaUnit shifted(MediaUnit u, long shift) {
        return shift == 0 ? u : new MediaUnit(u.ptsMicros() - shift, u.data(), u.keyframe());
    }

    private static Long minOf(Long x, Long y) {
        if (x == null) {
            return y;
        }
        return y == null ? x : Math.min(x, y);
    }

    private static byte[] annexB(byte[] sps, byte[] pps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.writeBytes(sps);
        if (pps != null) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(pps);
        }
        return out.toByteArray();
    }
}
