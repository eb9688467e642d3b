package jp.rinjo.media.recording.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.media.recording.evidence.EvidenceJson;
import jp.rinjo.media.recording.evidence.RecordedSegment;
import jp.rinjo.media.recording.format.Sha256;
import jp.rinjo.media.recording.store.FileSync;
import jp.rinjo.media.recording.store.ObjectKeys;

/**
 * The seal's files in the spool ({@code manifest.sig}, {@code manifest.tsr}, {@code manifest.json}):
 * written atomically and fsynced before upload, so a crash during the seal uploads them at the next
 * start. Uploaded in that order, the manifest last: when it is visible in the store, so are its
 * signature and time-stamp. They stay in the spool until the whole seal is stored (the session's
 * directory then goes): while they are there, the session is sealed and they are its only manifest.
 */
final class SealFiles {
    static final List<String> UPLOAD_ORDER = List.of(ObjectKeys.SIGNATURE, ObjectKeys.TIMESTAMP, ObjectKeys.MANIFEST);
    private static final ObjectMapper JSON = new ObjectMapper();

    record Spooled(Path file, String key, Sha256 sha256, String contentType) {
    }

    private SealFiles() {
    }

    /** Whether the session's spool directory holds any seal file: then its manifest is signed, never to be signed again. */
    static boolean anyIn(Path dir) {
        return UPLOAD_ORDER.stream().anyMatch(name -> Files.exists(dir.resolve(name)));
    }

    /** The seal files present, by name. */
    static Map<String, byte[]> read(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : UPLOAD_ORDER) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                files.put(name, Files.readAllBytes(f));
            }
        }
        return files;
    }

    /** The segments the spooled manifest lists, if the manifest is in the spool. */
    static Optional<List<RecordedSegment>> listedSegments(Path dir) throws IOException {
        Path manifest = dir.resolve(ObjectKeys.MANIFEST);
        if (!Files.exists(manifest)) {
            return Optional.empty();
        }
        List<RecordedSegment> out = new ArrayList<>();
        try {
            EvidenceJson.field(JSON.readTree(manifest.toFile()), "segments").forEach(n -> out.add(EvidenceJson.segment(n)));
        } catch (IllegalArgumentException e) {
            throw new IOException(manifest + " cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(out);
    }

    static void write(Path dir, String name, byte[] content) throws IOException {
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        FileSync.file(tmp);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileSync.directory(dir);
    }

    /** The seal files present in the session's spool directory, in upload order. */
    static List<Spooled> spooled(SpoolLayout layout, SessionSpool s) throws IOException {
        List<Spooled> out = new ArrayList<>();
        for (String name : UPLOAD_ORDER) {
            Path f = layout.session(s.id()).resolve(name);
            if (Files.exists(f)) {
                out.add(new Spooled(f, s.objectPrefix() + "/" + name, Sha256.digest(Files.readAllBytes(f)), ObjectKeys.contentType(name)));
            }
        }
        return out;
    }
}
