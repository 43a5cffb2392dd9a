package dev.tailor.store.postgres;

import dev.tailor.store.sql.SqlVariantStore;

/** The variant catalog on PostgreSQL: the shared SQL of {@link SqlVariantStore}; the tables are Flyway's. */
public final class PostgresVariantStore extends SqlVariantStore {

    public PostgresVariantStore(PostgresDatabase db) {
        super(db);
    }
}
