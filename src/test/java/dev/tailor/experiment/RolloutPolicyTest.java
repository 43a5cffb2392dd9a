package dev.tailor.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tailor.config.TailorConfig;
import dev.tailor.experiment.RolloutPolicy.Action;
import dev.tailor.experiment.RolloutPolicy.Arm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPolicyTest {

    private static final long MIN = 60_000;
    private final RolloutPolicy policy = new RolloutPolicy(TailorConfig.from(Map.of(
            "TAILOR_ROLLOUT_MIN_VISITORS", "100", "TAILOR_ROLLOUT_MIN_STAGE_TIME", "10m")).rollout());
    private final Rollout at5 = new Rollout("k", "analytics_prominent", "alyssa", 5, RolloutStatus.ROLLING_OUT, 0, "started", 0);

    @Test
    void theDefaultStagesAreTheSpecs() {
        assertThat(policy.stages()).containsExactly(5, 25, 100);
        assertThat(policy.nextStage(5)).isEqualTo(25);
        assertThat(policy.nextStage(25)).isEqualTo(100);
    }

    @Test
    void holdsWhileEitherArmHasTooFewVisitors() {
        var verdict = policy.judge(at5, new Arm(40, 4), new Arm(500, 50), 30 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.reason()).contains("40 treatment and 500 control visitors of 100 each");
    }

    @Test
    void holdsUntilTheStageHasRunLongEnough() {
        var verdict = policy.judge(at5, new Arm(120, 12), new Arm(900, 90), 4 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.reason()).contains("240 s of 600 s");
    }

    @Test
    void promotesWhenTheVariantIsNotWorse() {
        var verdict = policy.judge(at5, new Arm(120, 13), new Arm(900, 90), 11 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.PROMOTE);
        assertThat(verdict.reason()).contains("no decline at 5%", "10.8% (13/120)", "10.0% (90/900)");
    }

    @Test
    void rollsBackAsSoonAsTheDeclineIsClearWithEnoughVisitorsEvenBeforeTheStageTime() {
        var verdict = policy.judge(at5, new Arm(120, 2), new Arm(600, 120), 2 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.ROLL_BACK);
        assertThat(verdict.reason()).contains("1.7% (2/120)", "20.0% (120/600)", "worse at look 1 of the stage",
                "at most 5% chance");
        assertThat(verdict.looks()).isEqualTo(1);
    }

    @Test
    void eachLookSpendsHalfTheRemainingErrorBudgetSoRepeatedChecksStayWithinIt() {
        // α = 5%: look 1 tests at 2.5% (z 1.96), look 2 at 1.25% (z 2.24), look 3 at 0.625% (z 2.50) …
        assertThat(policy.criticalZAtLook(0)).isCloseTo(1.960, within(0.001));
        assertThat(policy.criticalZAtLook(1)).isCloseTo(2.241, within(0.001));
        assertThat(policy.criticalZAtLook(2)).isCloseTo(2.498, within(0.001));
        // looks come at 100, 200, 400 … visitors in the smaller arm (TAILOR_ROLLOUT_MIN_VISITORS = 100)
        assertThat(policy.lookReached(new Arm(150, 0), new Arm(900, 0))).isZero();
        assertThat(policy.lookReached(new Arm(200, 0), new Arm(900, 0))).isEqualTo(1);
        assertThat(policy.lookReached(new Arm(450, 0), new Arm(900, 0))).isEqualTo(2);
    }

    @Test
    void aLookAlreadySpentIsNotTestedAgainOnTheSameData() {
        // z ≈ −2.1: beyond the first look's 1.96, so it rolls back when the look is due ...
        Arm treatment = new Arm(110, 4);
        Arm control = new Arm(900, 90);
        assertThat(policy.judge(at5, treatment, control, 2 * MIN).action()).isEqualTo(Action.ROLL_BACK);
        // ... but once look 1 was spent on earlier, better data, the same numbers wait for look 2
        var verdict = policy.judge(at5.looked(1), treatment, control, 2 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.looks()).isEqualTo(1);
        // and they are not promoted either, even after the stage time: not clear of a decline
        var later = policy.judge(at5.looked(1), treatment, control, 30 * MIN);
        assertThat(later.action()).isEqualTo(Action.HOLD);
        assertThat(later.reason()).contains("waiting for more visitors before promoting");
    }

    @Test
    void aStageThatLooksClearlyWorseIsNotPromotedOnTooFewVisitorsToProveIt() {
        // 8% vs 12%: far from significant (z ≈ −1.19), but a third below the control group's rate
        var verdict = policy.judge(at5, new Arm(100, 8), new Arm(1000, 120), 30 * MIN);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.reason()).contains("waiting for more visitors before promoting");
        // within TAILOR_ROLLOUT_MAX_DROP (10%) of the control group's rate it is promoted
        assertThat(policy.judge(at5, new Arm(100, 11), new Arm(1000, 120), 30 * MIN).action()).isEqualTo(Action.PROMOTE);
    }

    @Test
    void aHarmlessVariantIsRarelyRolledBackHoweverOftenItIsChecked() {
        // 2,000 simulated stages of a variant that converts exactly like the original (10%), each checked
        // after every 20 new visitors up to 4,000: the share rolled back stays within the 5% budget
        java.util.Random random = new java.util.Random(1);
        int rolledBack = 0;
        for (int stage = 0; stage < 2_000; stage++) {
            Rollout r = at5;
            int tv = 0, tc = 0, cv = 0, cc = 0;
            for (int visitor = 0; visitor < 4_000; visitor++) {
                if (visitor % 5 == 0) { tv++; tc += random.nextDouble() < 0.10 ? 1 : 0; }
                else { cv++; cc += random.nextDouble() < 0.10 ? 1 : 0; }
                if (visitor % 20 == 19) {
                    var verdict = policy.judge(r, new Arm(tv, tc), new Arm(cv, cc), 0); // stage time never reached
                    if (verdict.action() == Action.ROLL_BACK) {
                        rolledBack++;
                        break;
                    }
                    r = r.looked(verdict.looks());
                }
            }
        }
        assertThat(rolledBack / 2_000.0).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aHandfulOfVisitorsNeverRollsBack() {
        // each of these is "significant" by the z-test alone; none is evidence
        assertThat(policy.judge(at5, new Arm(1, 0), new Arm(40, 30), 30 * MIN).action()).isEqualTo(Action.HOLD);
        assertThat(policy.judge(at5, new Arm(2, 0), new Arm(2, 2), 30 * MIN).action()).isEqualTo(Action.HOLD);
        assertThat(policy.judge(at5, new Arm(11, 0), new Arm(200, 40), 30 * MIN).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void aSmallDipIsNotEnoughToRollBack() {
        var verdict = policy.judge(at5, new Arm(120, 10), new Arm(900, 90), 11 * MIN);
        assertThat(verdict.action()).isNotEqualTo(Action.ROLL_BACK);
    }

    @Test
    void finishedRolloutsAreLeftAlone() {
        Rollout done = at5.promotedTo(100, true, 0, "complete");
        assertThat(policy.judge(done, new Arm(1000, 0), new Arm(1000, 500), MIN).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void theComparisonReportsLiftAndAnIntervalThatContainsTheDifference() {
        var c = RolloutPolicy.compare(new Arm(1000, 120), new Arm(1000, 100));
        assertThat(c.lift()).isCloseTo(0.2, within(1e-9));
        assertThat(c.difference()).isCloseTo(0.02, within(1e-9));
        assertThat(c.low()).isLessThan(0.02);
        assertThat(c.high()).isGreaterThan(0.02);
        assertThat(c.z()).isCloseTo(1.43, within(0.01));
        assertThat(RolloutPolicy.compare(new Arm(10, 1), new Arm(10, 0)).lift()).isNull();
    }

    @Test
    void theCriticalValueMatchesTheNormalTable() {
        assertThat(RolloutPolicy.inverseNormal(0.95)).isCloseTo(1.6449, within(1e-4));
        assertThat(RolloutPolicy.inverseNormal(0.99)).isCloseTo(2.3263, within(1e-4));
        assertThat(RolloutPolicy.inverseNormal(0.5)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void stagesAreConfigurableAndCheckedAtTheBoundary() {
        assertThat(TailorConfig.from(Map.of("TAILOR_ROLLOUT_STAGES", "10, 50,100")).rollout().stages()).isEqualTo(List.of(10, 50, 100));
        for (String bad : List.of("5,25", "25,5,100", "0,100", "5,x,100", "5,25,101")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailorConfig.from(Map.of("TAILOR_ROLLOUT_STAGES", bad)))
                    .hasMessageContaining("TAILOR_ROLLOUT_STAGES=" + bad).hasMessageContaining("ending at 100");
        }
    }
}
