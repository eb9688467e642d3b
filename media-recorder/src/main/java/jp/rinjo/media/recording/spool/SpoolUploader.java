package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.EvidenceStoreException;
import jp.rinjo.media.recording.store.PutOptions;

/**
 * Uploads spooled files to the evidence store, oldest first, on its own thread. A file is deleted
 * from the spool only after the store confirmed it (size and hash, see {@link EvidenceStore#put}).
 * While the store fails, the same file is retried with exponential backoff (capped) and nothing
 * behind it is skipped or dropped; the spool fills instead, and says so. A file the store refuses
 * for good (other content under its key, or a local file that no longer matches its hash) is moved
 * to the session's {@code rejected/} directory and reported loudly; a file that vanished from the
 * spool before its upload is reported as loudly and not retried, so it cannot hold up the uploads
 * of every other session behind it. Nothing is uploaded of a session another node sealed
 * ({@link SealedElsewhere}, asked before each attempt): its files stay in the spool, set aside.
 */
final class SpoolUploader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolUploader.class);
    private static final SpooledObject STOP = new SpooledObject(null, null, null, null, 0, null, null, -1);

    private final EvidenceStore store;
    private final SpoolSpace space;
    private final SpoolLayout layout;
    private final RecordingListener listener;
    private final Backoff backoff;
    private final Predicate<SessionSpool> sealedElsewhere;
    private final LinkedBlockingQueue<SpooledObject> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean failing;

    /** @param sealedElsewhere whether nothing more of a session may be uploaded (another node sealed it) */
    SpoolUploader(EvidenceStore store, SpoolSpace space, SpoolLayout layout, RecordingListener listener, Duration backoffMax,
                  Predicate<SessionSpool> sealedElsewhere) {
        this.store = store;
        this.space = space;
        this.layout = layout;
        this.listener = listener;
        this.backoff = new Backoff(backoffMax);
        this.sealedElsewhere = sealedElsewhere;
        this.thread = new Thread(this::run, "rinjo-recording-upload");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(SpooledObject o) {
        queue.add(o);
    }

    int backlog() {
        return queue.size();
    }

    /** Whether the last upload failed (the store unreachable or refusing): what waits stays in the spool. */
    boolean failing() {
        return failing;
    }

    private void run() {
        while (!stopping) {
            SpooledObject o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (o == STOP) {
                return;
            }
            if (!uploadWithRetry(o)) {
                return;
            }
        }
    }

    /** @return false when stopping (the file stays in the spool for the next start) */
    private boolean uploadWithRetry(SpooledObject o) {
        while (!stopping) {
            if (sealedElsewhere.test(o.session())) {
                // in a sealed session an unlisted segment reads as tampering; the file stays in the spool, set aside with the session
                log.debug("{} is not uploaded: another media node sealed its session", o.key());
                done(o);
                return true;
            }
            if (!Files.exists(o.file())) {
                vanished(o);
                return true;
            }
            try {
                store.put(o.key(), o.file(), o.sha256(), PutOptions.of(o.contentType()));
                if (!o.keptUntilSealed()) {
                    Files.delete(o.file());
                }
                done(o);
                if (failing) {
                    failing = false;
                    log.warn("evidence store reachable again; uploading the spool backlog ({} files)", queue.size());
                    listener.storeAvailable();
                }
                backoff.reset();
                if (o.trackId() != null) {
                    listener.segmentUploaded(o.session().id(), o.trackId(), o.sequence(), o.key());
                }
                return true;
            } catch (EvidenceStoreException e) {
                if (!e.retryable()) {
                    reject(o, e);
                    return true;
                }
                if (!waitToRetry(o, e)) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                if (!waitToRetry(o, e)) {
                    return false;
                }
            }
        }
        return false;
    }

    private void done(SpooledObject o) {
        space.release(o.size());
        o.session().uploadFinished();
    }

    private boolean waitToRetry(SpooledObject o, Exception e) {
        if (stopping) {
            return false; // interrupted by close(): the file stays for the next start
        }
        long delay = backoff.nextDelayMillis();
        String message = "upload of " + o.key() + " failed: " + e.getMessage();
        if (!failing) {
            log.error("{}; retrying with backoff (at most {} s apart), the spool keeps everything meanwhile", message,
                    backoff.capMillis() / 1000);
        } else {
            log.warn("{}; retry in {} ms", message, delay);
        }
        failing = true;
        listener.storeUnavailable(message, delay);
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void reject(SpooledObject o, EvidenceStoreException e) {
        String message = "the evidence store refused " + o.key() + ": " + e.getMessage();
        log.error("{}; the file is kept in {}", message, layout.rejected(o.session().id()));
        try {
            Path dir = layout.rejected(o.session().id());
            Files.createDirectories(dir);
            Files.move(o.file(), dir.resolve(o.key().replace('/', '_')), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException io) {
            log.error("cannot move {} aside: {}", o.file(), io.toString());
        }
        o.session().problem(message);
        listener.recorderFailed(o.session().id(), o.trackId(), message);
        done(o);
    }

    private void vanished(SpooledObject o) {
        String message = "spool file " + o.file() + " vanished before it was uploaded: " + o.key()
                + " is NOT in the evidence store and is not retried";
        log.error(message);
        o.session().problem(message);
        listener.recorderFailed(o.session().id(), o.trackId(), message);
        done(o);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        queue.add(STOP);
        thread.interrupt();
        thread.join(10_000);
    }
}
