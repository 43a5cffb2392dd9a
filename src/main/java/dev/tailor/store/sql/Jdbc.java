package dev.tailor.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What an adapter in standard SQL needs of a database: work on a connection, read-only or in a
 * transaction. The SQLite {@code Database} and the PostgreSQL {@code PostgresDatabase} both offer
 * it, so one adapter class serves both where their SQL is the same.
 */
public interface Jdbc {

    /** A unit of work run on a connection, inside a transaction when asked for. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs work that only reads. */
    <T> T read(Work<T> work);

    /** Runs work in one transaction, committed durably before this returns. */
    <T> T transaction(Work<T> work);

    /** Runs work in one atomic transaction whose commit may reach the disk a little later (derived data). */
    <T> T transactionFlushedLater(Work<T> work);
}
