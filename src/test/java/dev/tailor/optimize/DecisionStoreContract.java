package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DecisionStore} adapter does, as the decision log, the hourly budget and
 * erasure rely on it: one subclass per adapter runs these against it.
 */
public abstract class DecisionStoreContract {

    private static final long T0 = 1_740_000_000_000L;

    private DecisionStore store;

    /** A new, empty store. */
    protected abstract DecisionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static DecisionLog.Entry entry(String user, long at, String outcome) {
        return new DecisionLog.Entry(user, at, outcome, outcome + " for " + user + " at " + at);
    }

    @Test
    void aBatchIsKeptInItsOrderLikeOneAddEach() {
        store.addAll(java.util.List.of(entry("ann", 1, "skip"), entry("bob", 2, "match"), entry("ann", 3, "match")));
        store.addAll(java.util.List.of());
        assertThat(store.recentFor("ann", 10)).containsExactly(entry("ann", 3, "match"), entry("ann", 1, "skip"));
        assertThat(store.decidedSince("match", 0)).containsExactly(2L, 3L);
    }

    @Test
    void aVisitorsDecisionsComeBackNewestFirstUpToTheLimit() {
        store.add(entry("ann", T0, "skip"));
        store.add(entry("bob", T0 + 1, "optimize"));
        store.add(entry("ann", T0 + 2, "optimize"));
        store.add(entry("ann", T0 + 3, "match"));

        assertThat(store.recentFor("ann", 10)).containsExactly(entry("ann", T0 + 3, "match"),
                entry("ann", T0 + 2, "optimize"), entry("ann", T0, "skip"));
        assertThat(store.recentFor("ann", 2)).containsExactly(entry("ann", T0 + 3, "match"), entry("ann", T0 + 2, "optimize"));
        assertThat(store.recentFor("nobody", 10)).isEmpty();
    }

    @Test
    void theTimesOfOneOutcomeAfterAMomentComeOldestFirst() {
        store.add(entry("ann", T0 + 20, "optimize"));
        store.add(entry("bob", T0 + 10, "optimize"));
        store.add(entry("cy", T0 + 15, "match"));
        store.add(entry("dan", T0, "optimize"));

        assertThat(store.decidedSince("optimize", T0)).as("strictly after").containsExactly(T0 + 10, T0 + 20);
        assertThat(store.decidedSince("match", T0)).containsExactly(T0 + 15);
        assertThat(store.decidedSince("optimize", T0 + 20)).isEmpty();
    }

    @Test
    void erasingAVisitorDeletesTheirDecisionsOnly() {
        store.add(entry("ann", T0, "skip"));
        store.add(entry("ann", T0 + 1, "optimize"));
        store.add(entry("bob", T0 + 2, "optimize"));

        assertThat(store.erase("ann")).isEqualTo(2);

        assertThat(store.recentFor("ann", 10)).isEmpty();
        assertThat(store.decidedSince("optimize", 0)).containsExactly(T0 + 2);
        assertThat(store.erase("ann")).isZero();
    }

    @Test
    void theBudgetKeepsADecisionOnlyWhileFewerThanTheMaximumWereTakenInTheWindow() {
        store.add(entry("old", T0 - 10, "optimize")); // before the window: not counted
        store.add(entry("skipped", T0 + 1, "skip")); // another outcome: not counted
        assertThat(store.addWithin(entry("a", T0 + 2, "optimize"), T0, 2)).isTrue();
        assertThat(store.addWithin(entry("b", T0 + 3, "optimize"), T0, 2)).isTrue();
        assertThat(store.addWithin(entry("c", T0 + 4, "optimize"), T0, 2)).as("the third of a budget of 2").isFalse();
        assertThat(store.recentFor("c", 10)).as("a refused claim keeps nothing").isEmpty();
        assertThat(store.decidedSince("optimize", T0)).containsExactly(T0 + 2, T0 + 3);
        assertThat(store.addWithin(entry("d", T0 + 5, "optimize"), T0 + 2, 2)).as("once the first left the window").isTrue();
    }
}
