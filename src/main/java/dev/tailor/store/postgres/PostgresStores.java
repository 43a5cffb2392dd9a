package dev.tailor.store.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.store.Stores;
import dev.tailor.store.sql.SqlErasureMarks;

/**
 * The scale-out store: every store in one PostgreSQL database that several Tailor nodes share
 * ({@code TAILOR_DATABASE_URL}), with leases so that once-only work runs on one node.
 */
public final class PostgresStores {

    private PostgresStores() {
    }

    /**
     * The database {@code TAILOR_DATABASE_URL} names ({@code jdbc:postgresql://host:port/database}, with
     * {@code TAILOR_DATABASE_USER} and {@code TAILOR_DATABASE_PASSWORD}), or empty: SQLite, the embedded default.
     */
    public static java.util.Optional<PostgresDatabase.Location> configured(dev.tailor.config.Environment env) {
        return env.optional("TAILOR_DATABASE_URL").map(url -> new PostgresDatabase.Location(url,
                env.optional("TAILOR_DATABASE_USER").orElse(null), env.secret("TAILOR_DATABASE_PASSWORD").orElse(null)));
    }

    /** Connects, migrates the schema (Flyway, {@code db/postgres/}) and opens every adapter on one pool. */
    public static Stores open(PostgresDatabase.Location location, ObjectMapper json) {
        return open(location, json, dev.tailor.config.Durability.FULL);
    }

    /** @param durability how far a commit goes before an event is acknowledged ({@code TAILOR_DURABILITY}) */
    public static Stores open(PostgresDatabase.Location location, ObjectMapper json, dev.tailor.config.Durability durability) {
        PostgresDatabase db = PostgresDatabase.open(location, durability);
        PostgresLeases leases = new PostgresLeases(db);
        AutoCloseable resource = () -> {
            try (db; leases) {
                // leases first (their session ends, releasing them), then the pool
            }
        };
        return new Stores(new PostgresEventStore(db), new PostgresProfileStore(db, json), new PostgresDecisionStore(db),
                new PostgresJobStore(db, json), new PostgresVariantStore(db), new PostgresRolloutStore(db),
                new SqlErasureMarks(db), resource, leases, true,
                db::probe);
    }
}
