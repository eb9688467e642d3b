package jp.rinjo.media.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * The tracks of a session as the evidence store holds them, each segment read and chained as the
 * verifier would. Used to seal what a node that is gone left in the store: by {@link StoreSealer}
 * for a whole session, and by {@link EvidenceRecorder} for the part of a session recorded by another
 * node before the session moved to this one.
 */
final class StoredChains {
    private static final Pattern SEGMENT_KEY = Pattern.compile("/tracks/([^/]+)/(\\d{1,18})\\.seg$"); // longer numbers are not ours: ignored, never a crash

    /** A segment that cannot be part of the session's evidence as it stands; the message says why, for an operator. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** One track's chain as stored: its segments in sequence order (never empty). */
    record Chain(RecordedTrack track, List<RecordedSegment> segments) {
        RecordedSegment last() {
            return segments.get(segments.size() - 1);
        }

        /** Whether its last segment closed the chain by design (a seal, or recovery after a crash or a loss). */
        boolean closed() {
            return closes(last().endReason());
        }
    }

    /**
     * @param problems a segment that does not follow its predecessor, said as the manifest should say it
     *                 (kept as found: the verifier reports it too)
     */
    record Found(List<Chain> chains, List<String> problems) {
    }

    private StoredChains() {
    }

    /** The store's segment keys under {@code prefix}, by track id, then sequence. */
    static Map<String, TreeMap<Long, String>> segmentKeys(List<StoredObject> objects, String prefix) {
        Map<String, TreeMap<Long, String>> keys = new TreeMap<>();
        for (StoredObject o : objects) {
            Matcher m = SEGMENT_KEY.matcher(o.key());
            if (o.key().startsWith(prefix + "/tracks/") && m.find()) {
                keys.computeIfAbsent(m.group(1), t -> new TreeMap<>()).put(Long.parseLong(m.group(2)), o.key());
            }
        }
        return keys;
    }

    /**
     * Reads the chains of the tracks {@code wanted} among {@code segmentKeys}.
     *
     * @throws Unusable when a segment is not complete or names another session or track than its key
     */
    static Found read(EvidenceStore store, SessionId session, Map<String, TreeMap<Long, String>> segmentKeys,
                      Predicate<String> wanted) throws IOException, Unusable {
        List<Chain> chains = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, String>> track : segmentKeys.entrySet()) {
            if (!wanted.test(track.getKey())) {
                continue;
            }
            List<RecordedSegment> segments = new ArrayList<>();
            RecordedSegment previous = null;
            SegmentHeader first = null;
            for (String key : track.getValue().values()) {
                SegmentSummary summary = readSegment(store, key);
                RecordedSegment seg = RecordedSegment.of(summary);
                if (!summary.header().sessionId().equals(session.value()) || !seg.trackId().equals(track.getKey())) {
                    throw new Unusable(key + " belongs to session " + summary.header().sessionId() + " track " + seg.trackId()
                            + ", not to the one its key names: the store was tampered with; verify it before sealing anything");
                }
                continuity(previous, seg).ifPresent(problems::add);
                if (first == null) {
                    first = summary.header();
                }
                segments.add(seg);
                previous = seg;
            }
            chains.add(new Chain(new RecordedTrack(first.trackId(), first.participantId(), first.trackKey(), first.kind(), first.codec(),
                    first.writerNodeId()), List.copyOf(segments)));
        }
        return new Found(List.copyOf(chains), List.copyOf(problems));
    }

    /**
     * The tracks {@code wanted} among {@code segmentKeys} whose last stored segment does not close
     * the chain (see {@link Chain#closed()}): the node that writes them may still add to them. Reads
     * only each track's last segment.
     */
    static List<String> openTracks(EvidenceStore store, Map<String, TreeMap<Long, String>> segmentKeys, Predicate<String> wanted)
            throws IOException, Unusable {
        List<String> open = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, String>> track : segmentKeys.entrySet()) {
            if (wanted.test(track.getKey())) {
                String reason = RecordedSegment.of(readSegment(store, track.getValue().lastEntry().getValue())).endReason();
                if (!closes(reason)) {
                    open.add(track.getKey());
                }
            }
        }
        return open;
    }

    private static boolean closes(String endReason) {
        return "sealed".equals(endReason) || SegmentRepair.END_REASON.equals(endReason);
    }

    private static SegmentSummary readSegment(EvidenceStore store, String key) throws IOException, Unusable {
        try (InputStream in = store.open(key); SegmentReader reader = new SegmentReader(in)) {
            return reader.readToEnd();
        } catch (SegmentFormatException e) {
            throw new Unusable(key + " is not a complete segment (" + e.getMessage() + "); verify the session before sealing it");
        }
    }

    private static java.util.Optional<String> continuity(RecordedSegment previous, RecordedSegment seg) {
        Sha256 expectedLink = previous == null ? Sha256.ZERO : previous.link();
        long expectedSeq = previous == null ? 0 : previous.sequence() + 1;
        if (seg.sequence() != expectedSeq || !seg.previousLink().equals(expectedLink)) {
            return java.util.Optional.of("track " + seg.trackId() + ": segment " + seg.sequence() + " does not follow segment "
                    + (expectedSeq - 1) + " in the store (missing or out of chain)");
        }
        return java.util.Optional.empty();
    }
}
