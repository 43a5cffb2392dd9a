package dev.tailor.store.postgres;

import dev.tailor.store.sql.SqlRolloutStore;

/**
 * Rollouts on PostgreSQL: the shared SQL of {@link SqlRolloutStore} (every node's exposures and every
 * node's events count); the tables are Flyway's.
 */
public final class PostgresRolloutStore extends SqlRolloutStore {

    /** ilike: ASCII letters in either case, as SQLite's like compares them. */
    public PostgresRolloutStore(PostgresDatabase db) {
        super(db, "ilike");
    }
}
