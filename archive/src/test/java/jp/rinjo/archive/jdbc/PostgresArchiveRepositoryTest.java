package jp.rinjo.archive.jdbc;

import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.testing.TestDatabases;

/** The archive's repositories on a real PostgreSQL server (started by ./rinjo test). */
class PostgresArchiveRepositoryTest extends ArchiveRepositoryContract {
    @Override
    Database open() {
        return TestDatabases.postgres();
    }
}
