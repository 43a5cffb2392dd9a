package dev.tailor.store;

import dev.tailor.experiment.RolloutStore;
import dev.tailor.optimize.DecisionStore;
import dev.tailor.optimize.JobStore;
import dev.tailor.profile.ProfileStore;
import dev.tailor.track.EventStore;
import dev.tailor.variant.VariantStore;

/**
 * Every store Tailor keeps its state in, one adapter per port, opened together and closed
 * together: the SQLite file by default ({@code store.sqlite.SqliteStores}), in-memory stores in
 * tests. Each port lives in the package that owns its data; this is only where they meet.
 *
 * @param resource what closing the stores closes (the database connection), after every user of them stopped
 */
public record Stores(EventStore events, ProfileStore profiles, DecisionStore decisions, JobStore jobs,
                     VariantStore variants, RolloutStore rollouts, AutoCloseable resource) implements AutoCloseable {

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the stores failed: " + e.getMessage(), e);
        }
    }
}
