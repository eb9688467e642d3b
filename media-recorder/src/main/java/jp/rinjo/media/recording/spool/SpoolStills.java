package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import jp.rinjo.media.recording.evidence.RecordedStill;
import jp.rinjo.media.recording.store.FileSync;

/**
 * Remote stills in the spool: each JPEG is written to {@code {session}/stills/{id}.jpg} and fsynced,
 * then journaled, then queued for upload next to the session's segments. A crash before the upload
 * leaves both the file and its journal line, and recovery queues it again; a crash before the journal
 * line leaves a file no one was told was stored (the upload answered with an error), which is left for
 * an operator and never uploaded.
 */
final class SpoolStills {
    static final String CONTENT_TYPE = "image/jpeg";

    private SpoolStills() {
    }

    static Path write(SpoolLayout layout, RecordedStill still, byte[] jpeg, jp.rinjo.common.id.SessionId session) throws IOException {
        Path dir = layout.stillsDir(session);
        Files.createDirectories(dir);
        Path target = layout.still(session, still.id().value());
        Path tmp = dir.resolve("." + still.id().value() + ".tmp");
        Files.write(tmp, jpeg, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        FileSync.file(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.directory(dir);
        return target;
    }

    static SpooledObject upload(SessionSpool s, RecordedStill still, Path file) {
        return new SpooledObject(s, file, s.objectPrefix() + "/" + still.path(), still.sha256(), still.bytes(), CONTENT_TYPE, null,
                SpooledObject.STILL);
    }

    /** The journaled stills whose files are still in the spool (the others reached the store before the restart). */
    static List<SpooledObject> pending(SpoolLayout layout, SessionSpool s, List<RecordedStill> stills) {
        List<SpooledObject> out = new ArrayList<>();
        for (RecordedStill still : stills) {
            Path file = layout.still(s.id(), still.id().value());
            if (Files.isRegularFile(file)) {
                out.add(upload(s, still, file));
            }
        }
        return out;
    }
}
