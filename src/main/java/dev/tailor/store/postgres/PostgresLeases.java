package dev.tailor.store.postgres;

import dev.tailor.schedule.Leases;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as PostgreSQL session-level advisory locks, all of this node's on one dedicated
 * connection: a lease is held until it is closed or until that session ends, so a node that dies
 * (even by SIGKILL) releases its leases the moment the server sees its connection close. Advisory
 * locks are re-entrant within a session, so this node also keeps the set of keys it holds: a
 * second thread of the same node never gets a lease the first still holds.
 *
 * <p>Waiting ({@link #acquire}) polls every {@value #WAIT_POLL_MILLIS} ms rather than blocking the
 * one connection every lease of this node goes through.
 */
final class PostgresLeases implements Leases, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresLeases.class);
    static final long WAIT_POLL_MILLIS = 100;

    private final PostgresDatabase db;
    private final Set<String> held = new HashSet<>();
    private Connection session;
    /** The schema Tailor's tables are in: two installations sharing one database never share a lease. */
    private String namespace;

    PostgresLeases(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String key) {
        if (held.contains(key)) {
            return Optional.empty();
        }
        if (!call("select pg_try_advisory_lock(?)", key)) {
            return Optional.empty();
        }
        held.add(key);
        return Optional.of(new Lease() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (PostgresLeases.this) {
                    if (!closed) {
                        closed = true;
                        release(key);
                    }
                }
            }
        });
    }

    @Override
    public Lease acquire(String key) {
        while (true) {
            Optional<Lease> lease = tryAcquire(key);
            if (lease.isPresent()) {
                return lease.get();
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the lease " + key, e);
            }
        }
    }

    private void release(String key) {
        held.remove(key);
        try {
            call("select pg_advisory_unlock(?)", key);
        } catch (RuntimeException e) {
            // the session is gone (and its locks with it) or will be replaced: either way nothing stays locked
            log.warn("releasing the lease {} failed: {}", key, e.getMessage());
        }
    }

    /** Runs a one-boolean query on the lease session, reopening it first when it broke. */
    private boolean call(String sql, String key) {
        try {
            if (session == null || !session.isValid(2)) {
                reopen();
            }
            try (PreparedStatement st = session.prepareStatement(sql)) {
                st.setLong(1, lockId(namespace + ":" + key));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            closeSession();
            throw new IllegalStateException("the lease " + key + " could not be asked for at " + db.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private void reopen() throws SQLException {
        if (session != null && !held.isEmpty()) {
            // the old session ended, so its locks did: another node may take them while this one still works
            log.warn("the lease session to PostgreSQL was lost while holding {}; those leases may now be taken by another node", held);
        }
        closeSession();
        held.clear();
        session = db.dedicatedConnection();
        try (var st = session.createStatement(); ResultSet rs = st.executeQuery("select current_schema()")) {
            namespace = rs.next() ? rs.getString(1) : "";
        }
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // replacing it
            }
            session = null;
        }
    }

    /** The advisory lock id of a key (in its schema): the first 64 bits of its SHA-256, the same on every node. */
    static long lockId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("tailor-lease:" + key).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        held.clear();
        closeSession(); // ends the session: every lease of this node is released
    }
}
