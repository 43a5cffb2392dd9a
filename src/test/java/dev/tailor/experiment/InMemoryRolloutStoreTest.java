package dev.tailor.experiment;

class InMemoryRolloutStoreTest extends RolloutStoreContract {

    private InMemoryRolloutStore store;

    @Override
    protected RolloutStore newStore() {
        store = new InMemoryRolloutStore();
        return store;
    }

    @Override
    protected void eventReceived(String userId, String event, String goal, double timeSpent, long receivedAt) {
        if (event.equals("goal")) {
            store.goalReceived(userId, goal, receivedAt);
        } else {
            store.eventReceived(userId, event, timeSpent, receivedAt);
        }
    }

    @Override
    protected void goalReceived(String userId, long receivedAt) {
        store.goalReceived(userId, receivedAt);
    }
}
