package jp.rinjo.scheduling.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import jp.rinjo.common.id.Ids;
import jp.rinjo.common.test.ExternalServices;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.DatabaseConfig;

/**
 * Fresh, migrated databases for tests: the embedded H2 file database of the standalone, and the real
 * PostgreSQL that {@code ./rinjo test} starts ({@code RINJO_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}).
 * Each PostgreSQL database gets its own schema, so tests never see each other's rows.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static Database h2(Path dir) {
        return Database.open(DatabaseConfig.embedded(dir));
    }

    public static Database postgres() {
        String url = ExternalServices.env("RINJO_TEST_PG_URL", "PostgreSQL");
        String user = ExternalServices.optionalEnv("RINJO_TEST_PG_USER").orElse("rinjo");
        String password = ExternalServices.optionalEnv("RINJO_TEST_PG_PASSWORD").orElse("rinjo");
        String schema = "t_" + Ids.random("s").substring(2);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        String sep = url.contains("?") ? "&" : "?";
        return Database.open(new DatabaseConfig(url + sep + "currentSchema=" + schema, user, password, 4));
    }
}
