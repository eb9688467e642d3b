package jp.rinjo.scheduling.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code db/migration/V<n>__<name>.sql}, listed in order in
 * {@code db/migration/index.txt} (classpath directories cannot be listed portably inside a jar).
 * Each applied script's SHA-256 is kept; an edited, already-applied script stops start-up, because
 * two nodes with different ideas of version 3 is how evidence indexes get corrupted.
 *
 * <p>Why not Flyway: it is a large dependency whose newer releases phone home and split databases
 * into extra modules; the job here is forty lines.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");
    private static final long PG_LOCK_KEY = 0x52494e4a4fL; // "RINJO": serialises concurrent node start-ups
    static final String INDEX = "db/migration/index.txt";

    private final Jdbc jdbc;
    private final Dialect dialect;

    Migrations(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    record Script(int version, String name, String sql, String sha256) {
    }

    void migrate() {
        List<Script> scripts = load();
        jdbc.withConnection(c -> {
            lock(c, true);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS rinjo_schema_version (version INT PRIMARY KEY, "
                            + "name VARCHAR(200) NOT NULL, sha256 VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                }
                for (Script script : scripts) {
                    apply(c, script);
                }
            } finally {
                lock(c, false);
            }
            return null;
        });
    }

    private void apply(Connection c, Script script) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM rinjo_schema_version WHERE version = ?")) {
            ps.setInt(1, script.version());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(1).equals(script.sha256())) {
                        throw new IllegalStateException("migration V" + script.version() + " (" + script.name()
                                + ") was changed after it was applied; restore the original script");
                    }
                    return;
                }
            }
        }
        log.info("applying schema migration V{} {}", script.version(), script.name());
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : statements(script.sql())) {
                s.execute(statement);
            }
            try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO rinjo_schema_version VALUES (?, ?, ?, ?)",
                    script.version(), script.name(), script.sha256(), Instant.now())) {
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private void lock(Connection c, boolean acquire) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + (acquire ? "pg_advisory_lock(" : "pg_advisory_unlock(") + PG_LOCK_KEY + ")");
        }
    }

    /** Statements are separated by a semicolon at the end of a line; scripts contain no procedures. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String stmt = current.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    static List<Script> load() {
        List<Script> scripts = new ArrayList<>();
        int expected = 1;
        for (String name : read(INDEX).split("\n")) {
            name = name.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("bad migration file name " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != expected++) {
                throw new IllegalStateException("migrations must be numbered 1, 2, 3… without gaps; found " + name);
            }
            String sql = read("db/migration/" + name);
            scripts.add(new Script(version, m.group(2), sql, sha256(sql)));
        }
        return scripts;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
