package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hidden temporary files of {@link FilesystemEvidenceStore} puts that never finished: a process
 * killed while writing one leaves it beside its target forever. Such a file was never renamed into
 * place, so it is no object and no evidence (the spool still holds what it was a copy of). One older
 * than {@link #MIN_AGE} is removed when the store is opened; a younger one may be a put of another
 * process on the same folder (a maintenance command beside the running system) still under way.
 * Nothing but files of exactly this naming is ever touched.
 */
final class InterruptedPuts {
    private static final Logger log = LoggerFactory.getLogger(InterruptedPuts.class);
    /** A put rewrites its file until the rename, in well under a second per segment; an hour leaves any live one alone. */
    static final Duration MIN_AGE = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("\\..+\\.tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** What a sweep removed. */
    record Removed(int files, long bytes) {
    }

    private InterruptedPuts() {
    }

    /** The temporary file a put writes before renaming it to {@code target}. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    /**
     * Sweeps on a thread of its own: a store of years of recordings is millions of files, and the
     * node must not wait for their walk to start recording.
     */
    static CompletableFuture<Removed> sweepInBackground(Path root) {
        CompletableFuture<Removed> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Removed r = sweep(root, Instant.now());
                if (r.files() > 0) {
                    log.info("evidence store {}: removed {} temporary files ({} bytes) of puts interrupted over {} h ago; they never "
                            + "became objects", root, r.files(), r.bytes(), MIN_AGE.toHours());
                }
                done.complete(r);
            } catch (IOException | RuntimeException e) {
                log.warn("evidence store {}: temporary files of interrupted puts not swept: {}", root, e.toString());
                done.completeExceptionally(e);
            }
        }, "rinjo-store-sweep");
        t.setDaemon(true);
        t.start();
        return done;
    }

    static Removed sweep(Path root, Instant now) throws IOException {
        Instant before = now.minus(MIN_AGE);
        int[] files = {0};
        long[] bytes = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && NAME.matcher(file.getFileName().toString()).matches()
                        && attrs.lastModifiedTime().toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                    files[0]++;
                    bytes[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile (a delete of its session's last object)
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return new Removed(files[0], bytes[0]);
    }
}
