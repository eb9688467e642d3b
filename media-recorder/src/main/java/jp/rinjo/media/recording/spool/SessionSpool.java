package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.evidence.EvidenceJson;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.evidence.RecordedTrack;

/**
 * One session's recording as the spool knows it: its object prefix, its tracks and closed segments
 * (mirrored in its journal), and how many of its objects still wait for upload. Thread-safe: the
 * writer, finisher, uploader and seal threads all use it.
 */
public final class SessionSpool {
    private final SessionId id;
    private final String objectPrefix;
    private final long createdWallMicros;
    private final SessionJournal journal;
    private final Map<String, RecordedTrack> tracks = new LinkedHashMap<>();
    private final List<RecordedSegment> segments = new ArrayList<>();
    private final java.util.Set<String> segmentKeys = new java.util.HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<jp.rinjo.media.recording.evidence.RecordedStill> stills = new ArrayList<>();
    /** The seal has taken the list of stills for the manifest: a still now would not be in it. */
    private boolean stillsClosed;
    private int pendingUploads;
    private CompletableFuture<Void> uploadsDone;
    /** Tracks whose recording failed and that have stored no segment since (in the finisher's order). */
    private final java.util.Set<String> failingTracks = new java.util.HashSet<>();
    /**
     * {@link SpoolSpace#timesFull()} when 記録中 was last announced for the session; -1 when it has not
     * been since this process started (a restart announces it anew) or since the session's last failure.
     */
    private long recordingAnnouncedAt = -1;
    /** Another node sealed the session (its manifest is in the store): nothing more of it is uploaded from here. */
    private volatile boolean sealedElsewhere;

    private SessionSpool(SessionId id, String objectPrefix, long createdWallMicros, SessionJournal journal) {
        this.id = id;
        this.objectPrefix = objectPrefix;
        this.createdWallMicros = createdWallMicros;
        this.journal = journal;
    }

    /** A new session: its directory and the journal's first line. */
    static SessionSpool create(SpoolLayout layout, SessionId id, String objectPrefix, String node, long nowWallMicros)
            throws IOException {
        Files.createDirectories(layout.session(id));
        SessionJournal journal = SessionJournal.open(layout.journal(id));
        if (!journal.entries().isEmpty()) {
            return restore(id, journal);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "session");
        line.put("session", id.value());
        line.put("objectPrefix", objectPrefix);
        line.put("node", node);
        line.put("createdWallMicros", nowWallMicros);
        journal.append(line);
        return new SessionSpool(id, objectPrefix, nowWallMicros, journal);
    }

    /** A session found in the spool at start: everything its journal says. */
    static SessionSpool restore(SessionId id, SessionJournal journal) throws IOException {
        List<JsonNode> lines = journal.entries();
        if (lines.isEmpty() || !"session".equals(lines.get(0).path("type").asText())) {
            throw new IOException("journal " + journal.file() + " does not start with a session line");
        }
        JsonNode first = lines.get(0);
        SessionSpool s = new SessionSpool(id, EvidenceJson.text(first, "objectPrefix"), EvidenceJson.number(first, "createdWallMicros"),
                journal);
        for (JsonNode line : lines.subList(1, lines.size())) {
            switch (line.path("type").asText()) {
                case "track" -> {
                    RecordedTrack t = EvidenceJson.track(line);
                    s.tracks.put(t.trackId(), t);
                }
                case "segment" -> {
                    RecordedSegment seg = EvidenceJson.segment(line);
                    s.segments.add(seg);
                    s.segmentKeys.add(seg.trackId() + "/" + seg.sequence());
                }
                case "still" -> s.stills.add(jp.rinjo.media.recording.evidence.RecordedStill.of(line));
                default -> { } // later revisions may add line types
            }
        }
        return s;
    }

    public SessionId id() {
        return id;
    }

    public String objectPrefix() {
        return objectPrefix;
    }

    public long createdWallMicros() {
        return createdWallMicros;
    }

    public synchronized List<RecordedTrack> tracks() {
        return List.copyOf(tracks.values());
    }

    public synchronized List<RecordedSegment> segments() {
        return List.copyOf(segments);
    }

    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public synchronized List<jp.rinjo.media.recording.evidence.RecordedStill> stills() {
        return List.copyOf(stills);
    }

    /**
     * Journals a still whose file is in the spool and queues its upload, unless the seal has already taken
     * the list of stills.
     *
     * @return false when the seal has (the still is not part of this session's evidence)
     */
    synchronized boolean addStill(jp.rinjo.media.recording.evidence.RecordedStill still, Runnable queueUpload) throws IOException {
        if (stillsClosed) {
            return false;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "still");
        line.putAll(still.json());
        journal.append(line);
        stills.add(still);
        // queued before the seal can take the list: its upload then comes before the manifest's, as a segment's does
        queueUpload.run();
        return true;
    }

    /** The stills for the manifest; none is added after this. */
    public synchronized List<jp.rinjo.media.recording.evidence.RecordedStill> closeStills() {
        stillsClosed = true;
        return List.copyOf(stills);
    }

    synchronized void problem(String message) {
        problems.add(message);
    }

    synchronized boolean hasTrack(String trackId) {
        return tracks.containsKey(trackId);
    }

    synchronized boolean hasSegment(String trackId, long sequence) {
        return segmentKeys.contains(trackId + "/" + sequence);
    }

    void addTrack(RecordedTrack t) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "track");
        line.putAll(EvidenceJson.track(t));
        journal.append(line);
        synchronized (this) {
            tracks.put(t.trackId(), t);
        }
    }

    void addSegment(RecordedSegment s) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "segment");
        line.putAll(EvidenceJson.segment(s));
        journal.append(line);
        synchronized (this) {
            segments.add(s);
            segmentKeys.add(s.trackId() + "/" + s.sequence());
        }
    }

    /** A track's recording failed (a write, a repair, making a segment durable): 記録中 no longer holds. */
    synchronized void trackFailed(String trackId) {
        failingTracks.add(trackId);
        recordingAnnouncedAt = -1;
    }

    /**
     * A segment of the track is durably stored, so that track records again if it had failed.
     *
     * @param spoolHasRoom whether new segments can be written now
     * @param timesFull    {@link SpoolSpace#timesFull()} now
     * @return true when 記録中 is to be announced now: the spool has room, none of the session's
     *         tracks is failing, and it was not announced since this start, the last failure, or
     *         the spool last filled
     */
    synchronized boolean segmentStored(String trackId, boolean spoolHasRoom, long timesFull) {
        failingTracks.remove(trackId);
        if (!spoolHasRoom || !failingTracks.isEmpty() || recordingAnnouncedAt == timesFull) {
            return false;
        }
        recordingAnnouncedAt = timesFull;
        return true;
    }

    synchronized void uploadQueued() {
        pendingUploads++;
    }

    synchronized void uploadFinished() {
        pendingUploads--;
        if (pendingUploads == 0 && uploadsDone != null) {
            uploadsDone.complete(null);
            uploadsDone = null;
        }
    }

    /** Completes once nothing of this session waits for upload. */
    synchronized CompletableFuture<Void> uploadsDone() {
        if (pendingUploads == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (uploadsDone == null) {
            uploadsDone = new CompletableFuture<>();
        }
        return uploadsDone;
    }

    synchronized int pendingUploads() {
        return pendingUploads;
    }

    boolean sealedElsewhere() {
        return sealedElsewhere;
    }

    void markSealedElsewhere() {
        sealedElsewhere = true;
    }

    void closeJournal() throws IOException {
        journal.close();
    }
}
