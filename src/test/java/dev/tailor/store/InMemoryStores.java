package dev.tailor.store;

import dev.tailor.experiment.InMemoryRolloutStore;
import dev.tailor.optimize.InMemoryDecisionStore;
import dev.tailor.optimize.InMemoryJobStore;
import dev.tailor.profile.InMemoryProfileStore;
import dev.tailor.stream.InMemoryErasureMarks;
import dev.tailor.track.InMemoryEventStore;
import dev.tailor.variant.InMemoryVariantStore;

/** Every store in memory, wired to each other as the SQLite file's tables are (goals and orphans read the log). */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    public static Stores create() {
        InMemoryEventStore events = new InMemoryEventStore();
        InMemoryRolloutStore rollouts = new InMemoryRolloutStore();
        events.onStored((event, receivedAt) -> {
            if (event.event().equals("goal")) {
                rollouts.goalReceived(event.userId(), receivedAt);
            }
        });
        return new Stores(events, new InMemoryProfileStore(user -> !events.eventsOf(user).isEmpty()),
                new InMemoryDecisionStore(), new InMemoryJobStore(), new InMemoryVariantStore(), rollouts, new InMemoryErasureMarks(), () -> { });
    }
}
