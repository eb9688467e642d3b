package jp.rinjo.scheduling.jdbc;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;

/**
 * A few lines of JDBC plumbing so repositories read as SQL plus mapping. SQL errors become
 * {@link RinjoException}s: unique and foreign-key violations are the caller's conflict, anything
 * else is internal (and its details stay in the log, not in the API response).
 *
 * <p>{@link #transaction} lets one act span several repositories (the act and its audit row): the
 * repositories of one database share this Jdbc, and while the act runs their calls on its thread use
 * its connection.
 */
public final class Jdbc {
    private final DataSource dataSource;
    /** The connection of the {@link #transaction} running on this thread, if any. */
    private final ThreadLocal<Connection> shared = new ThreadLocal<>();

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... params) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    public <T> T withConnection(ConnectionWork<T> work) {
        Connection joined = shared.get();
        if (joined != null) {
            try {
                return work.run(joined);
            } catch (SQLException e) {
                throw translate(e);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} in one transaction, rolled back on any exception. Inside a {@link #transaction}
     * it is part of that one, which commits or rolls back as a whole.
     */
    public <T> T inTransaction(ConnectionWork<T> work) {
        if (shared.get() != null) {
            return withConnection(work);
        }
        return withConnection(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    /**
     * Runs {@code work} in one transaction: every call it makes on this Jdbc from this thread, through
     * any repository of this database, uses the same connection; all of it is committed when work
     * returns and rolled back when it throws. Work must not commit itself. Nested, it joins the outer one.
     */
    public <T> T transaction(Supplier<T> work) {
        if (shared.get() != null) {
            return work.get();
        }
        return inTransaction(c -> {
            shared.set(c);
            try {
                return work.get();
            } finally {
                shared.remove();
            }
        });
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, params);
        return ps;
    }

    /** Sets the statement's parameters, e.g. for each row of a batch. */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bind(ps, i + 1, params[i]);
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant t) {
            ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (value instanceof LocalDate d) {
            ps.setDate(index, Date.valueOf(d));
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof Record) {
            // typed ids: records with a single String component named value
            ps.setString(index, value.toString());
        } else {
            ps.setObject(index, value);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    static RinjoException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return new RinjoException(ErrorCode.CONFLICT, "already exists", e);
        }
        if (state.equals("23503")) {
            return new RinjoException(ErrorCode.CONFLICT, "refers to something that does not exist, or is still referred to", e);
        }
        return new RinjoException(ErrorCode.INTERNAL, "database error", e);
    }
}
