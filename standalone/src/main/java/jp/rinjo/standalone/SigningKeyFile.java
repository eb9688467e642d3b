package jp.rinjo.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jp.rinjo.scheduling.auth.SigningKey;

/** The standalone's token-signing key: generated once, readable by its owner only, kept across restarts. */
final class SigningKeyFile {
    private SigningKeyFile() {
    }

    static SigningKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return SigningKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            SigningKey key = SigningKey.random();
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, key.toBase64(), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: rely on the data folder's own permissions
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file, e);
        }
    }
}
