package jp.rinjo.archive.service;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jp.rinjo.archive.evidence.EvidencePackage;
import jp.rinjo.archive.index.RecordingEntry;

/**
 * One evidence export: started, then downloaded once (the ZIP is written straight into the
 * response), its progress readable meanwhile.
 */
public final class ExportJob {
    public enum State {
        /** planned, waiting for its download */
        READY,
        /** being written to the downloader */
        RUNNING,
        /** written completely */
        DONE,
        /** the store failed or the downloader went away; start a new export */
        FAILED
    }

    private final String id;
    private final String ownerId;
    private final String ownerName;
    private final RecordingEntry entry;
    private final EvidencePackage.Plan plan;
    private final Instant createdAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.READY);
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicInteger objectsDone = new AtomicInteger();
    private volatile String error;

    ExportJob(String id, String ownerId, String ownerName, RecordingEntry entry, EvidencePackage.Plan plan, Instant createdAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.ownerName = ownerName;
        this.entry = entry;
        this.plan = plan;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    String ownerId() {
        return ownerId;
    }

    String ownerName() {
        return ownerName;
    }

    public RecordingEntry entry() {
        return entry;
    }

    public EvidencePackage.Plan plan() {
        return plan;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public State state() {
        return state.get();
    }

    public long bytesDone() {
        return bytesDone.get();
    }

    public int objectsDone() {
        return objectsDone.get();
    }

    public String error() {
        return error;
    }

    /** The ZIP's file name, e.g. {@code rinjo-R8道路第12号-ses_….zip}. */
    public String fileName() {
        return plan.folder() + ".zip";
    }

    boolean begin() {
        return state.compareAndSet(State.READY, State.RUNNING);
    }

    void progress(long bytes, int objects) {
        bytesDone.set(bytes);
        objectsDone.set(objects);
    }

    void finish() {
        state.set(State.DONE);
    }

    void fail(String why) {
        error = why;
        state.set(State.FAILED);
    }
}
