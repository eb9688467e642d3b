package jp.rinjo.media.recording.rendition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes a participant's playable rendition from their recorded tracks: MP4 when the video is H.264
 * (plays in every browser, iOS included), WebM when it is VP8, with the participant's Opus audio.
 * Video is remuxed, not re-encoded; losses and pauses stay visible as gaps in time. All of the
 * participant's tracks go in, in the order they were received ({@link JoinedTrackUnits}), so the
 * rendition's timeline is the session's. The one exception to remuxing: an MP4 holds one video codec,
 * so a participant who sent VP8 for part of the session and H.264 otherwise gets their VP8 part
 * re-encoded to H.264, and the rendition's notes say so. The rendition is derived data: its SHA-256
 * goes into the manifest beside the raw chain it was made from.
 */
public final class RenditionMaker {
    private RenditionMaker() {
    }

    /**
     * @param startWallMicros the node's receive time that the rendition's time 0 stands for (its first
     *                        packet): what maps a playback position back to the recording's timeline
     * @param videoTracks     the tracks in the rendition, in the order they play
     * @param notes           what a viewer should know the rendition does not show as sent: overlapping
     *                        tracks left out in part, video re-encoded
     */
    public record Result(Path file, String container, int width, int height, int videoFrames, int audioPackets,
                         long durationMicros, long startWallMicros, List<String> videoTracks, List<String> audioTracks,
                         List<String> notes) {
        public Result {
            videoTracks = List.copyOf(videoTracks);
            audioTracks = List.copyOf(audioTracks);
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param video the participant's video tracks, in any order (may be empty)
     * @param audio the participant's audio tracks, in any order (may be empty)
     * @param out   file to write, without extension ({@code .mp4} or {@code .webm} is added)
     */
    public static Result render(List<RecordedTrack> video, List<RecordedTrack> audio, Path out) throws IOException {
        List<ScannedTrack> v = inOrderReceived(video);
        List<ScannedTrack> a = inOrderReceived(audio);
        if (v.isEmpty() && a.isEmpty()) {
            throw new IOException("nothing to render: no video and no audio packets");
        }
        String videoCodec = videoCodec(v);
        TrackScan format = videoFormat(v, videoCodec);
        String container = "VP8".equalsIgnoreCase(videoCodec) ? "webm" : "mp4";
        Path file = out.resolveSibling(out.getFileName() + "." + container);
        Files.createDirectories(file.toAbsolutePath().getParent());
        long start = Math.min(v.isEmpty() ? Long.MAX_VALUE : v.get(0).scan().firstWallMicros,
                a.isEmpty() ? Long.MAX_VALUE : a.get(0).scan().firstWallMicros);
        Map<String, Long> offsets = SenderClocks.offsets(Stream.concat(v.stream(), a.stream()).toList());
        List<String> notes = new ArrayList<>();
        try (FfmpegMuxer mux = new FfmpegMuxer(file, container);
             JoinedTrackUnits vu = v.isEmpty() ? null : new JoinedTrackUnits("video", v, videoCodec, start, offsets, notes);
             JoinedTrackUnits au = a.isEmpty() ? null : new JoinedTrackUnits("audio", a, a.get(0).codec(), start, offsets, notes)) {
            if (vu != null) {
                mux.addVideo(videoCodec, format.width, format.height, format.sps == null ? null : annexB(format.sps, format.pps));
            }
            if (au != null) {
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
            return new Result(file, container, vu == null ? 0 : format.width, vu == null ? 0 : format.height,
                    vu == null ? 0 : vu.units, au == null ? 0 : au.units, last, start, ids(v), ids(a), notes);
        }
    }

    private static MediaUnit shifted(MediaUnit u, long shift) {
        return shift == 0 ? u : new MediaUnit(u.ptsMicros() - shift, u.data(), u.keyframe());
    }

    /** The tracks that hold packets, scanned, in the order their first packet was received. */
    private static List<ScannedTrack> inOrderReceived(List<RecordedTrack> tracks) throws IOException {
        List<ScannedTrack> scanned = new ArrayList<>();
        for (RecordedTrack t : tracks) {
            ScannedTrack s = ScannedTrack.of(t);
            if (s.hasPackets()) {
                scanned.add(s);
            }
        }
        scanned.sort(Comparator.comparingLong((ScannedTrack s) -> s.scan().firstWallMicros).thenComparing(ScannedTrack::id));
        return scanned;
    }

    /** H.264 if any of the video is (an MP4 plays everywhere), else VP8 in WebM. */
    private static String videoCodec(List<ScannedTrack> video) {
        return video.stream().map(ScannedTrack::codec).filter("H264"::equalsIgnoreCase).findFirst()
                .orElse(video.isEmpty() ? "" : video.get(0).codec());
    }

    /** The picture size and parameter sets the container declares: of the first track in its codec that has them. */
    private static TrackScan videoFormat(List<ScannedTrack> video, String codec) {
        List<TrackScan> inCodec = video.stream().filter(t -> t.codec().equalsIgnoreCase(codec)).map(ScannedTrack::scan).toList();
        return inCodec.stream().filter(s -> s.width > 0).findFirst().orElse(inCodec.isEmpty() ? null : inCodec.get(0));
    }

    private static List<String> ids(List<ScannedTrack> tracks) {
        return tracks.stream().map(ScannedTrack::id).toList();
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
