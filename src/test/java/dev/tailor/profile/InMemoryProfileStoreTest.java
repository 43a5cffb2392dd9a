package dev.tailor.profile;

import dev.tailor.track.InMemoryEventStore;

/** The in-memory profile store keeps the profile store contract. */
class InMemoryProfileStoreTest extends ProfileStoreContract {

    @Override
    protected Stores newStores() {
        InMemoryEventStore events = new InMemoryEventStore();
        return new Stores(new InMemoryProfileStore(user -> !events.eventsOf(user).isEmpty()), events);
    }
}
