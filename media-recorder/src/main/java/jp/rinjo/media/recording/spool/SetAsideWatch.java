package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.time.Jst;

/**
 * The set-aside directories in the spool ({@link SetAside}), for the operator's {@code /health} and
 * {@code /metrics}. Found by their names in the spool, not in this process's memory: those an earlier
 * start set aside, those set aside while this one runs, and one an operator has moved away is gone
 * from the list. The spool is listed every {@link #EVERY_MILLIS} ms on a thread of its own, so a
 * health check (on an event loop) reads the last list and never the disk; a directory's note is read
 * once, when it is first seen.
 */
final class SetAsideWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SetAsideWatch.class);
    /** A readdir of the spool root (a node id file and one directory per session held): cheap at this rate. */
    static final long EVERY_MILLIS = 2000;

    private final Path root;
    /** By directory name; touched only by {@link #refresh}, which is synchronized. */
    private final Map<String, SetAsideSession> known = new HashMap<>();
    private volatile List<SetAsideSession> current = List.of();
    private final ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rinjo-recording-set-aside-watch");
        t.setDaemon(true);
        return t;
    });

    SetAsideWatch(Path root) {
        this.root = root;
    }

    /** Lists the spool now, then every {@link #EVERY_MILLIS} ms. */
    void start() {
        refresh();
        scans.scheduleWithFixedDelay(this::refresh, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The set-aside directories as last listed, oldest first. */
    List<SetAsideSession> current() {
        return current;
    }

    synchronized void refresh() {
        Map<String, SetAsideSession> found = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, p -> p.getFileName().toString().contains(SetAside.MARK))) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                SetAsideSession s = known.get(name);
                if (s == null && Files.isDirectory(p)) {
                    s = describe(p);
                }
                if (s != null) {
                    found.put(name, s);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the last list stands: a spool that cannot be listed fails the recording itself, loudly
            log.debug("spool {}: set-aside directories not listed: {}", root, e.toString());
            return;
        }
        known.clear();
        known.putAll(found);
        List<SetAsideSession> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing(SetAsideSession::since).thenComparing(s -> s.where().getFileName().toString()));
        current = List.copyOf(list);
    }

    /** Null if it went between the listing and now (an operator moved it away). */
    private static SetAsideSession describe(Path dir) {
        String name = dir.getFileName().toString();
        java.time.Instant since;
        try {
            since = SetAside.stampOf(name).orElse(Files.getLastModifiedTime(dir).toInstant());
        } catch (IOException e) {
            return null;
        }
        return new SetAsideSession(SetAside.sessionOf(name), dir.toAbsolutePath(), since, SetAside.noteOf(dir));
    }

    /** One line per set-aside directory, with what the operator should do; at each start. */
    void warnAtStart() {
        for (SetAsideSession s : current) {
            log.warn("spool: session {} is set aside in {} since {}: {}. Its files are in no seal and not in the evidence store: they are "
                    + "at risk until an operator acts. Check in the archive that the session is sealed (if it is not and no media node "
                    + "can seal it: ./rinjo seal-lost {} --why \"...\"), then move the folder out of the spool to where evidence is kept; "
                    + "/health (evidenceAtRisk) names it until then", s.session(), s.where(), Jst.precise(s.since()), s.why(), s.session());
        }
    }

    @Override
    public void close() {
        scans.shutdownNow();
    }
}
