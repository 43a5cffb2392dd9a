package dev.tailor.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one SQLite file in WAL mode. SQLite allows one writer at a time, so every
 * use goes through one connection guarded by this object's lock; callers keep their critical
 * sections short (prepared statements, no I/O other than the database).
 */
public final class Database implements AutoCloseable {

    /** A unit of work run on the connection, inside a transaction when asked for. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * The event log. An event id is the client's dedup key, unique per visitor: two visitors (or two
     * API clients) may both send an {@code e1}.
     */
    private static final String EVENTS_TABLE = """
        create table if not exists %s (
          seq integer primary key autoincrement,
          event_id text not null,
          user_id text not null,
          session_id text,
          event text not null,
          section text,
          time_spent real,
          scroll_depth real,
          goal text,
          device text,
          occurred_at integer not null,
          received_at integer not null,
          payload text not null,
          unique (user_id, event_id))""";

    private static final String[] SCHEMA = {
        EVENTS_TABLE.formatted("events"),
        "create index if not exists events_by_user on events(user_id, seq)",
        "create index if not exists events_by_received on events(received_at)",
        """
        create table if not exists failed_events (
          id integer primary key autoincrement,
          received_at integer not null,
          field text not null,
          reason text not null,
          payload text not null,
          user_id text)""",
        """
        create table if not exists profiles (
          user_id text primary key,
          json text not null,
          updated_at integer not null)""",
        """
        create table if not exists trigger_decisions (
          id integer primary key autoincrement,
          user_id text not null,
          decided_at integer not null,
          outcome text not null,
          reason text not null)""",
        "create index if not exists decisions_by_user on trigger_decisions(user_id, id)",
    };

    private final Path file;
    /** The one connection; replaced only when it was left in a state that cannot be trusted. */
    private Connection connection;
    /** Why the connection must not be used again (it is reopened first), or null. */
    private String broken;
    private boolean inTransaction;
    /** The statement that restores durable commits after {@link #transactionFlushedLater}; tests break it. */
    String restoreDurability = "pragma synchronous=full";

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static Database open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection connection = connect(file);
            try (Statement st = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                migrate(connection);
            }
            for (SqliteSchema schema : SqliteSchema.ALL) {
                schema.apply(connection);
            }
            return new Database(file, connection);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** A connection with Tailor's settings: WAL, durable commits, a busy timeout, foreign keys. */
    private static Connection connect(Path file) throws SQLException {
        // no generated keys: Tailor never reads them, and sqlite-jdbc would otherwise run a second
        // statement (select last_insert_rowid()) after every insert, doubling the event log's cost
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try (Statement st = connection.createStatement()) {
            st.execute("pragma journal_mode=wal");
            // FULL: a commit is on disk before we answer; group commit keeps it cheap.
            st.execute("pragma synchronous=full");
            st.execute("pragma busy_timeout=5000");
            st.execute("pragma foreign_keys=on");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The connection, reopened first when the last use left it untrustworthy (commits no longer
     * durable); when reopening fails every use fails, loudly, until it succeeds.
     */
    private Connection connection() {
        if (broken != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced because it cannot be trusted
            }
            try {
                connection = connect(file);
                broken = null;
            } catch (SQLException e) {
                throw new IllegalStateException("the database connection was left unusable (" + broken
                        + ") and cannot be reopened: " + e.getMessage(), e);
            }
        }
        return connection;
    }

    /** Brings a file created by an older Tailor up to the current schema. */
    private static void migrate(Connection connection) throws SQLException {
        if (eventIdUniqueAlone(connection)) {
            migrateEventsToPerVisitorDedup(connection);
        }
        try (Statement st = connection.createStatement()) {
            if (!hasColumn(connection, "failed_events", "user_id")) {
                st.execute("alter table failed_events add column user_id text");
            }
            st.execute("create index if not exists failed_by_user on failed_events(user_id)");
            st.execute("create index if not exists failed_by_received on failed_events(received_at)");
            st.execute("create index if not exists decisions_by_outcome on trigger_decisions(outcome, decided_at)");
        }
    }

    static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("pragma table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True for a file from before dedup was per visitor: {@code event_id} unique on its own. */
    private static boolean eventIdUniqueAlone(Connection connection) throws SQLException {
        java.util.List<String> uniqueIndexes = new java.util.ArrayList<>();
        try (Statement st = connection.createStatement(); var rs = st.executeQuery("pragma index_list(events)")) {
            while (rs.next()) {
                if (rs.getInt("unique") == 1) {
                    uniqueIndexes.add(rs.getString("name"));
                }
            }
        }
        for (String index : uniqueIndexes) {
            java.util.List<String> columns = new java.util.ArrayList<>();
            try (Statement st = connection.createStatement();
                 var rs = st.executeQuery("pragma index_info(\"" + index.replace("\"", "\"\"") + "\")")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            if (columns.equals(java.util.List.of("event_id"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rebuilds {@code events} with the per-visitor unique key (SQLite cannot drop a constraint):
     * a new table, every row copied with its {@code seq}, the old one dropped, the new one renamed,
     * the indexes and the autoincrement counter restored. One transaction: all of it or none.
     */
    private static void migrateEventsToPerVisitorDedup(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            long sequence = 0;
            try (var rs = st.executeQuery("select seq from sqlite_sequence where name = 'events'")) {
                if (rs.next()) {
                    sequence = rs.getLong(1);
                }
            }
            st.execute("drop table if exists events_migrating");
            st.execute(EVENTS_TABLE.formatted("events_migrating"));
            st.execute("""
                    insert into events_migrating (seq, event_id, user_id, session_id, event, section, time_spent,
                      scroll_depth, goal, device, occurred_at, received_at, payload)
                    select seq, event_id, user_id, session_id, event, section, time_spent,
                      scroll_depth, goal, device, occurred_at, received_at, payload from events order by seq""");
            st.execute("drop table events");
            st.execute("alter table events_migrating rename to events");
            st.execute("create index if not exists events_by_user on events(user_id, seq)");
            st.execute("create index if not exists events_by_received on events(received_at)");
            // keep the counter where it was: an event deleted at the end of the log leaves its seq unused
            st.execute("update sqlite_sequence set seq = max(seq, " + sequence + ") where name = 'events'");
            st.execute("insert into sqlite_sequence (name, seq) select 'events', " + sequence
                    + " where " + sequence + " > 0 and not exists (select 1 from sqlite_sequence where name = 'events')");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs work on the connection without a transaction (single statements, reads). */
    public synchronized <T> T read(Work<T> work) {
        try {
            return work.run(connection());
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs work in one transaction: all of it is committed to disk, or none of it. Transactions do
     * not nest: calling this from inside a transaction's work throws {@link IllegalStateException}
     * (the inner commit would otherwise commit the outer transaction's half-done work).
     */
    public synchronized <T> T transaction(Work<T> work) {
        if (inTransaction) {
            throw new IllegalStateException("a transaction is already open on this connection: transactions do not nest");
        }
        Connection c = connection();
        inTransaction = true;
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            inTransaction = false;
        }
    }

    /**
     * Runs work in one transaction whose commit does not wait for an fsync ({@code synchronous=normal}
     * for this commit only). It is atomic and survives a crash of the process at once; it reaches the
     * disk with the next durable {@link #transaction} (which fsyncs the write-ahead log, earlier
     * commits included) or checkpoint, so only a power loss or OS crash before then can lose it. For
     * derived, high-volume records (trigger decisions) that must not cost an fsync each — never for
     * anything a caller is told is stored.
     *
     * <p>If durable commits cannot be restored afterwards this throws, and the connection is
     * reopened (with {@code synchronous=full}) before its next use: a connection silently left at
     * NORMAL would acknowledge events that are not yet on disk.
     */
    public synchronized <T> T transactionFlushedLater(Work<T> work) {
        if (inTransaction) {
            throw new IllegalStateException("a transaction is already open on this connection: transactions do not nest");
        }
        try (Statement st = connection().createStatement()) {
            st.execute("pragma synchronous=normal");
        } catch (SQLException e) {
            broken = "setting synchronous=normal failed: " + e.getMessage();
            throw new StoreException(e);
        }
        Throwable failure = null;
        try {
            return transaction(work);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute(restoreDurability);
            } catch (SQLException e) {
                broken = "restoring synchronous=full failed: " + e.getMessage();
                IllegalStateException fatal = new IllegalStateException("could not restore durable commits"
                        + " (synchronous=full) after a flushed-later transaction; the connection will be reopened: "
                        + e.getMessage(), e);
                if (failure != null) {
                    fatal.addSuppressed(failure);
                }
                throw fatal;
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to protect
        }
    }

    /** A database error, unchecked so that stages can let it reach their failure handling. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
