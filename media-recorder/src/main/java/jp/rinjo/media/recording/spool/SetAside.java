package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.FileSync;

/**
 * Session directories the spool cannot finish with but must not delete, moved aside for an
 * operator: renamed to {@code {sessionId}.set-aside-{UTC time}} (no longer a session directory, so
 * recovery never reads, repairs or removes it, and the session id is free for a new directory),
 * with a {@code SET-ASIDE.txt} inside saying why. Every start names them in the log until an
 * operator has dealt with them.
 */
final class SetAside {
    static final String MARK = ".set-aside-";
    static final String NOTE = "SET-ASIDE.txt";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private SetAside() {
    }

    static boolean is(Path dir) {
        return dir.getFileName().toString().contains(MARK);
    }

    /** Renames the session's directory aside and notes why inside it; returns where it now is. */
    static Path move(SpoolLayout layout, SessionId session, String why) throws IOException {
        Path target = layout.root().resolve(session.value() + MARK + STAMP.format(Instant.now()));
        Files.move(layout.session(session), target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.directory(layout.root());
        try {
            Files.writeString(target.resolve(NOTE), why + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the files are aside and the log says why; the note only repeats it
        }
        return target;
    }

    /**
     * Files in a session directory that were never stored in the evidence store: segments and stills
     * (an uploaded one is deleted from the spool) and whatever the store refused.
     */
    static List<Path> notUploaded(SpoolLayout layout, SessionId session) throws IOException {
        List<Path> out = new ArrayList<>();
        Path tracks = layout.session(session).resolve("tracks");
        if (Files.isDirectory(tracks)) {
            try (Stream<Path> s = Files.walk(tracks)) {
                s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(SpoolLayout.PART) || f.toString().endsWith(SpoolLayout.SEG))
                        .sorted().forEach(out::add);
            }
        }
        Path stills = layout.stillsDir(session);
        if (Files.isDirectory(stills)) {
            try (Stream<Path> s = Files.list(stills)) {
                s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(out::add);
            }
        }
        Path rejected = layout.rejected(session);
        if (Files.isDirectory(rejected)) {
            try (Stream<Path> s = Files.walk(rejected)) {
                s.filter(Files::isRegularFile).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
