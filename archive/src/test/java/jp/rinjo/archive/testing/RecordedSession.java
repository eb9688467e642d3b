package jp.rinjo.archive.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.SealRequest;
import jp.rinjo.media.recording.SealResult;
import jp.rinjo.media.recording.evidence.ParticipantInfo;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.sfu.TestTracks;

/**
 * A real sealed session in an evidence store, made by the real recorder (segments, hash chain,
 * signed manifest) from synthetic RTP, plus a stand-in rendition: random bytes under the rendition's
 * key and a renditions.json naming them. The bytes are not decodable video — range requests and
 * exports only move bytes; real playback is the browser test's.
 */
public final class RecordedSession {
    public static final int RENDITION_BYTES = 300_000;
    public final SealResult sealed;
    public final ParticipantId contractor;
    public final byte[] rendition;
    public final String renditionKey;
    /** The remote still the contractor's phone sent during the session, as the recorder stored it. */
    public final byte[] still;
    public final String stillId;
    /** The inspector who pointed at the video, a participant only when the session was recorded with {@link Pointing}. */
    public final ParticipantId inspector;
    /** A second contractor's phone (職長 鈴木, video only), streaming too when the session was recorded with {@link Pointing}. */
    public final ParticipantId secondContractor;
    /** About when the first packet was recorded (taken just before it). */
    public final java.time.Instant startedAbout;

    /** What an inspector pointed at during the session, signed as the manifest's {@code annotations}. */
    @FunctionalInterface
    public interface Pointing {
        /**
         * The annotations (maps as EVIDENCE.md describes them) by the inspector, made knowing about when recording started,
         * on the video of one of the two contractors who streamed.
         */
        List<Object> annotations(java.time.Instant recordingStart, String inspectorId, String contractorId, String secondContractorId);
    }

    private RecordedSession(SealResult sealed, ParticipantId contractor, byte[] rendition, String renditionKey, byte[] still, String stillId,
                            ParticipantId inspector, ParticipantId secondContractor, java.time.Instant startedAbout) {
        this.sealed = sealed;
        this.contractor = contractor;
        this.rendition = rendition;
        this.renditionKey = renditionKey;
        this.still = still;
        this.stillId = stillId;
        this.inspector = inspector;
        this.secondContractor = secondContractor;
        this.startedAbout = startedAbout;
    }

    /** Records about a second of video and audio for the session, seals it and adds the stand-in rendition. */
    public static RecordedSession record(RecorderHarness h, SessionId session, Path work) throws Exception {
        return record(h, session, work, 0);
    }

    /**
     * @param realFrames when above 0, the rendition is a real {@link SmallMp4} of that many frames
     *                   (decodable; its time zero is the first recorded packet) instead of random bytes
     */
    public static RecordedSession record(RecorderHarness h, SessionId session, Path work, int realFrames) throws Exception {
        return record(h, session, work, realFrames, null);
    }

    /** @param pointing what the session's inspector pointed at, or null: nobody pointed (and no inspector took part) */
    public static RecordedSession record(RecorderHarness h, SessionId session, Path work, int realFrames, Pointing pointing) throws Exception {
        ParticipantId contractor = ParticipantId.random();
        java.time.Instant startedAbout = java.time.Instant.now();
        h.feed(session, TestTracks.video(contractor), 102, 1).rtp(120, 900, 10_000).senderReport().rtp(60, 900, 10_000);
        h.feed(session, TestTracks.audio(contractor), 111, 2).rtp(90, 120, 20_000).senderReport();
        ParticipantId second = pointing == null ? null : ParticipantId.random();
        if (second != null) {
            h.feed(session, TestTracks.video(second), 102, 3).rtp(60, 900, 10_000);
        }
        h.awaitWritten(second == null ? 270 : 330);
        byte[] still = jp.rinjo.common.image.TestJpegs.of(1280, 720, 7);
        String stillId = jp.rinjo.common.id.StillId.random().value();
        h.recorder.stills().store(session, new jp.rinjo.media.recording.StillUpload(jp.rinjo.common.id.StillId.of(stillId), still,
                java.time.Instant.now().toEpochMilli() * 1000, Optional.empty(), contractor.value(), "CONTRACTOR",
                Optional.empty())).get(30, TimeUnit.SECONDS);
        List<ParticipantInfo> participants = new java.util.ArrayList<>(List.of(new ParticipantInfo(contractor.value(), "現場代理人 山田", "CONTRACTOR")));
        ParticipantId inspector = null;
        java.util.Map<String, List<Object>> attachments = java.util.Map.of();
        if (pointing != null) {
            inspector = ParticipantId.random();
            participants.add(new ParticipantInfo(inspector.value(), "監督員 佐藤", "INSPECTOR"));
            participants.add(new ParticipantInfo(second.value(), "職長 鈴木", "CONTRACTOR"));
            attachments = java.util.Map.of("annotations", pointing.annotations(startedAbout, inspector.value(), contractor.value(),
                    second.value()));
        }
        SealResult sealed = h.recorder.seal(session, new SealRequest(participants, Optional.empty(), attachments)).get(30, TimeUnit.SECONDS);
        byte[] bytes = new byte[RENDITION_BYTES];
        new Random(11).nextBytes(bytes);
        if (realFrames > 0) {
            bytes = SmallMp4.make(work, realFrames);
        }
        long durationMicros = realFrames > 0 ? realFrames * 1_000_000L / 30 : 1_800_000;
        int width = realFrames > 0 ? SmallMp4.WIDTH : 640;
        int height = realFrames > 0 ? SmallMp4.HEIGHT : 480;
        String key = sealed.objectPrefix() + "/renditions/" + contractor.value() + ".mp4";
        put(h.store, key, bytes, "video/mp4", work);
        String entries = rendition(contractor, key, bytes, width, height, durationMicros);
        if (second != null) {
            // the same stand-in bytes: which video plays is what a test of the second phone looks at
            String secondKey = sealed.objectPrefix() + "/renditions/" + second.value() + ".mp4";
            put(h.store, secondKey, bytes, "video/mp4", work);
            entries += "," + rendition(second, secondKey, bytes, width, height, durationMicros);
        }
        String index = "{\"derivedFromManifestSha256\":\"" + sealed.manifestSha256().hex() + "\",\"renditions\":[" + entries + "]}";
        put(h.store, sealed.objectPrefix() + "/renditions/renditions.json", index.getBytes(StandardCharsets.UTF_8), "application/json", work);
        return new RecordedSession(sealed, contractor, bytes, key, still, stillId, inspector, second, startedAbout);
    }

    private static String rendition(ParticipantId who, String key, byte[] bytes, int width, int height, long durationMicros) {
        return "{\"participantId\":\"" + who.value() + "\",\"key\":\"" + key + "\",\"sha256\":\"" + Sha256.digest(bytes).hex()
                + "\",\"size\":" + bytes.length + ",\"container\":\"mp4\",\"width\":" + width + ",\"height\":" + height
                + ",\"videoFrames\":180,\"audioPackets\":90,\"durationMicros\":" + durationMicros + ",\"startWallMicros\":0}";
    }

    static void put(EvidenceStore store, String key, byte[] bytes, String type, Path work) throws Exception {
        Files.createDirectories(work);
        Path f = Files.createTempFile(work, "obj", ".bin");
        Files.write(f, bytes);
        store.put(key, f, Sha256.digest(bytes), PutOptions.of(type));
        Files.delete(f);
    }

    public static RecorderHarness harness(Path base, EvidenceStore store, ContractNo contract) throws Exception {
        return harness(base, store, contract, Optional.empty());
    }

    /** With the time-stamping authority the recorder asks at seal. */
    public static RecorderHarness harness(Path base, EvidenceStore store, ContractNo contract,
                                          Optional<jp.rinjo.media.recording.evidence.TimestampClient> tsa) throws Exception {
        return RecorderHarness.start(base, store, c -> c, tsa, s -> Optional.of(contract));
    }
}
