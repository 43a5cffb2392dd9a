package dev.tailor.optimize;

/** The in-memory decision store keeps the decision store contract. */
class InMemoryDecisionStoreTest extends DecisionStoreContract {

    @Override
    protected DecisionStore newStore() {
        return new InMemoryDecisionStore();
    }
}
