package jp.rinjo.archive.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import jp.rinjo.media.recording.store.EvidenceStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.recording.store.ObjectKeys;
import jp.rinjo.media.recording.store.StoredObject;

/**
 * A sealed session as a folder, which is what the verifier reads: the session's own folder when the
 * store is a folder (read in place, nothing copied), else a temporary copy of all its objects (manifest,
 * signature, time-stamp, segments, and the renditions, whose hashes are checked too), removed on close.
 */
public final class SessionFolder implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private SessionFolder(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    public static SessionFolder of(EvidenceStore store, String sessionPrefix, Path workDir) throws IOException {
        if (store instanceof FilesystemEvidenceStore fs) {
            return new SessionFolder(fs.pathOf(sessionPrefix), false);
        }
        Files.createDirectories(workDir);
        Path tmp = Files.createTempDirectory(workDir, "verify-");
        SessionFolder folder = new SessionFolder(tmp, true);
        try {
            String prefix = sessionPrefix + "/";
            for (StoredObject o : store.list(prefix)) {
                String relative = ObjectKeys.validate(o.key().substring(prefix.length()));
                Path target = tmp.resolve(relative);
                Files.createDirectories(target.getParent());
                try (InputStream in = store.open(o.key())) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!temporary) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
