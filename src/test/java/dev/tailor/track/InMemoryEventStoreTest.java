package dev.tailor.track;

/** The in-memory event store keeps the event store contract. */
class InMemoryEventStoreTest extends EventStoreContract {

    @Override
    protected EventStore newStore() {
        return new InMemoryEventStore();
    }
}
