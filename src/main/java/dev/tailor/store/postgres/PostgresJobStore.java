package dev.tailor.store.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.sql.SqlJobStore;

/** Optimization jobs on PostgreSQL: the shared SQL of {@link SqlJobStore}; the table (and its {@code seq}) is Flyway's. */
public final class PostgresJobStore extends SqlJobStore {

    public PostgresJobStore(PostgresDatabase db, ObjectMapper json) {
        super(db, json, "seq", new JsonFields("(json::jsonb ->> 'reused') = 'true'", "(json::jsonb ->> 'costUsd')::float8"));
    }
}
