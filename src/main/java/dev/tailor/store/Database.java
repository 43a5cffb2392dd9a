package dev.tailor.store;

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

    private static final String[] SCHEMA = {
        """
        create table if not exists events (
          seq integer primary key autoincrement,
          event_id text not null unique,
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
          payload text not null)""",
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
        create table if not exists jobs (
          id text primary key,
          user_id text not null,
          status text not null,
          created_at integer not null,
          updated_at integer not null,
          json text not null)""",
        "create index if not exists jobs_by_user on jobs(user_id, created_at)",
        """
        create table if not exists variants (
          plan_hash text not null,
          base_commit text not null,
          audience text not null,
          plan_name text not null,
          commit_sha text not null,
          artifact_id text not null,
          deployment_id text not null,
          url text not null,
          created_at integer not null,
          primary key (plan_hash, base_commit))""",
        """
        create table if not exists assignments (
          user_id text primary key,
          plan_hash text not null,
          base_commit text not null,
          assigned_at integer not null)""",
        """
        create table if not exists trigger_decisions (
          id integer primary key autoincrement,
          user_id text not null,
          decided_at integer not null,
          outcome text not null,
          reason text not null)""",
        "create index if not exists decisions_by_user on trigger_decisions(user_id, id)",
        """
        create table if not exists rollouts (
          variant_key text primary key,
          variant text not null,
          owner text not null,
          percent integer not null,
          status text not null,
          stage_started_at integer not null,
          reason text not null)""",
        """
        create table if not exists rollout_history (
          id integer primary key autoincrement,
          variant_key text not null,
          at integer not null,
          percent integer not null,
          status text not null,
          reason text not null)""",
        """
        create table if not exists exposures (
          variant_key text not null,
          stage integer not null,
          user_id text not null,
          arm text not null,
          first_seen_at integer not null,
          primary key (variant_key, stage, user_id))""",
        "create index if not exists exposures_by_user on exposures(user_id)",
    };

    private final Connection connection;
    private final Path file;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static Database open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
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
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                migrate(connection);
            }
            return new Database(file, connection);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Brings a file created by an older Tailor up to the current schema. */
    private static void migrate(Connection connection) throws SQLException {
        boolean failedHasUser = false;
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("pragma table_info(failed_events)")) {
            while (rs.next()) {
                failedHasUser |= "user_id".equals(rs.getString("name"));
            }
        }
        try (Statement st = connection.createStatement()) {
            if (!failedHasUser) {
                st.execute("alter table failed_events add column user_id text");
            }
            st.execute("create index if not exists failed_by_user on failed_events(user_id)");
            st.execute("create index if not exists failed_by_received on failed_events(received_at)");
            st.execute("create index if not exists decisions_by_outcome on trigger_decisions(outcome, decided_at)");
        }
    }

    public Path file() {
        return file;
    }

    /** Runs work on the connection without a transaction (single statements, reads). */
    public synchronized <T> T read(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs work in one transaction: all of it is committed to disk, or none of it. */
    public synchronized <T> T transaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs work in one transaction whose commit does not wait for an fsync ({@code synchronous=normal}
     * for this commit only). It is atomic and survives a crash of the process at once; it reaches the
     * disk with the next durable {@link #transaction} (which fsyncs the write-ahead log, earlier
     * commits included) or checkpoint, so only a power loss or OS crash before then can lose it. For
     * derived, high-volume records (trigger decisions) that must not cost an fsync each — never for
     * anything a caller is told is stored.
     */
    public synchronized <T> T transactionFlushedLater(Work<T> work) {
        try (Statement st = connection.createStatement()) {
            st.execute("pragma synchronous=normal");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        try {
            return transaction(work);
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("pragma synchronous=full");
            } catch (SQLException e) {
                throw new StoreException(e);
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
