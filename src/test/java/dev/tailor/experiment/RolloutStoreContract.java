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
        RolloutPolicy policy = new RolloutPolicy(TailorConfig.from(Map.of()).rollout());
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
}
