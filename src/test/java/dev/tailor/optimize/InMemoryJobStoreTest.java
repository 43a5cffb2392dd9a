package dev.tailor.optimize;

class InMemoryJobStoreTest extends JobStoreContract {

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore();
    }
}
