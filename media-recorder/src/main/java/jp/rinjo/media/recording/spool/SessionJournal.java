package jp.rinjo.media.recording.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.media.recording.evidence.CanonicalJson;
import jp.rinjo.media.recording.store.FileSync;

/**
 * A session's append-only log in the spool: one canonical JSON line per session, track and closed
 * segment, each fsynced before the append returns. It is what the seal builds the manifest from
 * after the segments themselves have been uploaded and deleted, and what recovery reads after a
 * crash. A line torn by a crash (no final newline) is cut off when the journal is reopened.
 */
final class SessionJournal implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(SessionJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final List<JsonNode> entries;

    private SessionJournal(Path file, FileChannel channel, List<JsonNode> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    /** Opens (creating if needed) and reads the journal, cutting a torn last line. */
    static SessionJournal open(Path file) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            List<JsonNode> entries = new ArrayList<>();
            long intact = readLines(file, entries);
            if (intact < ch.size()) {
                log.warn("journal {}: cutting {} bytes of a line torn by a crash", file, ch.size() - intact);
                ch.truncate(intact);
                ch.force(true);
            }
            ch.position(intact);
            if (created) {
                FileSync.directory(file.getParent());
            }
            return new SessionJournal(file, ch, entries);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads complete lines; returns the length of the intact prefix. */
    private static long readLines(Path file, List<JsonNode> out) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                String line = new String(all, start, i - start, StandardCharsets.UTF_8);
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IOException("journal " + file + " has an unreadable line at byte " + start + ": " + e.getMessage(), e);
                }
                start = i + 1;
            }
        }
        return start;
    }

    /** The lines present when the journal was opened. */
    List<JsonNode> entries() {
        return entries;
    }

    /** Appends one line and fsyncs it. */
    synchronized void append(Map<String, Object> line) throws IOException {
        byte[] json = CanonicalJson.bytes(line);
        ByteBuffer b = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
