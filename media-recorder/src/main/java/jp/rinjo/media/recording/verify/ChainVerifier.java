package jp.rinjo.media.recording.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import jp.rinjo.common.id.TrackId;
import jp.rinjo.media.recording.evidence.ChainHead;
import jp.rinjo.media.recording.evidence.NothingReceived;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.verify.Finding.Code;

/**
 * Checks every segment the manifest lists against the files: present, same SHA-256, well formed,
 * its header naming the right session, track, number and predecessor, its recomputed chain link
 * equal to the manifest's, and what the manifest says of it equal to what it holds; then each
 * track's chain head and the session's. Names swapped and replaced segments as such.
 */
final class ChainVerifier {
    private final Path folder;
    private final String sessionId;
    private final Findings findings;
    private final Map<String, RecordedTrack> tracks = new HashMap<>();
    private int verified;

    ChainVerifier(Path folder, String sessionId, Findings findings) {
        this.folder = folder;
        this.sessionId = sessionId;
        this.findings = findings;
    }

    int verified() {
        return verified;
    }

    /** @return the session chain head recomputed from the files (manifest links where a file is unusable) */
    Sha256 verify(List<RecordedTrack> tracks, List<RecordedSegment> listed, Map<String, Sha256> statedTrackHeads) throws IOException {
        Map<String, List<RecordedSegment>> byTrack = new TreeMap<>();
        tracks.forEach(t -> byTrack.put(t.trackId(), new ArrayList<>()));
        tracks.forEach(t -> this.tracks.put(t.trackId(), t));
        for (RecordedSegment s : listed) {
            if (!byTrack.containsKey(s.trackId())) {
                findings.error(Code.SEGMENT_TRACK_UNLISTED, "manifest.json", "segment " + s.sequence() + " belongs to track "
                        + Messages.printable(s.trackId()) + ", which the manifest does not list", Finding.params("track", s.trackId(),
                        "sequence", s.sequence()));
                byTrack.put(s.trackId(), new ArrayList<>());
            }
            byTrack.get(s.trackId()).add(s);
        }
        Map<Sha256, RecordedSegment> bySha = new HashMap<>();
        listed.forEach(s -> bySha.put(s.sha256(), s));
        Map<String, Sha256> heads = new TreeMap<>();
        Map<String, RecordedSegment> holdsOther = new LinkedHashMap<>();
        for (Map.Entry<String, List<RecordedSegment>> e : byTrack.entrySet()) {
            List<RecordedSegment> segs = e.getValue();
            segs.sort(Comparator.comparingLong(RecordedSegment::sequence));
            if (!isTrackId(e.getKey())) {
                // a path, not an id: nothing is read for it, so a forged manifest cannot point outside the folder
                findings.error(Code.TRACK_ID_INVALID, "manifest.json", "track id " + Messages.printable(e.getKey()) + " is not a track id (trk_ "
                        + "and 20 letters or digits): its " + segs.size() + " segments were not read", Finding.params("track",
                        Messages.printable(e.getKey()), "segments", segs.size()));
                heads.put(e.getKey(), segs.isEmpty() ? Sha256.ZERO : segs.get(segs.size() - 1).link());
                continue;
            }
            heads.put(e.getKey(), verifyTrack(e.getKey(), segs, bySha, holdsOther));
            Sha256 stated = statedTrackHeads.get(e.getKey());
            if (stated != null && !stated.equals(heads.get(e.getKey()))) {
                findings.error(Code.TRACK_HEAD_MISMATCH, "chain", "track " + e.getKey() + ": the manifest states chain head " + stated
                        + ", the segments give " + heads.get(e.getKey()), track(e.getKey()));
            }
        }
        reportMisplaced(holdsOther);
        reportUnlisted(listed);
        return ChainHead.session(heads);
    }

    /** The ids the recorder writes ({@link TrackId}); only these become paths in the folder. */
    static boolean isTrackId(String trackId) {
        try {
            TrackId.of(trackId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Sha256 verifyTrack(String trackId, List<RecordedSegment> segs, Map<Sha256, RecordedSegment> bySha,
                               Map<String, RecordedSegment> holdsOther) throws IOException {
        Sha256 previous = Sha256.ZERO;
        for (int i = 0; i < segs.size(); i++) {
            RecordedSegment expected = segs.get(i);
            if (i > 0) {
                reportNothingReceived(segs.get(i - 1), expected);
            }
            if (expected.sequence() != i) {
                findings.error(Code.SEGMENTS_NOT_LISTED, "manifest.json", "track " + trackId + ": the manifest lists segment " + expected.sequence()
                        + " where segment " + i + " belongs (segments " + i + "…" + (expected.sequence() - 1) + " are not listed)",
                        with(track(trackId), "first", i, "last", expected.sequence() - 1));
            }
            String path = ObjectKeys.segmentPath(trackId, expected.sequence());
            Path file = folder.resolve(path);
            if (!Files.isRegularFile(file)) {
                findings.error(Code.SEGMENT_MISSING, path, "track " + trackId + ": segment " + expected.sequence() + " missing (" + path + ")",
                        segment(expected));
            } else {
                checkSegment(path, file, expected, previous, bySha, holdsOther);
            }
            // the chain goes on from the manifest's link, so one bad file is reported once, not again for its successors
            previous = expected.link();
        }
        return previous;
    }

    private void checkSegment(String path, Path file, RecordedSegment expected, Sha256 previous, Map<Sha256, RecordedSegment> bySha,
                              Map<String, RecordedSegment> holdsOther) throws IOException {
        SegmentCheck c = SegmentCheck.of(file);
        if (!c.sha256().equals(expected.sha256())) {
            RecordedSegment other = bySha.get(c.sha256());
            if (other != null) {
                holdsOther.put(path, other);
                return;
            }
            String what;
            Code code;
            if (!c.wellFormed()) {
                what = "the file is damaged (" + c.problem() + ")";
                code = Code.SEGMENT_DAMAGED;
            } else {
                SegmentHeader h = c.summary().header();
                what = "the file is a well-formed segment (track " + h.trackId() + ", segment " + h.sequence()
                        + ") with other content: it was replaced";
                code = Code.SEGMENT_REPLACED;
            }
            findings.error(code, path, "segment " + path + ": SHA-256 mismatch (expected " + expected.sha256() + ", found " + c.sha256() + "); "
                    + what, segment(expected));
            return;
        }
        if (!c.wellFormed()) {
            findings.error(Code.SEGMENT_UNREADABLE, path, "segment " + path + " matches its SHA-256 but does not read as a segment: " + c.problem(),
                    segment(expected));
            return;
        }
        SegmentHeader h = c.summary().header();
        if (expected.sequence() == 0 && tracks.containsKey(expected.trackId())) {
            checkTrackEntry(tracks.get(expected.trackId()), h);
        }
        List<String> wrong = new ArrayList<>();
        if (!h.sessionId().equals(sessionId)) {
            wrong.add("its header names session " + h.sessionId());
        }
        if (!h.trackId().equals(expected.trackId()) || h.sequence() != expected.sequence()) {
            wrong.add("its header says track " + h.trackId() + " segment " + h.sequence());
        }
        if (!h.previousLink().equals(previous)) {
            wrong.add("its previous link " + h.previousLink().shortHex() + "… is not the link of the segment before (" + previous.shortHex() + "…)");
        }
        RecordedSegment actual = RecordedSegment.of(c.summary());
        if (!actual.link().equals(expected.link())) {
            wrong.add("its chain link computes to " + actual.link() + ", the manifest states " + expected.link());
        }
        if (!actual.equals(expected)) {
            wrong.add("the manifest's entry for it differs from what it holds");
        }
        if (!wrong.isEmpty()) {
            findings.error(Code.SEGMENT_CHAIN_BROKEN, path, "segment " + path + ": " + String.join("; ", wrong), segment(expected));
            return;
        }
        verified++;
        for (SegmentRecord.Gap g : actual.gaps()) {
            findings.info(Code.GAP, path, "GAP " + span(g.fromWallMicros(), g.toWallMicros()) + ": " + g.packetsLost()
                    + " packets received but not recorded (" + g.reason() + ")", with(track(expected.trackId()), "fromMicros",
                    g.fromWallMicros(), "toMicros", g.toWallMicros(), "packets", g.packetsLost(), "reason", g.reason()));
        }
        for (SegmentRecord.Interruption i : actual.interruptions()) {
            findings.info(Code.INTERRUPTION, path, "INTERRUPTION " + span(i.fromWallMicros(), i.toWallMicros()) + ": " + i.reason(),
                    with(track(expected.trackId()), "fromMicros", i.fromWallMicros(), "toMicros", i.toWallMicros(), "reason", i.reason()));
        }
    }

    /**
     * The time between two consecutive segments of a track, when longer than the archive's timeline
     * joins ({@link NothingReceived}): evidence of what is missing, like a GAP. An INTERRUPTION record
     * spanning it already says so, and why. Times are the manifest's, which the files are checked
     * against. A stretch without packets inside a segment is not looked for: the writer closes a
     * segment when its time is up, so such a stretch is at most a segment long (about 2 s), and the
     * manifest, which the timeline is drawn from, holds no packet times; the span reported starts at
     * the close of the segment before, whose last packet may have come up to that much earlier.
     */
    private void reportNothingReceived(RecordedSegment before, RecordedSegment after) {
        long from = before.endWallMicros();
        long to = after.startWallMicros();
        if (!NothingReceived.between(from, to)) {
            return;
        }
        // What a GAP (received, not recorded: spool full, a write failure) or an INTERRUPTION record of
        // either segment covers is said by that record; only what no record covers was not received.
        List<long[]> said = new ArrayList<>();
        for (RecordedSegment s : List.of(before, after)) {
            s.gaps().forEach(g -> said.add(new long[] {g.fromWallMicros(), g.toWallMicros()}));
            s.interruptions().forEach(i -> said.add(new long[] {i.fromWallMicros(), i.toWallMicros()}));
        }
        said.sort(java.util.Comparator.comparingLong(r -> r[0]));
        long at = from;
        for (long[] r : said) {
            if (r[0] > at) {
                reportHole(after, at, Math.min(r[0], to));
            }
            at = Math.max(at, r[1]);
            if (at >= to) {
                return;
            }
        }
        reportHole(after, at, to);
    }

    private void reportHole(RecordedSegment after, long from, long to) {
        if (NothingReceived.between(from, to)) {
            findings.info(Code.NOTHING_RECEIVED, ObjectKeys.segmentPath(after.trackId(), after.sequence()), "NOTHING RECEIVED "
                    + span(from, to) + " (" + Messages.duration(to - from) + ")", with(track(after.trackId()), "fromMicros", from,
                    "toMicros", to, "duration", Messages.duration(to - from), "durationMicros", to - from));
        }
    }

    /**
     * A track entry says whose video or voice the track is; its first segment's header says the same
     * (participant, kind, key, codec, writer node), and only the header is in the chain.
     */
    private void checkTrackEntry(RecordedTrack t, SegmentHeader first) {
        List<String> differ = new ArrayList<>();
        differs(differ, "participant", t.participant(), first.participantId());
        differs(differ, "kind", t.kind(), first.kind());
        differs(differ, "key", t.key(), first.trackKey());
        differs(differ, "codec", t.codec().toString(), first.codec().toString());
        differs(differ, "node", t.node(), first.writerNodeId());
        if (!differ.isEmpty()) {
            findings.error(Code.TRACK_ENTRY_DIFFERS, "manifest.json", "track " + t.trackId() + ": " + String.join("; ", differ), track(t.trackId()));
        }
    }

    private static void differs(List<String> differ, String field, String manifest, String header) {
        if (!manifest.equals(header)) {
            differ.add("the manifest says " + field + " " + Messages.printable(manifest) + ", its segment 0 says " + Messages.printable(header));
        }
    }

    /** Files holding another listed segment's bytes: pairs are swaps, the rest misplaced. */
    private void reportMisplaced(Map<String, RecordedSegment> holdsOther) {
        Set<String> reported = new TreeSet<>();
        for (Map.Entry<String, RecordedSegment> e : holdsOther.entrySet()) {
            if (reported.contains(e.getKey())) {
                continue;
            }
            RecordedSegment other = e.getValue();
            String otherPath = ObjectKeys.segmentPath(other.trackId(), other.sequence());
            RecordedSegment back = holdsOther.get(otherPath);
            long here = Messages.sequenceOf(e.getKey());
            if (back != null && ObjectKeys.segmentPath(back.trackId(), back.sequence()).equals(e.getKey())) {
                findings.error(Code.SEGMENTS_SWAPPED, e.getKey(), "track " + other.trackId() + ": segments " + Math.min(here, other.sequence())
                        + " and " + Math.max(here, other.sequence()) + " swapped (" + e.getKey() + " holds segment " + other.sequence() + " and "
                        + otherPath + " holds segment " + here + ")", with(track(other.trackId()), "first", Math.min(here, other.sequence()),
                        "second", Math.max(here, other.sequence())));
                reported.add(otherPath);
            } else {
                findings.error(Code.SEGMENT_MISPLACED, e.getKey(), "segment " + e.getKey() + " holds the content of segment " + other.sequence()
                        + " of track " + other.trackId() + " (segments reordered)", with(track(other.trackId()), "sequence", here, "holds",
                        other.sequence(), "path", e.getKey()));
            }
            reported.add(e.getKey());
        }
    }

    private void reportUnlisted(List<RecordedSegment> listed) throws IOException {
        Path tracks = folder.resolve("tracks");
        if (!Files.isDirectory(tracks)) {
            return;
        }
        Set<String> paths = new TreeSet<>();
        listed.forEach(s -> paths.add(ObjectKeys.segmentPath(s.trackId(), s.sequence())));
        try (Stream<Path> files = Files.walk(tracks)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (rel.endsWith(".seg") && !paths.contains(rel)) {
                    findings.error(Code.SEGMENT_UNLISTED, rel, "segment " + rel + " is not listed in the manifest", Finding.params("path", rel));
                }
            }
        }
    }

    /** Whose track it is, for a page to name: the track id, and the participant and kind its manifest entry gives. */
    private Map<String, String> track(String trackId) {
        RecordedTrack t = tracks.get(trackId);
        return Finding.params("track", trackId, "participant", t == null ? null : t.participant(), "kind", t == null ? null : t.kind());
    }

    /** The segment as its manifest entry lists it: its track, number, file and the wall-clock time it covers. */
    private Map<String, String> segment(RecordedSegment s) {
        return with(track(s.trackId()), "sequence", s.sequence(), "path", ObjectKeys.segmentPath(s.trackId(), s.sequence()),
                "fromMicros", s.startWallMicros(), "toMicros", s.endWallMicros());
    }

    private static Map<String, String> with(Map<String, String> params, Object... more) {
        Map<String, String> all = new TreeMap<>(params);
        all.putAll(Finding.params(more));
        return all;
    }

    static String span(long fromMicros, long toMicros) {
        return Messages.jst(fromMicros) + " – " + Messages.jst(toMicros);
    }
}
