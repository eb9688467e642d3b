package jp.rinjo.common.image;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
 *
 * <p>A thumbnail being made is made once: pages that ask for it meanwhile (a second inspector's strip, a
 * strip that re-renders) wait for that one and get its outcome, instead of each decoding the photo again
 * (a large phone photo takes a good part of a second of CPU). A failure is not kept: the next ask tries again.
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
    /** The entries being made now, by key: removed (under the same lock) when kept or failed. */
    private final Map<String, CompletableFuture<Entry>> making = new HashMap<>();
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

    /**
     * The entry for the key: the kept one, else the one being made, else made by {@code make} (called on this
     * thread, here, by this caller only) and kept. Everyone who asked meanwhile gets the same entry or the same
     * failure; a failure is not kept, so the next ask makes it again.
     *
     * <p>For callers that must not block (an event loop): {@code make} returns at once with the work started
     * elsewhere, and the future completes on the thread that finishes that work.
     *
     * @param make starts making the entry (a thread of its own for blocking work); a null entry counts as a failure
     * @return completes with the entry; each caller gets a future of its own (cancelling it cancels nothing else)
     */
    public CompletableFuture<Entry> entry(String key, Supplier<? extends CompletionStage<Entry>> make) {
        CompletableFuture<Entry> mine;
        synchronized (this) {
            Entry kept = entries.get(key);
            if (kept != null) {
                return CompletableFuture.completedFuture(kept);
            }
            CompletableFuture<Entry> other = making.get(key);
            if (other != null) {
                return follow(other);
            }
            mine = new CompletableFuture<>();
            making.put(key, mine);
        }
        CompletionStage<Entry> made;
        try {
            made = make.get();
        } catch (RuntimeException | Error e) {
            made = CompletableFuture.failedFuture(e);
        }
        made.whenComplete((entry, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null && entry == null) {
                cause = new NullPointerException("no thumbnail entry was made for " + key);
            }
            // kept and no longer being made in one step: a caller in between finds one or the other, never neither
            synchronized (this) {
                making.remove(key, mine);
                if (cause == null) {
                    keep(key, entry);
                }
            }
            if (cause == null) {
                mine.complete(entry);
            } else {
                mine.completeExceptionally(cause);
            }
        });
        return follow(mine);
    }

    /** A future of the caller's own with the same outcome, failing with the cause itself (not wrapped). */
    private static CompletableFuture<Entry> follow(CompletableFuture<Entry> made) {
        CompletableFuture<Entry> own = new CompletableFuture<>();
        made.whenComplete((entry, failure) -> {
            if (failure == null) {
                own.complete(entry);
            } else {
                own.completeExceptionally(failure);
            }
        });
        return own;
    }

    /**
     * {@link #entry(String, Supplier) entry} for a blocking caller: {@code make} runs on this thread when no one
     * else is making the entry, else this thread waits for theirs.
     *
     * @throws RuntimeException what {@code make} threw (here or for the caller who made it)
     */
    public Entry entryBlocking(String key, Supplier<Entry> make) {
        CompletableFuture<Entry> f = entry(key, () -> CompletableFuture.completedFuture(make.get()));
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
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
