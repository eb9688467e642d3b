package jp.rinjo.archive.service;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RenditionEntry;

/**
 * One evidence copy of one participant's rendition: queued behind other copies (re-encoding is
 * CPU-heavy, one at a time), encoded to a file in the work folder, then downloadable by its owner
 * until the job is forgotten.
 */
public final class EvidenceCopyJob {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd-HHmm").withZone(ZoneId.of("Asia/Tokyo"));

    public enum State {
        /** waiting for the encoder (another copy is being made) */
        QUEUED,
        /** being encoded */
        RUNNING,
        /** the file is ready to download */
        DONE,
        /** the store or the encoder failed; {@link #error()} says why */
        FAILED
    }

    private final String id;
    private final String ownerId;
    private final RecordingEntry entry;
    private final RenditionEntry rendition;
    private final Path folder;
    private final Instant createdAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private final AtomicInteger percent = new AtomicInteger();
    private volatile int frames;
    private volatile String error;
    private volatile Instant finishedAt;
    private volatile String sha256;
    private volatile Future<?> task;

    EvidenceCopyJob(String id, String ownerId, RecordingEntry entry, RenditionEntry rendition, Path folder, Instant createdAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.entry = entry;
        this.rendition = rendition;
        this.folder = folder;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    String ownerId() {
        return ownerId;
    }

    public RecordingEntry entry() {
        return entry;
    }

    public RenditionEntry rendition() {
        return rendition;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When the copy was made or failed; null before. */
    public Instant finishedAt() {
        return finishedAt;
    }

    public State state() {
        return state.get();
    }

    /** 0–100: the share of the rendition's duration encoded so far. */
    public int progress() {
        return percent.get();
    }

    /** SHA-256 (hex) of the finished copy; null before. */
    public String sha256() {
        return sha256;
    }

    public int frames() {
        return frames;
    }

    public String error() {
        return error;
    }

    Path folder() {
        return folder;
    }

    /** Where the copy is written; complete only once {@link #state()} is DONE. */
    public Path file() {
        return folder.resolve("copy.mp4");
    }

    /** e.g. {@code rinjo-証拠コピー-R8道路第12号-20261126-1437JST-par_….mp4}: contract, JST start and who. */
    public String fileName() {
        return "rinjo-証拠コピー-" + entry.contract().no().value() + "-" + DAY.format(entry.recordedFrom()) + "JST-" + rendition.participantId()
                + ".mp4";
    }

    /** For clients that cannot take a UTF-8 file name. */
    public String asciiFileName() {
        return "rinjo-evidence-copy-" + entry.sessionId().value() + "-" + rendition.participantId() + ".mp4";
    }

    void task(Future<?> f) {
        task = f;
    }

    void cancel() {
        Future<?> f = task;
        if (f != null) {
            f.cancel(true);
        }
    }

    boolean begin() {
        return state.compareAndSet(State.QUEUED, State.RUNNING);
    }

    void progress(long encodedMicros, long totalMicros) {
        long total = rendition.durationMicros() > 0 ? rendition.durationMicros() : totalMicros;
        if (total > 0) {
            // the last frame starts one frame before the end: 100 is said only when the file is complete
            percent.set((int) Math.max(0, Math.min(99, encodedMicros * 100 / total)));
        }
    }

    void finish(int frameCount, String copySha256, Instant at) {
        frames = frameCount;
        sha256 = copySha256;
        finishedAt = at;
        percent.set(100);
        state.set(State.DONE);
    }

    void fail(String why, Instant at) {
        error = why;
        finishedAt = at;
        state.set(State.FAILED);
    }

    boolean finished() {
        return finishedAt != null;
    }
}
