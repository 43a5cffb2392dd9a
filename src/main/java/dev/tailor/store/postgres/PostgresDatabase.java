package dev.tailor.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tailor.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The shared store: a PostgreSQL database behind a HikariCP pool, its schema brought up to date by
 * Flyway from the versioned scripts in {@code db/postgres/} at open. Several Tailor nodes may use
 * it at once; each write is one transaction, committed durably ({@code synchronous_commit=on},
 * PostgreSQL's default) before it returns, unless {@link #transactionFlushedLater} says otherwise.
 */
public final class PostgresDatabase implements Jdbc, AutoCloseable {

    /** Where the database is and who Tailor is there. */
    public record Location(String url, String user, String password) {
        public Location {
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                String scheme = url == null ? "nothing" : url.contains("//") ? url.substring(0, url.indexOf("//") + 2) + "…" : "no //";
                throw new IllegalArgumentException("TAILOR_DATABASE_URL must look like jdbc:postgresql://host:port/database,"
                        + " not " + scheme);
            }
        }

        /** The URL without its parameters (which may hold a password). */
        public String safeUrl() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query) + "?…";
        }

        @Override
        public String toString() { // never the password
            return safeUrl() + (user == null ? "" : " as " + user);
        }
    }

    private final Location location;
    private final HikariDataSource pool;

    private PostgresDatabase(Location location, HikariDataSource pool) {
        this.location = location;
        this.pool = pool;
    }

    /**
     * Connects, and migrates the schema to the newest version. Fails with what to check when the
     * database cannot be reached or migrated.
     */
    public static PostgresDatabase open(Location location) {
        return open(location, dev.tailor.config.Durability.FULL);
    }

    /**
     * @param durability {@code PROCESS}: Tailor's sessions commit with {@code synchronous_commit=off} (the server
     *                   has the commit, its WAL reaches the disk within the server's {@code wal_writer_delay}), so an
     *                   acknowledged event survives a kill of Tailor but not a crash of the database's machine
     */
    public static PostgresDatabase open(Location location, dev.tailor.config.Durability durability) {
        HikariConfig config = new HikariConfig();
        if (durability == dev.tailor.config.Durability.PROCESS) {
            config.setConnectionInitSql("set synchronous_commit = off");
        }
        config.setJdbcUrl(location.url());
        config.setUsername(location.user());
        config.setPassword(location.password());
        config.setPoolName("tailor-postgres");
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        // a node that cannot reach the database says so within 5 s, not after the pool's default 30 s
        config.setInitializationFailTimeout(5_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "tailor");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + location + " (TAILOR_DATABASE_URL, "
                    + "TAILOR_DATABASE_USER, TAILOR_DATABASE_PASSWORD): " + rootMessage(e)
                    + "; check that the server runs, that the address is reachable and that the credentials are right", e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/postgres").table("tailor_schema_history")
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot bring the PostgreSQL schema at " + location + " up to date: "
                    + rootMessage(e), e);
        }
        return new PostgresDatabase(location, pool);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    public Location location() {
        return location;
    }

    /** Runs work on a pooled connection without a transaction (single statements, reads). */
    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(location, e);
        }
    }

    /** Runs work in one transaction, committed durably: all of it is on disk when this returns, or none of it. */
    @Override
    public <T> T transaction(Work<T> work) {
        return transaction(work, false);
    }

    /**
     * Runs work in one transaction whose commit does not wait for the write-ahead log to reach the
     * disk ({@code synchronous_commit=off} for this transaction only): atomic, and flushed by the
     * server within a fraction of a second; a crash of the server before then can lose it. For
     * derived, high-volume records (trigger decisions), never for anything a caller is told is stored.
     */
    @Override
    public <T> T transactionFlushedLater(Work<T> work) {
        return transaction(work, true);
    }

    private <T> T transaction(Work<T> work, boolean flushedLater) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (flushedLater) {
                    try (Statement st = c.createStatement()) {
                        st.execute("set local synchronous_commit = off");
                    }
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(location, e);
        }
    }

    /** Whether the database answers now, or why not (for {@code /healthz}). */
    public String probe() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("select 1");
            return "ok";
        } catch (SQLException | RuntimeException e) {
            return "unreachable: " + rootMessage(e);
        }
    }

    /** A new connection outside the pool, for what must keep one session (leases). */
    Connection dedicatedConnection() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (location.user() != null) {
            props.setProperty("user", location.user());
        }
        if (location.password() != null) {
            props.setProperty("password", location.password());
        }
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "tailor-leases");
        props.setProperty("connectTimeout", "10");
        return new org.postgresql.Driver().connect(location.url(), props);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A database error, unchecked so that stages can let it reach their failure handling. */
    public static final class StoreException extends RuntimeException {
        StoreException(Location location, SQLException cause) {
            super("PostgreSQL error (" + location.safeUrl() + "): " + cause.getMessage(), cause);
        }
    }
}
