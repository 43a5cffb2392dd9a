package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Decisions other than to optimize are written behind, together; until then the log still answers for them. */
class DecisionLogWriteBehindTest {

    @Test
    void skipsWaitUntilAFlushWritesThemAndAreReadAndErasedMeanwhile() {
        InMemoryDecisionStore store = new InMemoryDecisionStore();
        DecisionLog log = new DecisionLog(store);
        log.record("u", TriggerPolicy.Decision.skip("too_few_events", "only 2 events"), 1);
        log.record("u", TriggerPolicy.Decision.skip("no_plan", "nothing to emphasize"), 2);
        log.record("v", TriggerPolicy.Decision.skip("no_plan", "nothing to emphasize"), 3);

        assertThat(store.recentFor("u", 10)).isEmpty();
        assertThat(log.recentFor("u", 10)).extracting(DecisionLog.Entry::reason)
                .containsExactly("nothing to emphasize", "only 2 events");

        assertThat(log.erase("v")).isEqualTo(1);
        log.flush();
        assertThat(store.recentFor("u", 10)).extracting(DecisionLog.Entry::decidedAt).containsExactly(2L, 1L);
        assertThat(store.recentFor("v", 10)).isEmpty();
        assertThat(log.recentFor("u", 10)).hasSize(2); // written once, read once
    }

    @Test
    void aDecisionToOptimizeIsWrittenAtOnceForTheBudget() {
        InMemoryDecisionStore store = new InMemoryDecisionStore();
        DecisionLog log = new DecisionLog(store, 1);
        assertThat(log.record("u", new TriggerPolicy.Decision(true, "optimize", "calls for a plan"), 1).optimize()).isTrue();
        assertThat(log.optimizationsSince(0)).containsExactly(1L);
        assertThat(log.record("v", new TriggerPolicy.Decision(true, "optimize", "calls for a plan"), 2).code())
                .isEqualTo("budget_spent");
        log.close();
        assertThat(store.recentFor("v", 10)).extracting(DecisionLog.Entry::outcome).containsExactly("skip");
    }
}
