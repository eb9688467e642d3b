package jp.rinjo.media.recording.rendition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.PutOptions;
import jp.rinjo.media.recording.store.SessionExport;

/**
 * After a session is sealed: one playable rendition per participant who published video or audio,
 * made from all of their tracks (see {@link RenditionMaker}), stored beside the raw segments under
 * {@code renditions/}, and {@code renditions/renditions.json} naming each file's SHA-256, the manifest
 * it was derived from, the tracks it shows and its notes (what it does not show as sent) — so a
 * rendition always points back to the verifiable chain, and is never mistaken for it.
 */
public final class SessionRenditions {
    private static final Logger log = LoggerFactory.getLogger(SessionRenditions.class);

    private SessionRenditions() {
    }

    public record Made(String participantId, String objectKey, Sha256 sha256, long size, RenditionMaker.Result result) {
    }

    public static List<Made> make(EvidenceStore store, String sessionPrefix, Sha256 manifestSha256, Path workDir)
            throws IOException {
        Path folder = Files.createTempDirectory(workDir, "renditions");
        try {
            SessionExport.toFolder(store, sessionPrefix, folder);
            Map<String, ParticipantTracks> byParticipant = tracksByParticipant(folder.resolve("tracks"));
            List<Made> made = new ArrayList<>();
            String prefix = sessionPrefix.endsWith("/") ? sessionPrefix : sessionPrefix + "/";
            for (var e : byParticipant.entrySet()) {
                ParticipantTracks tracks = e.getValue();
                RenditionMaker.Result r = RenditionMaker.render(tracks.video(), tracks.audio(), folder.resolve("out").resolve(e.getKey()));
                Sha256 hash = sha256(r.file());
                String key = prefix + "renditions/" + r.file().getFileName();
                store.put(key, r.file(), hash, PutOptions.of("mp4".equals(r.container()) ? "video/mp4" : "video/webm"));
                made.add(new Made(e.getKey(), key, hash, Files.size(r.file()), r));
                log.info("rendition of {} in {}: {} frames, {} audio packets, {} s, from video tracks {} and audio tracks {}",
                        e.getKey(), sessionPrefix, r.videoFrames(), r.audioPackets(), r.durationMicros() / 1_000_000,
                        r.videoTracks(), r.audioTracks());
                for (String note : r.notes()) {
                    log.warn("rendition of {} in {}: {}", e.getKey(), sessionPrefix, note);
                }
            }
            Path index = folder.resolve("renditions.json");
            Files.writeString(index, index(made, manifestSha256));
            store.put(prefix + "renditions/renditions.json", index, sha256(index), PutOptions.of("application/json"));
            return made;
        } finally {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A participant's tracks of each kind: one per publication (a rejoin or a republish makes a new one). */
    private record ParticipantTracks(List<RecordedTrack> video, List<RecordedTrack> audio) {
    }

    private static Map<String, ParticipantTracks> tracksByParticipant(Path tracks) throws IOException {
        Map<String, ParticipantTracks> out = new TreeMap<>();
        if (!Files.isDirectory(tracks)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(tracks)) {
            for (Path track : dirs.sorted().toList()) {
                List<Path> segments;
                try (Stream<Path> files = Files.list(track)) {
                    segments = files.filter(f -> f.toString().endsWith(".seg"))
                            .sorted(Comparator.comparingLong(SessionRenditions::sequence)).toList();
                }
                if (segments.isEmpty()) {
                    continue;
                }
                SegmentHeader header;
                try (SegmentReader r = SegmentReader.open(segments.get(0))) {
                    header = r.header();
                }
                ParticipantTracks of = out.computeIfAbsent(header.participantId(),
                        k -> new ParticipantTracks(new ArrayList<>(), new ArrayList<>()));
                // all of them: the rendition joins them in the order they were received
                ("video".equals(header.kind()) ? of.video() : of.audio()).add(new RecordedTrack(header.trackId(), segments));
            }
        }
        return out;
    }

    private static long sequence(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String index(List<Made> made, Sha256 manifest) {
        StringBuilder sb = new StringBuilder("{\"derivedFromManifestSha256\":").append(JsonStrings.quote(manifest.hex()))
                .append(",\"note\":").append(JsonStrings.quote("Renditions are remuxed copies for viewing; the evidence "
                        + "is the raw segment chain the manifest lists."))
                .append(",\"renditions\":[");
        for (int i = 0; i < made.size(); i++) {
            Made m = made.get(i);
            RenditionMaker.Result r = m.result();
            sb.append(i == 0 ? "" : ",").append("{\"participantId\":").append(JsonStrings.quote(m.participantId()))
                    .append(",\"key\":").append(JsonStrings.quote(m.objectKey()))
                    .append(",\"sha256\":").append(JsonStrings.quote(m.sha256().hex()))
                    .append(",\"size\":").append(m.size())
                    .append(",\"container\":").append(JsonStrings.quote(r.container()))
                    .append(",\"width\":").append(r.width()).append(",\"height\":").append(r.height())
                    .append(",\"videoFrames\":").append(r.videoFrames()).append(",\"audioPackets\":").append(r.audioPackets())
                    .append(",\"durationMicros\":").append(r.durationMicros())
                    .append(",\"startWallMicros\":").append(r.startWallMicros())
                    .append(",\"videoTracks\":").append(strings(r.videoTracks()))
                    .append(",\"audioTracks\":").append(strings(r.audioTracks()))
                    .append(",\"notes\":").append(strings(r.notes())).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(JsonStrings.quote(values.get(i)));
        }
        return sb.append(']').toString();
    }

    private static Sha256 sha256(Path file) throws IOException {
        java.security.MessageDigest d = Sha256.newDigest();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
        }
        return Sha256.of(d.digest());
    }
}
