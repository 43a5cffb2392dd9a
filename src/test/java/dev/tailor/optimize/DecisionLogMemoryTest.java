package dev.tailor.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A flood of made-up visitor ids cannot grow the decision log's memory of each visitor's last decision. */
class DecisionLogMemoryTest {

    @Test
    void aFloodOfUniqueVisitorsRemembersAtMostTheBoundAndAForgottenOneIsWrittenOnceMore() {
        InMemoryDecisionStore store = new InMemoryDecisionStore();
        DecisionLog log = new DecisionLog(store);
        TriggerPolicy.Decision skip = TriggerPolicy.Decision.skip("few_events", "only 2 events");
        int visitors = DecisionLog.MAX_VISITORS_REMEMBERED + 10_000;
        for (int i = 0; i < visitors; i++) {
            log.record("v" + i, skip, i);
        }
        assertThat(log.remembered()).isEqualTo(DecisionLog.MAX_VISITORS_REMEMBERED);
        log.record("v" + (visitors - 1), skip, visitors); // remembered: the same skip again is not written
        assertThat(log.recentFor("v" + (visitors - 1), 10)).hasSize(1);
        log.record("v0", skip, visitors); // forgotten: written once more
        assertThat(log.recentFor("v0", 10)).hasSize(2);
    }
}
