package dev.tailor.experiment;

class InMemoryRolloutStoreTest extends RolloutStoreContract {

    private InMemoryRolloutStore store;

    @Override
    protected RolloutStore newStore() {
        store = new InMemoryRolloutStore();
        return store;
    }

    @Override
    protected void goalReceived(String userId, long receivedAt) {
        store.goalReceived(userId, receivedAt);
    }
}
