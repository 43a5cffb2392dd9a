package dev.tailor.store.sqlite;

import dev.tailor.config.Durability;
import dev.tailor.store.sql.Jdbc;
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
public final class Database implements Jdbc, AutoCloseable {


    private final Path file;
    /** How far a commit goes before it returns: to the disk, or to the operating system ({@code TAILOR_DURABILITY}). */
    private final Durability durability;
    /** The one connection; replaced only when it was left in a state that cannot be trusted. */
    private Connection connection;
    /** Why the connection must not be used again (it is reopened first), or null. */
    private String broken;
    private boolean inTransaction;
    /** The statement that restores this database's commits after {@link #transactionFlushedLater}; tests break it. */
    String restoreDurability;

    /** The file's identity (device and inode) when it was opened: a file deleted or replaced meanwhile has another, or none. */
    private final Object openedFileKey;

    private Database(Path file, Durability durability, Connection connection) {
        this.file = file;
        this.durability = durability;
        this.restoreDurability = "pragma synchronous=" + synchronous(durability);
        this.connection = connection;
        this.openedFileKey = fileKey(file);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether the database can keep what it is given now, or why not (for {@code /healthz} and
     * ingest): the file is still the one opened (SQLite goes on writing into a deleted file, and
     * everything written after is lost with it), it and its directory are writable (SQLite creates
     * its {@code -wal} and {@code -shm} files there when it opens), and a write commits (tried at most
     * once a second: {@code /healthz} is open to anyone, and each write is an fsync).
     */
    public String probe() {
        String file = fileProblem();
        if (file != null) {
            return file;
        }
        if (!Files.isWritable(this.file)) {
            return "the database file " + this.file.toAbsolutePath() + " is not writable";
        }
        if (!Files.isWritable(this.file.toAbsolutePath().getParent())) {
            return "the database's directory " + this.file.toAbsolutePath().getParent() + " is not writable";
        }
        long now = System.nanoTime();
        if (lastWriteProbe != null && now - lastWriteProbeAt < 1_000_000_000L) {
            return lastWriteProbe;
        }
        String result;
        try {
            transaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("create table if not exists health_probe (id integer primary key, at integer not null)");
                    st.execute("insert or replace into health_probe (id, at) values (1, " + System.currentTimeMillis() + ")");
                }
                return null;
            });
            result = "ok";
        } catch (RuntimeException e) {
            result = "the database does not take a write: " + e.getMessage();
        }
        lastWriteProbe = result;
        lastWriteProbeAt = now;
        return result;
    }

    /** Why the file on disk is not the one written to (deleted or replaced), or null when it is. */
    private String fileProblem() {
        Object key;
        try {
            key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return "the database file " + file.toAbsolutePath() + " was deleted while Tailor had it open:"
                    + " nothing written now would be kept; restore it or restart Tailor";
        }
        if (openedFileKey != null && !openedFileKey.equals(key)) {
            return "the database file " + file.toAbsolutePath() + " was replaced while Tailor had it open; restart Tailor";
        }
        return null;
    }

    private volatile String lastWriteProbe;
    private volatile long lastWriteProbeAt;

    /** The file with durable commits ({@link Durability#FULL}). */
    public static Database open(Path file) {
        return open(file, Durability.FULL);
    }

    public static Database open(Path file, Durability durability) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ownerOnly(file);
            Connection connection = connect(file, durability);
            try {
                for (SqliteSchema schema : SqliteSchema.ALL) {
                    schema.apply(connection);
                }
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new Database(file, durability, connection);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the database " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The database holds every visitor's events: readable by Tailor's user alone (0600). SQLite
     * creates its -wal and -shm files with the database file's permissions, so they follow.
     */
    private static void ownerOnly(Path file) throws IOException {
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path part = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, ownerOnly);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // the directory's permissions apply
        }
    }

    /**
     * SQLite's {@code synchronous} for the durability: FULL fsyncs the write-ahead log at every commit;
     * NORMAL (in WAL mode) writes it to the operating system at every commit and fsyncs at checkpoints,
     * so a commit survives a crash of the process but not of the machine.
     */
    private static String synchronous(Durability durability) {
        return durability == Durability.FULL ? "full" : "normal";
    }

    /**
     * Pages SQLite keeps in memory (negative: KiB): 64 MiB rather than the 2 MiB default, so that the
     * per-visitor dedup index of a large log stays in memory instead of costing a read per event.
     */
    static final int CACHE_KIB = 64 * 1024;

    /** A connection with Tailor's settings: WAL, commits as durable as asked, a busy timeout, foreign keys. */
    private static Connection connect(Path file, Durability durability) throws SQLException {
        // no generated keys: Tailor never reads them, and sqlite-jdbc would otherwise run a second
        // statement (select last_insert_rowid()) after every insert, doubling the event log's cost
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try (Statement st = connection.createStatement()) {
            st.execute("pragma journal_mode=wal");
            // FULL: a commit is on disk before we answer; group commit keeps it cheap. NORMAL only when asked.
            st.execute("pragma synchronous=" + synchronous(durability));
            st.execute("pragma cache_size=-" + CACHE_KIB);
            st.execute("pragma busy_timeout=5000");
            st.execute("pragma foreign_keys=on");
            // deleted rows are overwritten with zeros, not left in free pages: erasure erases the bytes
            st.execute("pragma secure_delete=on");
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
                connection = connect(file, durability);
                broken = null;
            } catch (SQLException e) {
                throw new IllegalStateException("the database connection was left unusable (" + broken
                        + ") and cannot be reopened: " + e.getMessage(), e);
            }
        }
        return connection;
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

    public Path file() {
        return file;
    }

    /** How far a commit goes before it returns. */
    public Durability durability() {
        return durability;
    }

    /** Runs work on the connection without a transaction (single statements, reads). */
    @Override
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
    @Override
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
                String gone = fileProblem(); // one stat: a commit into a deleted file would be acknowledged, then lost
                if (gone != null) {
                    throw new IllegalStateException(gone);
                }
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
     * reopened (with this database's {@code synchronous}) before its next use: a connection silently left at
     * NORMAL would acknowledge events that are not yet on disk.
     */
    @Override
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
                broken = "restoring synchronous=" + synchronous(durability) + " failed: " + e.getMessage();
                IllegalStateException fatal = new IllegalStateException("could not restore durable commits"
                        + " (synchronous=" + synchronous(durability) + ") after a flushed-later transaction; the connection will be reopened: "
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
