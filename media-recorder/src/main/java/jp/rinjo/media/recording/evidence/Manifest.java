package jp.rinjo.media.recording.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jp.rinjo.media.recording.format.SegmentFormat;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * Builds the session manifest (EVIDENCE.md): the inspection it records, participants, tracks and codecs, every segment with
 * its path, size, SHA-256, chain link and time range, gaps and interruptions, clock status, chain
 * head, the signing key — as canonical JSON, the exact bytes that are signed and time-stamped.
 */
public final class Manifest {
    public static final String FORMAT = "rinjo-evidence-manifest/1";
    static final List<String> ATTACHMENTS = List.of("annotations", "markers", "stills", "checklist");

    private Manifest() {
    }

    public static byte[] build(ManifestInput in) {
        return CanonicalJson.bytes(tree(in));
    }

    static Map<String, Object> tree(ManifestInput in) {
        Map<String, List<RecordedSegment>> byTrack = new TreeMap<>();
        in.segments().stream().sorted(Comparator.comparing(RecordedSegment::trackId).thenComparingLong(RecordedSegment::sequence))
                .forEach(s -> byTrack.computeIfAbsent(s.trackId(), k -> new ArrayList<>()).add(s));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("segmentFormatVersion", (long) SegmentFormat.VERSION);
        m.put("session", Map.of("id", in.sessionId(), "objectPrefix", in.objectPrefix(), "createdWallMicros", in.createdWallMicros(),
                "createdUtc", utc(in.createdWallMicros())));
        m.put("inspection", in.inspection().map(InspectionInfo::json).orElse(null));
        m.put("sealedAt", Map.of("wallMicros", in.sealedWallMicros(), "utc", utc(in.sealedWallMicros())));
        m.put("participants", participants(in));
        Map<String, Sha256> heads = new TreeMap<>();
        List<Object> tracks = new ArrayList<>();
        long maxStep = 0;
        for (RecordedTrack t : in.tracks().stream().sorted(Comparator.comparing(RecordedTrack::trackId)).toList()) {
            List<RecordedSegment> segs = byTrack.getOrDefault(t.trackId(), List.of());
            Map<String, Object> tm = new LinkedHashMap<>(EvidenceJson.track(t));
            Sha256 head = segs.isEmpty() ? Sha256.ZERO : segs.get(segs.size() - 1).link();
            heads.put(t.trackId(), head);
            long step = clockStep(segs);
            maxStep = Math.max(maxStep, step);
            tm.put("segments", (long) segs.size());
            tm.put("chainHead", head.hex());
            tm.put("firstWallMicros", segs.isEmpty() ? 0L : segs.get(0).startWallMicros());
            tm.put("lastWallMicros", segs.isEmpty() ? 0L : segs.get(segs.size() - 1).endWallMicros());
            tm.put("rtpPackets", segs.stream().mapToLong(RecordedSegment::rtpPackets).sum());
            tm.put("rtcpPackets", segs.stream().mapToLong(RecordedSegment::rtcpPackets).sum());
            tm.put("packetBytes", segs.stream().mapToLong(RecordedSegment::packetBytes).sum());
            tm.put("wallClockStepMaxMicros", step);
            tracks.add(tm);
        }
        m.put("tracks", tracks);
        List<Object> segments = new ArrayList<>();
        byTrack.values().forEach(list -> list.forEach(s -> {
            Map<String, Object> sm = new LinkedHashMap<>(EvidenceJson.segment(s));
            sm.put("path", ObjectKeys.segmentPath(s.trackId(), s.sequence()));
            segments.add(sm);
        }));
        m.put("segments", segments);
        m.put("gaps", gaps(in.segments()));
        m.put("clock", clock(maxStep));
        m.put("chain", Map.of("algorithm", "SHA-256", "head", ChainHead.session(heads).hex(), "tracks", (long) heads.size()));
        m.put("signature", Map.of("algorithm", "Ed25519", "publicKey", Base64.getEncoder().encodeToString(in.signerPublicKeySpki()),
                "keyId", DeploymentKey.keyIdOf(in.signerPublicKeySpki())));
        m.put("timestamp", in.timestampAuthority().<Object>map(u -> Map.of("authority", u.toString(), "imprint", "SHA-256 of manifest.json"))
                .orElse(null));
        m.put("problems", in.problems());
        for (String a : ATTACHMENTS) {
            m.put(a, in.attachments().getOrDefault(a, List.of()));
        }
        m.put("recorder", Map.of("software", "rinjo-media-recorder", "version", version()));
        return m;
    }

    /**
     * The manifest's {@code gaps}: every GAP, then every INTERRUPTION record of each segment, by track
     * then sequence; what the verifier expects the signed list to be, from the segments.
     */
    public static List<Object> gaps(List<RecordedSegment> segments) {
        List<Object> gaps = new ArrayList<>();
        segments.stream().sorted(Comparator.comparing(RecordedSegment::trackId).thenComparingLong(RecordedSegment::sequence)).forEach(s -> {
            for (SegmentRecord.Gap g : s.gaps()) {
                Map<String, Object> gm = new LinkedHashMap<>(EvidenceJson.gap(g));
                gm.put("type", "gap");
                gm.put("track", s.trackId());
                gm.put("sequence", s.sequence());
                gaps.add(gm);
            }
            for (SegmentRecord.Interruption i : s.interruptions()) {
                Map<String, Object> im = new LinkedHashMap<>(EvidenceJson.interruption(i));
                im.put("type", "interruption");
                im.put("track", s.trackId());
                im.put("sequence", s.sequence());
                gaps.add(im);
            }
        });
        return gaps;
    }

    private static List<Object> participants(ManifestInput in) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (ParticipantInfo p : in.participants()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("displayName", p.displayName());
            pm.put("role", p.role());
            byId.put(p.id(), pm);
        }
        for (RecordedTrack t : in.tracks()) {
            byId.computeIfAbsent(t.participant(), id -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("id", id);
                pm.put("displayName", null);
                pm.put("role", null);
                return pm;
            });
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * The largest change, between consecutive segments of a track, of (wall − monotonic): how far the
     * wall clock was stepped or slewed against the monotonic clock while recording.
     */
    static long clockStep(List<RecordedSegment> segs) {
        long max = 0;
        for (int i = 1; i < segs.size(); i++) {
            max = Math.max(max, Math.abs(segs.get(i).wallMonoOffsetMicros() - segs.get(i - 1).wallMonoOffsetMicros()));
        }
        return max;
    }

    private static Map<String, Object> clock(long maxStep) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("source", "receive times from the media node's wall clock (Instant.now, µs) and monotonic clock (System.nanoTime)");
        c.put("osTimeSync", Files.exists(Path.of("/run/systemd/timesync/synchronized")) ? "systemd-timesyncd reports synchronized"
                : "not reported by the operating system");
        c.put("wallClockStepMaxMicros", maxStep);
        c.put("note", "wallClockStepMaxMicros is the largest change of (wall - monotonic) between consecutive segments of a track; "
                + "near 0 means the wall clock ran steadily while recording");
        return c;
    }

    static String utc(long wallMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(wallMicros, 1_000_000L), Math.floorMod(wallMicros, 1_000_000L) * 1000L).toString();
    }

    private static String version() {
        String v = Manifest.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
