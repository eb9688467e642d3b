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
import java.util.Optional;
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
    /** Notes are a sentence or two; a longer one is cut here in what health shows (the file stays whole). */
    private static final int NOTE_SHOWN = 2000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private SetAside() {
    }

    static boolean is(Path dir) {
        return dir.getFileName().toString().contains(MARK);
    }

    /** The session id part of a set-aside directory's name ({@code ses_x.set-aside-…} → {@code ses_x}). */
    static String sessionOf(String name) {
        int mark = name.indexOf(MARK);
        return mark < 0 ? name : name.substring(0, mark);
    }

    /** When the directory was set aside, as its name says; empty if the name carries no such time. */
    static Optional<Instant> stampOf(String name) {
        int mark = name.indexOf(MARK);
        if (mark < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(STAMP.parse(name.substring(mark + MARK.length()), Instant::from));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** What the note in a set-aside directory says (its start, if long), or that it has none. */
    static String noteOf(Path dir) {
        Path note = dir.resolve(NOTE);
        try (java.io.InputStream in = Files.newInputStream(note)) {
            String text = new String(in.readNBytes(NOTE_SHOWN), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? NOTE + " is empty" : text;
        } catch (java.nio.file.NoSuchFileException e) {
            return "no " + NOTE + " in it";
        } catch (IOException e) {
            return NOTE + " cannot be read (" + e + ")";
        }
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
