package jp.rinjo.scheduling.jdbc;

import jp.rinjo.common.error.Require;

/** Where the SQL database is: an H2 file URL for the standalone, a PostgreSQL URL in production. */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {
    public DatabaseConfig {
        Require.that(url != null && url.startsWith("jdbc:"), "database url must be a jdbc: URL");
        Require.that(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"),
                "database url must be jdbc:h2:... or jdbc:postgresql:...");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Require.that(maxPoolSize >= 1 && maxPoolSize <= 200, "database pool size must be 1–200");
    }

    /** The embedded database of the standalone: one file under the data folder. */
    public static DatabaseConfig embedded(java.nio.file.Path dataDir) {
        String path = dataDir.toAbsolutePath().resolve("db").resolve("rinjo").toString();
        return new DatabaseConfig("jdbc:h2:file:" + path + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "rinjo", "", 8);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=redacted, maxPoolSize=" + maxPoolSize + "]";
    }
}
