package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.RolloutPolicy.Arm;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RolloutStore} does, whatever keeps the rollouts; one subclass per adapter. */
public abstract class RolloutStoreContract {

    private RolloutStore store;

    /** A new, empty store. */
    protected abstract RolloutStore newStore();

    /** The visitor reached a goal: a goal event received at that time, where the store's adapter counts them. */
    protected abstract void goalReceived(String userId, long receivedAt);

    /** Any event of the visitor, received at that time: its type, the goal's name for a goal (else null), engaged seconds. */
    protected abstract void eventReceived(String userId, String event, String goal, double timeSpent, long receivedAt);

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static Rollout rollout(String variantKey, int percent, RolloutStatus status, int looks) {
        return new Rollout(variantKey, "content_rich", "ann", percent, status, 1_000 + percent, "at " + percent + "%", looks);
    }

    private static Exposure exposure(String variantKey, int stage, String userId, String arm, long at) {
        return new Exposure(variantKey, stage, userId, arm, at);
    }

    @Test
    void aSavedRolloutIsReadBackAndSavingItAgainReplacesIt() {
        store.save(rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 0), true);
        store.save(rollout("other@base", 100, RolloutStatus.COMPLETE, 0), true);
        Rollout looked = rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 2);
        store.save(looked, false);
        assertThat(store.rollouts()).containsExactlyInAnyOrder(looked, rollout("other@base", 100, RolloutStatus.COMPLETE, 0));
    }

    @Test
    void onlyAVisitorsFirstExposurePerStageCounts() {
        store.recordExposures(List.of(exposure("plan@base", 5, "bob", Experiments.TREATMENT, 100)));
        store.recordExposures(List.of(exposure("plan@base", 5, "bob", Experiments.CONTROL, 200),
                exposure("plan@base", 25, "bob", Experiments.CONTROL, 300)));
        assertThat(store.arms("plan@base", 5)).containsExactly(Map.entry(Experiments.TREATMENT, new Arm(1, 0)));
        assertThat(store.arms("plan@base", 25)).containsExactly(Map.entry(Experiments.CONTROL, new Arm(1, 0)));
    }

    @Test
    void anArmCountsItsVisitorsAndThoseWhoReachedAGoalFromTheirExposureOn() {
        store.recordExposures(List.of(
                exposure("plan@base", 5, "bob", Experiments.TREATMENT, 100),
                exposure("plan@base", 5, "cat", Experiments.TREATMENT, 100),
                exposure("plan@base", 5, "dan", Experiments.CONTROL, 100),
                exposure("plan@base", 5, "eve", Experiments.CONTROL, 100),
                exposure("plan@base", 25, "fay", Experiments.TREATMENT, 100),
                exposure("other@base", 5, "gus", Experiments.TREATMENT, 100)));
        goalReceived("bob", 150);
        goalReceived("bob", 160); // one visitor converts once
        goalReceived("cat", 50); // before the exposure: not the variant's doing
        goalReceived("dan", 100); // the same millisecond counts
        goalReceived("fay", 150);
        goalReceived("gus", 150);
        assertThat(store.arms("plan@base", 5)).containsOnly(
                Map.entry(Experiments.TREATMENT, new Arm(2, 1)), Map.entry(Experiments.CONTROL, new Arm(2, 1)));
        assertThat(store.arms("plan@base", 50)).isEmpty();
    }

    @Test
    void aVisitorFlaggedAsAutomationCountsInNoArmWhenEverTheFlagCame() {
        store.recordExposures(List.of(exposure("plan@base", 5, "person", Experiments.CONTROL, 100),
                exposure("plan@base", 5, "script", Experiments.CONTROL, 100)));
        goalReceived("person", 150);
        goalReceived("script", 150);
        assertThat(store.arms("plan@base", 5)).containsExactly(Map.entry(Experiments.CONTROL, new Arm(2, 2)));
        // flagged after its goal: left out of the stage it was already counted in
        store.recordExposures(List.of(exposure(Experiments.AUTOMATED_VISITORS, 0, "script", Experiments.AUTOMATED, 200)));
        assertThat(store.arms("plan@base", 5)).containsExactly(Map.entry(Experiments.CONTROL, new Arm(1, 1)));
        assertThat(store.visitorsWithIdPrefix(Experiments.AUTOMATED_VISITORS, "")).isEqualTo(1);
    }

    @Test
    void visitorsWithAnIdPrefixAreCountedOnceAcrossStages() {
        store.recordExposures(List.of(
                exposure("plan@base", 5, "sim-1", Experiments.CONTROL, 100),
                exposure("plan@base", 25, "sim-1", Experiments.TREATMENT, 200),
                exposure("plan@base", 25, "sim-2", Experiments.CONTROL, 200),
                exposure("plan@base", 25, "simon", Experiments.CONTROL, 200),
                exposure("other@base", 5, "sim-3", Experiments.CONTROL, 100)));
        assertThat(store.visitorsWithIdPrefix("plan@base", Experiments.SIMULATED_PREFIX)).isEqualTo(2);
        assertThat(store.visitorsWithIdPrefix("none@base", Experiments.SIMULATED_PREFIX)).isZero();
    }

    @Test
    void erasingAVisitorsExposuresLeavesEveryoneElses() {
        store.recordExposures(List.of(
                exposure("plan@base", 5, "bob", Experiments.CONTROL, 100),
                exposure("plan@base", 25, "bob", Experiments.TREATMENT, 200),
                exposure("plan@base", 25, "cat", Experiments.CONTROL, 200)));
        assertThat(store.eraseExposures("bob")).isEqualTo(2);
        assertThat(store.eraseExposures("bob")).isZero();
        assertThat(store.arms("plan@base", 5)).isEmpty();
        assertThat(store.arms("plan@base", 25)).containsExactly(Map.entry(Experiments.CONTROL, new Arm(1, 0)));
    }

    @Test
    void experimentsOpenedOnTheStoreSeeWhatEarlierOnesWrote() {
        RolloutPolicy policy = new RolloutPolicy(TailorConfig.from(Map.of("TAILOR_HOLDOUT", "0")).rollout());
        Experiments before = new Experiments(store, policy, Clock.systemUTC());
        Rollout started = before.start("plan@base", "content_rich", "ann");
        for (int i = 0; i < 30; i++) {
            before.route("plan@base", "v" + i);
        }
        before.close();

        Experiments after = new Experiments(store, policy, Clock.systemUTC());
        assertThat(after.rollout("plan@base")).contains(started);
        Experiments.Report report = after.reports().get(0);
        assertThat(report.treatment().visitors() + report.control().visitors()).isEqualTo(30);
    }

    @Test
    void eachMetricCountsTheVisitorsWhoDidItAfterTheirExposure() {
        store.recordExposures(List.of(
                exposure("plan@base", 5, "bob", Experiments.TREATMENT, 100),
                exposure("plan@base", 5, "cat", Experiments.TREATMENT, 100),
                exposure("plan@base", 5, "dan", Experiments.CONTROL, 100),
                exposure("plan@base", 5, "eve", Experiments.CONTROL, 100),
                exposure("plan@base", 5, "old", Experiments.CONTROL, 10)));
        eventReceived("bob", "goal", "signup", 0, 150);
        eventReceived("cat", "goal", "add_to_cart", 0, 150);
        eventReceived("cat", "goal", "signup", 0, 50); // before the exposure
        eventReceived("dan", "error", null, 0, 120);
        eventReceived("dan", "error", null, 0, 130); // one visitor with errors, however many
        eventReceived("eve", "page_view", null, 3, 110);
        eventReceived("eve", "page_view", null, 2, 120); // two page views: engaged, not a bounce
        eventReceived("dan", "page_view", null, 4, 110); // one page view, 4 s, no goal: a bounce
        store.recordExposures(List.of(Exposure.renderFallback("plan@base", 5, "cat", 140),
                Exposure.renderFallback("plan@base", 25, "bob", 140))); // another stage's fallback
        List<Metric> metrics = List.of(Metric.ANY_GOAL, Metric.goal("signup"), Metric.goal("add_to_cart"),
                Metric.JS_ERRORS, Metric.RENDER_FALLBACKS, Metric.BOUNCE);

        Map<String, ArmCounts> arms = store.metrics("plan@base", 5, 100, metrics);

        assertThat(arms).containsOnlyKeys(Experiments.TREATMENT, Experiments.CONTROL); // "old" was exposed before 100
        ArmCounts t = arms.get(Experiments.TREATMENT);
        ArmCounts c = arms.get(Experiments.CONTROL);
        assertThat(t.visitors()).isEqualTo(2);
        assertThat(c.visitors()).isEqualTo(2);
        assertThat(List.of(t.reached(Metric.ANY_GOAL), t.reached(Metric.goal("signup")), t.reached(Metric.goal("add_to_cart")),
                t.reached(Metric.JS_ERRORS), t.reached(Metric.RENDER_FALLBACKS), t.reached(Metric.BOUNCE)))
                .containsExactly(2, 1, 1, 0, 1, 0);
        assertThat(List.of(c.reached(Metric.ANY_GOAL), c.reached(Metric.goal("signup")), c.reached(Metric.goal("add_to_cart")),
                c.reached(Metric.JS_ERRORS), c.reached(Metric.RENDER_FALLBACKS), c.reached(Metric.BOUNCE)))
                .containsExactly(0, 0, 0, 1, 0, 1);
        assertThat(store.metrics("plan@base", 5, 0, metrics).get(Experiments.CONTROL).visitors()).isEqualTo(3);
        // the decline test's view of the arms is the any-goal metric
        assertThat(store.arms("plan@base", 5)).containsOnly(
                Map.entry(Experiments.TREATMENT, new Arm(2, 2)), Map.entry(Experiments.CONTROL, new Arm(3, 0)));
    }

    @Test
    void theHistoryOfARolloutIsReadBackOldestFirstAndOnlyWhereAsked() {
        store.save(rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 0), true);
        store.save(rollout("plan@base", 5, RolloutStatus.ROLLING_OUT, 1), false); // a look spent: no event of its life
        store.save(rollout("plan@base", 25, RolloutStatus.ROLLED_BACK, 0), true);
        store.save(rollout("other@base", 5, RolloutStatus.ROLLING_OUT, 0), true);
        assertThat(store.history("plan@base")).containsExactly(
                new RolloutHistoryEntry(1_005, 5, RolloutStatus.ROLLING_OUT, "at 5%"),
                new RolloutHistoryEntry(1_025, 25, RolloutStatus.ROLLED_BACK, "at 25%"));
        assertThat(store.history("none@base")).isEmpty();
    }

    @Test
    void snapshotsAreReadBackPerVariantOldestFirstWithEveryArmAndMetric() {
        ArmCounts treatment = new ArmCounts(40, Map.of("any_goal", 7, "js_errors", 1));
        ArmCounts control = new ArmCounts(760, Map.of("any_goal", 99, "js_errors", 0));
        RolloutSnapshot later = new RolloutSnapshot("plan@base", 20_000, 25, Map.of(Experiments.TREATMENT, treatment));
        RolloutSnapshot earlier = new RolloutSnapshot("plan@base", 10_000, 5,
                Map.of(Experiments.TREATMENT, treatment, Experiments.CONTROL, control));
        store.saveSnapshot(later);
        store.saveSnapshot(earlier);
        store.saveSnapshot(new RolloutSnapshot("other@base", 15_000, 5, Map.of(Experiments.CONTROL, control)));
        assertThat(store.snapshots("plan@base")).containsExactly(earlier, later);
        assertThat(store.snapshots("none@base")).isEmpty();

        RolloutSnapshot retaken = new RolloutSnapshot("plan@base", 20_000, 25,
                Map.of(Experiments.TREATMENT, new ArmCounts(41, Map.of("any_goal", 8, "js_errors", 1))));
        store.saveSnapshot(retaken); // the same moment again replaces it
        assertThat(store.snapshots("plan@base")).containsExactly(earlier, retaken);
    }
}
