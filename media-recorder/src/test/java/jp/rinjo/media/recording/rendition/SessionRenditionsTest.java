package jp.rinjo.media.recording.rendition;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.format.CodecInfo;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;

/**
 * A participant's rendition covers their whole session. Each rejoin after the grace period, each
 * republish and each media node restart gives them a new track; the rendition joins those tracks in
 * time order, and the pause between two tracks stays a gap in time, as a loss inside one track does.
 */
class SessionRenditionsTest {
    static final String SESSION = "contracts/R8-001/sessions/ses_rejoined";
    static final long T0 = 1_795_000_000_000_000L;
    /** 3 s of media, 2 s without any, 3 s again. */
    static final long REJOINED = T0 + 5_000_000L;
    static final CodecInfo VP8 = new CodecInfo("VP8", 90_000, 96, 1, "");
    @TempDir
    static Path media;
    static List<byte[]> h264;
    static List<byte[]> vp8;
    static List<byte[]> opus;
    @TempDir
    Path dir;
    FilesystemEvidenceStore store;

    @BeforeAll
    static void encode() throws Exception {
        h264 = EncodedMedia.h264(media, 90, 640, 480, 30);
        vp8 = EncodedMedia.vp8(media, 90, 320, 240, 30);
        opus = EncodedMedia.opus(media, 150);
    }

    @BeforeEach
    void openStore() throws Exception {
        store = new FilesystemEvidenceStore(dir.resolve("store"));
    }

    @Test
    void aParticipantWhoRejoinedIsRenderedWholeWithThePauseBetweenAsAGap() throws Exception {
        // the later tracks' ids sort first: which track a rendition shows must not depend on random ids
        store("trk_b", "video", RenditionMakerTest.H264, video(h264, 0x1111, 90_000, T0, null));
        store("trk_d", "audio", RenditionMakerTest.OPUS, audio(0x2222, 4_800, T0, null));
        store("trk_a", "video", RenditionMakerTest.H264, video(h264, 0x3333, 7_000_000, REJOINED, null));
        store("trk_c", "audio", RenditionMakerTest.OPUS, audio(0x4444, 960_000, REJOINED, null));

        List<SessionRenditions.Made> made = SessionRenditions.make(store, SESSION, Sha256.ZERO, workDir());

        assertThat(made).hasSize(1);
        RenditionMaker.Result r = made.get(0).result();
        assertThat(r.videoFrames()).isEqualTo(180);
        assertThat(r.durationMicros()).as("the rendition lasts as long as the session").isGreaterThan(7_900_000L);
        assertThat(r.startWallMicros()).isEqualTo(T0);
        Decoded d = decode(made.get(0));
        assertThat(d.video()).hasSize(180);
        assertThat(d.video().get(89)).isBetween(2_950_000L, 2_990_000L);
        assertThat(d.video().get(90)).as("the rejoined video starts when it was received").isBetween(4_990_000L, 5_010_000L);
        assertThat(d.video().get(179)).isBetween(7_950_000L, 7_990_000L);
        assertThat(d.audio()).anyMatch(t -> t < 2_900_000L).anyMatch(t -> t > 7_500_000L)
                .as("the pause stays silent: no audio is moved into it").noneMatch(t -> t > 3_100_000L && t < 4_900_000L);
        assertThat(index()).contains("\"videoTracks\":[\"trk_b\",\"trk_a\"]", "\"audioTracks\":[\"trk_d\",\"trk_c\"]");
    }

    /** Sender reports anchor a track on the sender's clock; a rejoin from another phone brings another clock. */
    @Test
    void aRejoinFromAnotherDeviceIsTimedByThatDevicesOwnClock() throws Exception {
        long firstPhone = 200_000L;
        long secondPhone = -3_600_000_000L;
        store("trk_1", "video", RenditionMakerTest.H264, video(h264, 0x1111, 90_000, T0, firstPhone));
        store("trk_2", "audio", RenditionMakerTest.OPUS, audio(0x2222, 4_800, T0, firstPhone));
        store("trk_3", "video", RenditionMakerTest.H264, video(h264, 0x3333, 7_000_000, REJOINED, secondPhone));
        store("trk_4", "audio", RenditionMakerTest.OPUS, audio(0x4444, 960_000, REJOINED, secondPhone));

        List<SessionRenditions.Made> made = SessionRenditions.make(store, SESSION, Sha256.ZERO, workDir());

        Decoded d = decode(made.get(0));
        assertThat(d.video()).hasSize(180);
        assertThat(d.video().get(90)).isBetween(4_990_000L, 5_010_000L);
        assertThat(d.audio()).anyMatch(t -> t > 7_500_000L).noneMatch(t -> t > 3_100_000L && t < 4_900_000L);
    }

    /** Should not happen; a forged or odd recording can do it. The later track takes over, and the rendition says what it left out. */
    @Test
    void overlappingTracksOfOneKindLoseNothingSilently() throws Exception {
        store("trk_early", "video", RenditionMakerTest.H264, video(h264, 0x1111, 90_000, T0, null));
        store("trk_late", "video", RenditionMakerTest.H264, video(h264, 0x3333, 7_000_000, T0 + 2_000_000L, null));

        List<SessionRenditions.Made> made = SessionRenditions.make(store, SESSION, Sha256.ZERO, workDir());

        RenditionMaker.Result r = made.get(0).result();
        assertThat(r.videoFrames()).isEqualTo(150);
        Decoded d = decode(made.get(0));
        assertThat(d.video()).hasSize(150).isSorted();
        assertThat(d.video().get(60)).isBetween(1_990_000L, 2_010_000L);
        assertThat(r.notes()).singleElement().asString().contains("trk_late", "trk_early", "30 of its frames");
        assertThat(index()).contains("\"notes\":[").contains("30 of its frames");
    }

    /**
     * An MP4 holds one video codec: a participant who rejoined from a browser that sends VP8 gets their
     * VP8 part re-encoded to H.264 in the one MP4 that plays everywhere, and the rendition says so.
     */
    @Test
    void aParticipantWhoseVideoCodecChangedGetsOneMp4WithTheOtherCodecReencoded() throws Exception {
        store("trk_h264", "video", RenditionMakerTest.H264, video(h264, 0x1111, 90_000, T0, null));
        store("trk_vp8", "video", VP8, video(vp8, 0x3333, 7_000_000, REJOINED, null));

        List<SessionRenditions.Made> made = SessionRenditions.make(store, SESSION, Sha256.ZERO, workDir());

        RenditionMaker.Result r = made.get(0).result();
        assertThat(r.container()).isEqualTo("mp4");
        assertThat(r.width()).isEqualTo(640);
        Decoded d = decode(made.get(0));
        assertThat(d.video()).hasSize(180);
        assertThat(d.video().get(90)).isBetween(4_990_000L, 5_010_000L);
        // the H.264 test picture is blue (160), the VP8 one is not (90): frames of both are there
        assertThat(d.blue().get(10)).isGreaterThan(130);
        assertThat(d.blue().get(120)).isLessThan(120);
        assertThat(r.notes()).singleElement().asString().contains("trk_vp8", "VP8", "re-encoded to H.264");
    }

    record Packets(List<byte[]> packets, List<Long> wall) {
    }

    /**
     * Frames sent at 30 fps from {@code start}; with {@code senderClock} (the sender's clock minus the
     * node's, µs), a sender report comes first.
     */
    static Packets video(List<byte[]> frames, int ssrc, int rtpBase, long start, Long senderClock) {
        boolean isVp8 = frames == vp8;
        RtpPackets rtp = new RtpPackets(ssrc, isVp8 ? 96 : 102);
        Packets p = new Packets(new ArrayList<>(), new ArrayList<>());
        if (senderClock != null) {
            p.packets().add(rtp.senderReport(start + senderClock, rtpBase));
            p.wall().add(start);
        }
        for (int i = 0; i < frames.size(); i++) {
            int ts = rtpBase + i * 3000;
            for (byte[] packet : isVp8 ? rtp.vp8(frames.get(i), ts) : rtp.h264(frames.get(i), ts)) {
                p.packets().add(packet);
                p.wall().add(start + i * 100_000L / 3);
            }
        }
        return p;
    }

    static Packets audio(int ssrc, int rtpBase, long start, Long senderClock) {
        RtpPackets rtp = new RtpPackets(ssrc, 111);
        Packets p = new Packets(new ArrayList<>(), new ArrayList<>());
        if (senderClock != null) {
            p.packets().add(rtp.senderReport(start + senderClock, rtpBase));
            p.wall().add(start);
        }
        for (int i = 0; i < opus.size(); i++) {
            p.packets().add(rtp.opus(opus.get(i), rtpBase + i * 960));
            p.wall().add(start + i * 20_000L);
        }
        return p;
    }

    /** Stores a track's segments where the recorder puts them: {@code <session>/tracks/<trackId>/<sequence>.seg}. */
    void store(String trackId, String kind, CodecInfo codec, Packets p) throws Exception {
        for (Path segment : RenditionMakerTest.record(dir.resolve("recorded"), "par", trackId, kind, codec, p.packets(), p.wall())) {
            store.put(SESSION + "/tracks/" + trackId + "/" + segment.getFileName(), segment,
                    Sha256.digest(Files.readAllBytes(segment)), PutOptions.of(PutOptions.SEGMENT_TYPE));
        }
    }

    Path workDir() throws Exception {
        return Files.createDirectories(dir.resolve("work"));
    }

    String index() throws Exception {
        try (InputStream in = store.open(SESSION + "/renditions/renditions.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Presentation times (µs) of the decoded pictures and audio frames; the blue of each picture's corner. */
    record Decoded(List<Long> video, List<Long> audio, List<Integer> blue) {
    }

    Decoded decode(SessionRenditions.Made made) throws Exception {
        Path file = dir.resolve("played-" + made.objectKey().substring(made.objectKey().lastIndexOf('/') + 1));
        try (InputStream in = store.open(made.objectKey())) {
            Files.copy(in, file);
        }
        Decoded d = new Decoded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString()); Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            for (Frame f = g.grabFrame(); f != null; f = g.grabFrame()) {
                if (f.image != null) {
                    d.video().add(f.timestamp);
                    BufferedImage img = c.getBufferedImage(f);
                    d.blue().add(img.getRGB(10, 10) & 0xFF);
                } else if (f.samples != null) {
                    d.audio().add(f.timestamp);
                }
            }
            g.stop();
        }
        return d;
    }
}
