package jp.rinjo.common.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * Thumbnails made recently, in this process's memory, least recently used first out once their bytes
 * pass a bound. Kept here and not beside the photo: the evidence store is write-once and everything in
 * a recording's folder is evidence (listed, hashed, exported, verified), which a thumbnail must never be
 * taken for; and a thumbnail is cheap to make again (a fraction of a second) after a restart.
 *
 * <p>A photo that could not be decoded is remembered too (as a few bytes), so that a damaged still is not
 * read and decoded again each time a page shows its strip.
 */
public final class ThumbnailCache {
    /** What a key stands for: the thumbnail, or why none could be made. */
    public record Entry(Thumbnail thumbnail, String unreadable) {
        /** Makes the thumbnail of the photo (blocking, CPU), or keeps why it cannot be made. */
        public static Entry of(byte[] jpeg) {
            try {
                return new Entry(Thumbnail.of(jpeg), null);
            } catch (RinjoException e) {
                if (e.code() != ErrorCode.UNREADABLE_IMAGE) {
                    throw e;
                }
                return new Entry(null, e.getMessage());
            }
        }

        /** The thumbnail; {@link ErrorCode#UNREADABLE_IMAGE} if there is none. */
        public Thumbnail require() {
            if (thumbnail == null) {
                throw new RinjoException(ErrorCode.UNREADABLE_IMAGE, unreadable);
            }
            return thumbnail;
        }

        long bytes() {
            return 64 + (thumbnail == null ? unreadable.length() : thumbnail.jpeg().length);
        }
    }

    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** @param maxBytes what the kept thumbnails may take in all (0: none kept) */
    public ThumbnailCache(long maxBytes) {
        if (maxBytes < 0) {
            throw RinjoException.invalid("a thumbnail cache's size cannot be negative");
        }
        this.maxBytes = maxBytes;
    }

    public synchronized Optional<Entry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Keeps the entry (replacing one of the same key), dropping the least recently used beyond the bound. */
    public synchronized Entry keep(String key, Entry entry) {
        Entry before = entries.remove(key);
        if (before != null) {
            bytes -= before.bytes();
        }
        if (entry.bytes() > maxBytes) {
            return entry;
        }
        entries.put(key, entry);
        bytes += entry.bytes();
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
        return entry;
    }

    /** What the kept entries take, in bytes (about). */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }
}
