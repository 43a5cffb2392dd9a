package dev.tailor.store.postgres;

import dev.tailor.experiment.RolloutStore;
import dev.tailor.experiment.RolloutStoreContract;
import dev.tailor.track.EventStore;
import dev.tailor.track.TrackEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL rollout store keeps the rollout store contract; goals are real events in the same database. */
class PostgresRolloutStoreTest extends RolloutStoreContract {

    private PostgresDatabase db;
    private int goals;

    @Override
    protected RolloutStore newStore() {
        db = TestPostgres.openNewDatabase();
        return new PostgresRolloutStore(db);
    }

    @Override
    protected void goalReceived(String userId, long receivedAt) {
        TrackEvent goal = new TrackEvent("goal-" + ++goals, userId, "s1", "goal", null, 0, 0, "signup", null, receivedAt, "{}");
        new PostgresEventStore(db).append(List.of(new EventStore.Batch(List.of(goal), List.of())), receivedAt);
    }

    @Override
    protected void eventReceived(String userId, String event, String goal, double timeSpent, long receivedAt) {
        TrackEvent e = new TrackEvent("event-" + ++goals, userId, "s1", event, null, timeSpent, 0, goal, null, receivedAt, "{}");
        new PostgresEventStore(db).append(List.of(new EventStore.Batch(List.of(e), List.of())), receivedAt);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
