package dev.tailor.store.postgres;

import dev.tailor.store.sql.SqlDecisionStore;
import java.sql.PreparedStatement;

/** Trigger decisions on PostgreSQL: the shared SQL of {@link SqlDecisionStore}; the table is Flyway's. */
public final class PostgresDecisionStore extends SqlDecisionStore {

    /** The advisory lock of the hourly budget ("budget" in ASCII): distinct from the leases' hashed keys in practice. */
    private static final long BUDGET_LOCK = 0x6275646765740000L;

    /**
     * Every node's claim takes the same transaction-scoped advisory lock first, so counting and
     * inserting is one step across nodes; the lock goes with the commit.
     */
    public PostgresDecisionStore(PostgresDatabase db) {
        super(db, connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                lock.setLong(1, BUDGET_LOCK);
                lock.execute();
            }
        });
    }
}
