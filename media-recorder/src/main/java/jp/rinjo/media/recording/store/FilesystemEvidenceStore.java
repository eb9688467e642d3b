package jp.rinjo.media.recording.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Evidence in a directory, one file per object at {@code root/key} (so a session's directory is
 * itself an exported evidence folder). Writes go to a hidden temporary file beside the target,
 * which is fsynced, renamed into place atomically and its directory fsynced: an object is either
 * absent or complete; the temporary files of puts a killed process left are removed when the
 * store is opened ({@link InterruptedPuts}). No object lock: anyone who can write the directory can alter files — the
 * hash chain and signature still reveal it.
 */
public final class FilesystemEvidenceStore implements EvidenceStore {
    private final Path root;
    private final CompletableFuture<InterruptedPuts.Removed> swept;

    public FilesystemEvidenceStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.swept = InterruptedPuts.sweepInBackground(this.root);
    }

    /** The sweep of interrupted puts this opening started (for tests). */
    CompletableFuture<InterruptedPuts.Removed> swept() {
        return swept;
    }

    public Path root() {
        return root;
    }

    /** Where an object's file is (for export and tests). */
    public Path pathOf(String key) {
        return root.resolve(ObjectKeys.validate(key));
    }

    @Override
    public StoredObject put(String key, Path file, Sha256 sha256, PutOptions options) throws IOException {
        Path target = pathOf(key);
        Optional<StoredObject> existing = stat(key);
        if (existing.isPresent()) {
            return sameOrConflict(key, existing.get(), sha256);
        }
        Files.createDirectories(target.getParent());
        Path tmp = InterruptedPuts.temporaryFor(target);
        try {
            MessageDigest md = Sha256.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md);
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            Sha256 copied = Sha256.of(md.digest());
            if (!copied.equals(sha256)) {
                throw new EvidenceStoreException(EvidenceStoreException.Kind.CORRUPT_SOURCE,
                        file + " has SHA-256 " + copied + ", declared " + sha256 + ": not stored as " + key);
            }
            FileSync.file(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, "no atomic rename in " + root, e);
            }
            FileSync.directory(target.getParent());
        } catch (FileAlreadyExistsException e) {
            return sameOrConflict(key, stat(key).orElseThrow(), sha256);
        } finally {
            Files.deleteIfExists(tmp);
        }
        StoredObject stored = stat(key).orElseThrow(() -> new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE,
                key + " vanished right after it was written"));
        if (!stored.sha256().orElseThrow().equals(sha256)) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.UNAVAILABLE, key + " reads back with SHA-256 "
                    + stored.sha256().orElseThrow() + ", written " + sha256);
        }
        return stored;
    }

    private static StoredObject sameOrConflict(String key, StoredObject existing, Sha256 sha256) throws EvidenceStoreException {
        if (existing.sha256().orElseThrow().equals(sha256)) {
            return existing;
        }
        throw new EvidenceStoreException(EvidenceStoreException.Kind.CONFLICT, key + " already holds other content (SHA-256 "
                + existing.sha256().orElseThrow() + ", new " + sha256 + "); evidence is never overwritten");
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.NOT_FOUND, "no object " + key);
        }
    }

    /** Reads only the range: the file is positioned at the offset, nothing before it is read. */
    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        RangeInputStream.check(offset, length);
        java.nio.channels.FileChannel channel;
        try {
            channel = java.nio.channels.FileChannel.open(pathOf(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new EvidenceStoreException(EvidenceStoreException.Kind.NOT_FOUND, "no object " + key);
        }
        channel.position(offset);
        return new RangeInputStream(java.nio.channels.Channels.newInputStream(channel), length);
    }

    /** Removes the file and the folders it leaves empty (up to the store's root). */
    @Override
    public void delete(String key) throws IOException {
        Path p = pathOf(key);
        if (!Files.deleteIfExists(p)) {
            return;
        }
        Path dir = p.getParent();
        while (!dir.equals(root) && dir.startsWith(root) && isEmpty(dir)) {
            Files.deleteIfExists(dir);
            dir = dir.getParent();
        }
        FileSync.directory(dir);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** The hash is computed from the file each time: the directory has no other trustworthy record of it. */
    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path p = pathOf(key);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        MessageDigest md = Sha256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(key, size, Optional.of(Sha256.of(md.digest())), Optional.empty()));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? root : root.resolve(ObjectKeys.validate(prefix.substring(0, slash)));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<StoredObject> out = new ArrayList<>();
        // a put renames its temporary file into place, and a delete removes files and emptied folders, while
        // this walks: what vanishes between the folder's listing and its look at it was simply not there
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attributes) {
                String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (attributes.isRegularFile() && key.startsWith(prefix) && !p.getFileName().toString().startsWith(".")) {
                    out.add(new StoredObject(key, attributes.size(), Optional.empty(), Optional.empty()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                return vanished(e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : vanished(e);
            }

            private FileVisitResult vanished(IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    /** A directory stream: entries are read as they are visited, not collected. */
    @Override
    public void forEachChild(String prefix, KeyVisitor visitor) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        Path dir = prefix.isEmpty() ? root : root.resolve(prefix.substring(0, prefix.length() - 1));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) { // a put's temporary file
                    continue;
                }
                if (Files.isDirectory(p)) {
                    visitor.visit(prefix + name + "/");
                } else if (Files.isRegularFile(p)) {
                    visitor.visit(prefix + name);
                }
            }
        }
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("filesystem", false, "filesystem store at " + root
                + " (no object lock: alteration is detected by the hash chain and signature, not prevented)");
    }

    @Override
    public void close() {
        // nothing held open
    }
}
