package jp.rinjo.scheduling.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.scheduling.testing.TestDatabases;

/** The suite on the standalone's embedded H2 file database. */
class H2RepositoryTest extends RepositoryContract {
    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.h2(dir);
    }
}
