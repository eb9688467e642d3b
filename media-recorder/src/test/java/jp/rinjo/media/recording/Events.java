package jp.rinjo.media.recording;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.spool.RecordingListener;

/** A listener that remembers what the recorder told it. */
public final class Events implements RecordingListener {
    public final List<SessionId> started = new CopyOnWriteArrayList<>();
    public final List<String> stored = new CopyOnWriteArrayList<>();
    public final List<String> uploaded = new CopyOnWriteArrayList<>();
    public final List<String> gaps = new CopyOnWriteArrayList<>();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    public final AtomicInteger spoolFull = new AtomicInteger();
    public final AtomicInteger spoolAvailable = new AtomicInteger();
    public final AtomicInteger storeUnavailable = new AtomicInteger();
    public final AtomicInteger storeAvailable = new AtomicInteger();

    @Override
    public void recordingStarted(SessionId session) {
        started.add(session);
    }

    @Override
    public void segmentStored(SessionId session, String trackId, long sequence) {
        stored.add(trackId + "/" + sequence);
    }

    @Override
    public void segmentUploaded(SessionId session, String trackId, long sequence, String objectKey) {
        uploaded.add(objectKey);
    }

    @Override
    public void gap(SessionId session, String trackId, long packets, String reason) {
        gaps.add(packets + " " + reason);
    }

    @Override
    public void recorderFailed(SessionId session, String trackId, String message) {
        failures.add(message);
    }

    @Override
    public void spoolFull(long usedBytes, long limitBytes, long freeDiskBytes) {
        spoolFull.incrementAndGet();
    }

    @Override
    public void spoolAvailable() {
        spoolAvailable.incrementAndGet();
    }

    @Override
    public void storeUnavailable(String message, long retryInMillis) {
        storeUnavailable.incrementAndGet();
    }

    @Override
    public void storeAvailable() {
        storeAvailable.incrementAndGet();
    }
}
