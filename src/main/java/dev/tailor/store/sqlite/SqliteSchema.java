package dev.tailor.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The tables of one SQLite adapter: created when missing and brought up to date from files an
 * older Tailor wrote. Each adapter owns its own; {@link Database#open} applies them all, in the
 * order of {@link #ALL}, so a test that opens a bare database file still gets every table.
 */
@FunctionalInterface
interface SqliteSchema {

    /** Every adapter's schema, in the order they are applied. */
    java.util.List<SqliteSchema> ALL = java.util.List.of(
            SqliteEventStore.SCHEMA,
            SqliteProfileStore.SCHEMA,
            SqliteDecisionStore.SCHEMA,
            SqliteJobStore.SCHEMA,
            SqliteVariantStore.SCHEMA,
            SqliteRolloutStore.SCHEMA,
            SqliteErasureMarks.SCHEMA);

    /** Creates what is missing and migrates what is old; must be idempotent. */
    void apply(Connection connection) throws SQLException;
}
