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
            SqliteSchema::erasureMarks);

    /** Creates what is missing and migrates what is old; must be idempotent. */
    void apply(Connection connection) throws SQLException;

    /** The table of {@code store.sql.SqlErasureMarks}, the adapter SQLite shares with PostgreSQL (its migration V2). */
    private static void erasureMarks(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("""
                create table if not exists erasure_marks (
                  topic text not null,
                  kafka_partition integer not null,
                  kafka_offset integer not null,
                  user_id text not null,
                  erased_at integer not null,
                  primary key (topic, kafka_partition, kafka_offset))""");
        }
    }
}
