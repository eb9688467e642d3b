package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a session's objects out of a store into a folder laid out as the verifier reads it
 * ({@code manifest.json}, {@code manifest.sig}, {@code manifest.tsr}, {@code tracks/…}). Copies as
 * found; checking is the verifier's job.
 */
public final class SessionExport {
    private SessionExport() {
    }

    /** @return how many objects were copied */
    public static int toFolder(EvidenceStore store, String sessionPrefix, Path folder) throws IOException {
        String prefix = sessionPrefix.endsWith("/") ? sessionPrefix : sessionPrefix + "/";
        int n = 0;
        for (StoredObject o : store.list(prefix)) {
            String relative = ObjectKeys.validate(o.key().substring(prefix.length()));
            Path target = folder.resolve(relative);
            Files.createDirectories(target.getParent());
            try (InputStream in = store.open(o.key())) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            n++;
        }
        return n;
    }
}
