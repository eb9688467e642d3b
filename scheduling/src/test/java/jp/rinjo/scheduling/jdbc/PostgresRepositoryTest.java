package jp.rinjo.scheduling.jdbc;

import jp.rinjo.scheduling.testing.TestDatabases;

/** The suite on a real PostgreSQL server (started by ./rinjo test). */
class PostgresRepositoryTest extends RepositoryContract {
    @Override
    Database open() {
        return TestDatabases.postgres();
    }
}
