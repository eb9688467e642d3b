package jp.rinjo.archive.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.testing.TestDatabases;

/** The archive's repositories on the standalone's embedded H2 file database. */
class H2ArchiveRepositoryTest extends ArchiveRepositoryContract {
    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.h2(dir);
    }
}
