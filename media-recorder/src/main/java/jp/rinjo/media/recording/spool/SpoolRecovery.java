package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentHeader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentRepair;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.format.SegmentWriter;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FileSync;

/**
 * What a start does with what the previous process left in the spool (it may have been killed):
 * every unfinished segment is completed by {@link SegmentRepair} (intact records kept, an
 * INTERRUPTION saying what was lost) and chained; every track whose chain the previous process did
 * not close (by a seal, or by a repair just now) gets one more segment holding only an INTERRUPTION
 * from its last record to now; everything closed is queued for upload. A chain never continues
 * across processes: a restarted node records republished tracks under new track ids. A session
 * whose seal had spooled its manifest is sealed: that signed manifest is final, so nothing of it is
 * repaired, closed or added, and exactly what the manifest lists is uploaded. A session directory
 * that cannot be recovered (a journal that is empty or cannot be read, a file it cannot repair) is
 * set aside for an operator ({@link SetAside}), and the other sessions are recovered.
 */
final class SpoolRecovery {
    private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);
    static final String CRASH_REASON = "recorder stopped without closing the segment (crash, kill or power loss); completed at restart";

    /**
     * @param repaired          segments completed by repair
     * @param interruptionsAdded interruption-only segments added to close chains
     * @param queued            files queued for upload
     * @param discardedBytes    bytes cut from torn segment tails
     * @param setAside          session directories that could not be recovered, set aside for an operator
     * @param pendingSeals      sessions whose seal had written its manifest but not finished uploading
     */
    record Report(int sessions, int repaired, int interruptionsAdded, int queued, long discardedBytes, int setAside,
                  List<SessionSpool> pendingSeals) {
    }

    private final SpoolLayout layout;
    private final Sessions sessions;
    private final SpoolSpace space;
    private final SpoolUploader uploader;
    private final Predicate<SessionSpool> sealedElsewhere;
    private int repaired;
    private int added;
    private int queued;
    private long discarded;
    private int setAsideDirs;

    /**
     * @param sealedElsewhere whether a session's manifest is already in the evidence store (false when
     *                        that cannot be told): the session moved to another node while this one was
     *                        down, and that node sealed it
     */
    SpoolRecovery(SpoolLayout layout, Sessions sessions, SpoolSpace space, SpoolUploader uploader,
                  Predicate<SessionSpool> sealedElsewhere) {
        this.layout = layout;
        this.sessions = sessions;
        this.space = space;
        this.uploader = uploader;
        this.sealedElsewhere = sealedElsewhere;
    }

    Report run() throws IOException {
        List<SessionSpool> pendingSeals = new ArrayList<>();
        int count = 0;
        for (Path dir : list(layout.root(), Files::isDirectory)) {
            if (SetAside.is(dir)) {
                continue; // left as it is; the start names it with what to do (SetAsideWatch)
            }
            SessionId id;
            try {
                id = SessionId.of(dir.getFileName().toString());
            } catch (RinjoException e) {
                continue; // not a session directory
            }
            if (Files.exists(layout.sealedMarker(id))) {
                Spool.removeOrSetAside(layout, id);
                continue;
            }
            if (!Files.exists(layout.journal(id))) {
                log.warn("spool: {} has no journal (created just before a crash); removing it", dir);
                deleteTree(dir);
                continue;
            }
            boolean sealed = SealFiles.anyIn(dir);
            SessionSpool s = null;
            List<SpooledObject> uploads;
            try {
                s = restore(id);
                if (!sealed && sealedElsewhere.test(s)) {
                    closeQuietly(s);
                    leaveSealedElsewhere(id);
                    continue;
                }
                uploads = sealed ? sealedUploads(s) : recover(s, dir);
            } catch (IOException | RuntimeException e) {
                if (s != null) {
                    closeQuietly(s);
                }
                setAside(id, dir, e);
                continue;
            }
            sessions.add(s);
            count++;
            uploads.forEach(this::enqueue);
            if (sealed) {
                sessions.markSealing(id);
                pendingSeals.add(s);
                log.warn("spool: session {} was sealed before the restart; its manifest is final and is uploaded as it is", id);
            }
        }
        return new Report(count, repaired, added, queued, discarded, setAsideDirs, pendingSeals);
    }

    private SessionSpool restore(SessionId id) throws IOException {
        SessionJournal journal = SessionJournal.open(layout.journal(id));
        try {
            return SessionSpool.restore(id, journal);
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** Completes and closes the session's chains; returns what is to be uploaded. */
    private List<SpooledObject> recover(SessionSpool s, Path dir) throws IOException {
        for (Path trackDir : list(dir.resolve("tracks"), Files::isDirectory)) {
            recoverTrack(s, trackDir);
        }
        List<SpooledObject> uploads = new ArrayList<>();
        for (RecordedSegment seg : s.segments()) {
            Path file = layout.segment(s.id(), seg.trackId(), seg.sequence());
            if (Files.exists(file)) {
                uploads.add(segmentUpload(s, seg, file));
            }
        }
        uploads.addAll(SpoolStills.pending(layout, s, s.stills()));
        return uploads;
    }

    /**
     * A session another node sealed while this one was down: its manifest is final, so nothing of
     * it is repaired, closed or uploaded here (an upload now would be an unlisted segment in a sealed
     * session). What this node had stored is in that seal; what it had not is set aside, not deleted.
     */
    private void leaveSealedElsewhere(SessionId id) {
        if (SealedElsewhere.leave(layout, sessions, id, "while this one was down").isPresent()) {
            setAsideDirs++;
        }
    }

    /**
     * One session directory the start cannot recover must not stop the node (and every other
     * session's recovery): its bytes are kept aside for an operator, and a later seal of the session
     * says so in its manifest.
     */
    private void setAside(SessionId id, Path dir, Exception e) {
        String why = "the recorder could not recover this session directory at start: " + e.getMessage()
                + ". Nothing in it is uploaded or sealed by the node; an operator decides what becomes of it";
        try {
            Path aside = SetAside.move(layout, id, why);
            sessions.noteSetAside(id, aside);
            setAsideDirs++;
            log.error("spool: session {}: {}; it is set aside as {} and the other sessions are recovered", id, why, aside, e);
        } catch (IOException io) {
            log.error("spool: session {}: {}; it cannot even be set aside ({}), so it is left where it is", id, why, io.toString(), e);
        }
    }

    private static void closeQuietly(SessionSpool s) {
        try {
            s.closeJournal();
        } catch (IOException e) {
            log.debug("closing the journal of {}: {}", s.id(), e.toString());
        }
    }

    private void recoverTrack(SessionSpool s, Path trackDir) throws IOException {
        String trackId = trackDir.getFileName().toString();
        RecordedTrack track = s.tracks().stream().filter(t -> t.trackId().equals(trackId)).findFirst().orElse(null);
        List<RecordedSegment> done = s.segments().stream().filter(x -> x.trackId().equals(trackId))
                .sorted(Comparator.comparingLong(RecordedSegment::sequence)).toList();
        RecordedSegment last = done.isEmpty() ? null : done.get(done.size() - 1);
        boolean closedByRepair = false;
        long headerLostAt = Long.MIN_VALUE;
        for (Path part : sortedBySequence(list(trackDir, p -> p.toString().endsWith(SpoolLayout.PART)))) {
            long seq = SpoolLayout.sequenceOf(part);
            Path target = trackDir.resolve(seq + SpoolLayout.SEG);
            if (s.hasSegment(trackId, seq)) {
                // closed and journaled; the crash came before the rename
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                continue;
            }
            try {
                SegmentRepair.Result r = SegmentRepair.complete(part, CRASH_REASON, Clocks.wallMicros(), System.nanoTime());
                RecordedSegment seg = RecordedSegment.of(r.summary());
                checkContinuity(s, last, seg);
                s.addSegment(seg);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                closedByRepair = !r.alreadyComplete();
                if (closedByRepair) {
                    repaired++;
                    discarded += r.discardedBytes();
                    log.warn("spool: session {} track {} segment {} completed after a crash: {} packets kept, {} bytes cut ({})", s.id(),
                            trackId, seq, seg.rtpPackets() + seg.rtcpPackets(), r.discardedBytes(), r.problem());
                }
                last = seg;
            } catch (SegmentFormatException e) {
                log.error("spool: session {} track {}: {} holds no intact header ({}); it is removed and the loss recorded as an interruption",
                        s.id(), trackId, part, e.getMessage());
                headerLostAt = Files.getLastModifiedTime(part).to(java.util.concurrent.TimeUnit.MICROSECONDS);
                Files.delete(part);
                closedByRepair = false;
            }
        }
        FileSync.directory(trackDir);
        if (track == null) {
            log.error("spool: session {}: {} has no track entry in the journal; its files are left for an operator", s.id(), trackDir);
            return;
        }
        boolean open = last != null && !"sealed".equals(last.endReason()) && !SegmentRepair.END_REASON.equals(last.endReason());
        if (!closedByRepair && (open || headerLostAt != Long.MIN_VALUE)) {
            long from = last != null ? last.endWallMicros() : headerLostAt;
            closeWithInterruption(s, track, last, from, trackDir);
        }
    }

    private static void checkContinuity(SessionSpool s, RecordedSegment last, RecordedSegment seg) {
        Sha256 expectedPrevious = last == null ? Sha256.ZERO : last.link();
        long expectedSeq = last == null ? 0 : last.sequence() + 1;
        if (!seg.previousLink().equals(expectedPrevious) || seg.sequence() != expectedSeq) {
            String message = "spool: session " + s.id() + " track " + seg.trackId() + " segment " + seg.sequence()
                    + " does not follow segment " + (expectedSeq - 1) + " in the chain; kept as found (the verifier will report it)";
            log.error(message);
            s.problem(message);
        }
    }

    /** One more segment (the first, if {@code last} is null): only an INTERRUPTION from {@code from} to now. */
    private void closeWithInterruption(SessionSpool s, RecordedTrack track, RecordedSegment last, long from, Path trackDir)
            throws IOException {
        long seq = last == null ? 0 : last.sequence() + 1;
        long now = Clocks.wallMicros();
        long mono = System.nanoTime();
        Path part = trackDir.resolve(seq + SpoolLayout.PART);
        Files.deleteIfExists(part);
        SegmentHeader header = new SegmentHeader(s.id().value(), track.trackId(), track.participant(), track.key(), track.kind(),
                last == null ? track.codec() : last.codec(), seq, last == null ? Sha256.ZERO : last.link(), now, mono,
                last == null ? track.node() : last.node());
        String ended = last == null ? "its first segment was lost before its header reached the disk"
                : "its last segment ended: " + last.endReason();
        SegmentSummary summary = SegmentWriter.interruptionOnly(part, header, new SegmentRecord.Interruption(from, Math.max(now, from),
                "recorder restarted; this track's recording ended with the previous process (" + ended + ")"),
                new SegmentRecord.End(now, mono, SegmentRepair.END_REASON));
        s.addSegment(RecordedSegment.of(summary));
        Files.move(part, trackDir.resolve(seq + SpoolLayout.SEG), StandardCopyOption.ATOMIC_MOVE);
        FileSync.directory(trackDir);
        added++;
        log.warn("spool: session {} track {}: chain closed with an interruption segment {}", s.id(), track.trackId(), seq);
    }

    /**
     * A session sealed before the crash: the segments its manifest lists that are still here (a
     * listed one never renamed is uploaded from its {@code .part}; the store checks its hash against
     * the manifest's), then the seal files. Anything else in its directory is not evidence of this
     * seal: it is named in the log, not uploaded, and kept for an operator when the seal is done.
     */
    private List<SpooledObject> sealedUploads(SessionSpool s) throws IOException {
        List<RecordedSegment> listed = SealFiles.listedSegments(layout.session(s.id())).orElse(s.segments());
        List<SpooledObject> uploads = new ArrayList<>();
        java.util.Set<Path> queuedFiles = new java.util.HashSet<>();
        for (RecordedSegment seg : listed) {
            Path file = layout.segment(s.id(), seg.trackId(), seg.sequence());
            if (!Files.isRegularFile(file)) {
                file = layout.part(s.id(), seg.trackId(), seg.sequence());
            }
            if (Files.isRegularFile(file)) { // else uploaded before the crash
                uploads.add(segmentUpload(s, seg, file));
                queuedFiles.add(file);
            }
        }
        for (Path trackDir : list(layout.session(s.id()).resolve("tracks"), Files::isDirectory)) {
            for (Path f : list(trackDir, Files::isRegularFile)) {
                if (!queuedFiles.contains(f)) {
                    log.error("spool: session {} is sealed, but {} is not in its manifest; it is not uploaded (the seal keeps it for an "
                            + "operator)", s.id(), f);
                }
            }
        }
        // the journal's stills are the manifest's: the seal took the list before signing, and none was journaled after
        uploads.addAll(SpoolStills.pending(layout, s, s.stills()));
        for (SealFiles.Spooled m : SealFiles.spooled(layout, s)) {
            uploads.add(new SpooledObject(s, m.file(), m.key(), m.sha256(), Files.size(m.file()), m.contentType(), null, -1));
        }
        return uploads;
    }

    private SpooledObject segmentUpload(SessionSpool s, RecordedSegment seg, Path file) throws IOException {
        return new SpooledObject(s, file, s.objectPrefix() + "/" + jp.rinjo.media.recording.store.ObjectKeys.segmentPath(seg.trackId(),
                seg.sequence()), seg.sha256(), Files.size(file), jp.rinjo.media.recording.store.PutOptions.SEGMENT_TYPE, seg.trackId(),
                seg.sequence());
    }

    private void enqueue(SpooledObject o) {
        space.add(o.size());
        o.session().uploadQueued();
        uploader.submit(o);
        queued++;
    }

    private static List<Path> sortedBySequence(List<Path> files) {
        return files.stream().sorted(Comparator.comparingLong(SpoolLayout::sequenceOf)).toList();
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).sorted().toList();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
