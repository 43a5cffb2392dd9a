package dev.tailor.store;

import dev.tailor.experiment.RolloutStore;
import dev.tailor.optimize.DecisionStore;
import dev.tailor.optimize.JobStore;
import dev.tailor.profile.ProfileStore;
import dev.tailor.schedule.Leases;
import dev.tailor.stream.ErasureMarks;
import dev.tailor.track.EventStore;
import dev.tailor.variant.VariantStore;
import java.util.function.Supplier;

/**
 * Every store Tailor keeps its state in, one adapter per port, opened together and closed
 * together: the SQLite file by default ({@code store.sqlite.SqliteStores}), PostgreSQL shared by
 * several nodes ({@code store.postgres.PostgresStores}), in-memory stores in tests. Each port
 * lives in the package that owns its data; this is only where they meet.
 *
 * @param erasureMarks visitors erased while their events were in the Kafka topic (unused without Kafka)
 * @param resource what closing the stores closes (the database connection), after every user of them stopped
 * @param leases   which node does once-only work: always this one unless the database is shared
 * @param shared   whether other nodes may write to these stores too (then each node polls them for
 *                 what the others changed)
 * @param health   whether the database answers now: {@code ok}, or why not (for {@code /healthz})
 */
public record Stores(EventStore events, ProfileStore profiles, DecisionStore decisions, JobStore jobs,
                     VariantStore variants, RolloutStore rollouts, ErasureMarks erasureMarks, AutoCloseable resource, Leases leases,
                     boolean shared, Supplier<String> health) implements AutoCloseable {

    /** Stores only this node uses: every lease is granted. */
    public Stores(EventStore events, ProfileStore profiles, DecisionStore decisions, JobStore jobs,
                  VariantStore variants, RolloutStore rollouts, ErasureMarks erasureMarks, AutoCloseable resource) {
        this(events, profiles, decisions, jobs, variants, rollouts, erasureMarks, resource, Leases.SINGLE_NODE, false, () -> "ok");
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the stores failed: " + e.getMessage(), e);
        }
    }
}
