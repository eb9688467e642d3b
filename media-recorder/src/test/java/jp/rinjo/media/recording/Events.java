package jp.rinjo.media.recording;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.spool.RecordingListener;

/** A listener that remembers what the recorder told it, and passes it on to {@link #forward}. */
public final class Events implements RecordingListener {
    /** Told everything after it is remembered, e.g. what turns it into announcements. */
    public volatile RecordingListener forward = new RecordingListener() {
    };
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
        forward.recordingStarted(session);
    }

    @Override
    public void segmentStored(SessionId session, String trackId, long sequence) {
        stored.add(trackId + "/" + sequence);
        forward.segmentStored(session, trackId, sequence);
    }

    @Override
    public void segmentUploaded(SessionId session, String trackId, long sequence, String objectKey) {
        uploaded.add(objectKey);
        forward.segmentUploaded(session, trackId, sequence, objectKey);
    }

    @Override
    public void gap(SessionId session, String trackId, long packets, String reason) {
        gaps.add(packets + " " + reason);
        forward.gap(session, trackId, packets, reason);
    }

    @Override
    public void recorderFailed(SessionId session, String trackId, String message) {
        failures.add(message);
        forward.recorderFailed(session, trackId, message);
    }

    @Override
    public void spoolFull(long usedBytes, long limitBytes, long freeDiskBytes) {
        spoolFull.incrementAndGet();
        forward.spoolFull(usedBytes, limitBytes, freeDiskBytes);
    }

    @Override
    public void spoolAvailable() {
        spoolAvailable.incrementAndGet();
        forward.spoolAvailable();
    }

    @Override
    public void storeUnavailable(String message, long retryInMillis) {
        storeUnavailable.incrementAndGet();
        forward.storeUnavailable(message, retryInMillis);
    }

    @Override
    public void storeAvailable() {
        storeAvailable.incrementAndGet();
        forward.storeAvailable();
    }
}
