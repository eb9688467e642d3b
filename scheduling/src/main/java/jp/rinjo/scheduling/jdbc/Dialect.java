package jp.rinjo.scheduling.jdbc;

/** The two databases Rinjo runs on. Migrations are written to work on both; the rest is plain JDBC. */
public enum Dialect {
    H2, POSTGRESQL;

    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }
}
